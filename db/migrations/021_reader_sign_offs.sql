-- Language reviewers and test readers: the languages each user reads, and their sign-offs bound to a script version.

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (
  'campaign_manager', 'medical_reviewer', 'lead_reviewer', 'language_reviewer', 'test_reader', 'admin', 'channel'));

-- Two-letter codes of the languages a user reads; empty: their workspace locale (else German and English) for
-- medical reviewers, and none for language reviewers, who cannot sign off until an admin records theirs.
ALTER TABLE users ADD COLUMN languages text[] NOT NULL DEFAULT '{}';

-- One row per reader sign-off (a language reviewer's or a test reader's), a signature over one script version. A
-- later version needs new ones: rows of earlier versions stay for the record, and no longer count.
CREATE TABLE reader_sign_offs (
  campaign_id    text NOT NULL,
  segment_id     text NOT NULL,
  round          integer NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('language', 'test-reading')),
  reviewer_id    text NOT NULL,
  reviewer_name  text NOT NULL,
  role           text NOT NULL,
  language       text NOT NULL,
  script_sha256  text NOT NULL,
  meaning        text NOT NULL,
  comment        text NOT NULL DEFAULT '',
  content_sha256 text NOT NULL,
  signed_at      timestamptz NOT NULL,
  -- A retried activity records a sign-off once.
  PRIMARY KEY (campaign_id, segment_id, round, kind, reviewer_id),
  FOREIGN KEY (campaign_id, segment_id) REFERENCES segments(campaign_id, id)
);
