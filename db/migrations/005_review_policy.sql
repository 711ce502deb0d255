-- Who launched a campaign (never its reviewer), review notifications, and signatures bound to content hashes.
ALTER TABLE campaigns ADD COLUMN created_by text;

CREATE TABLE notifications (
  id           bigserial PRIMARY KEY,
  campaign_id  text NOT NULL,
  segment_id   text NOT NULL,
  round        integer NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('review.reminder', 'review.escalated', 'review.expired')),
  recipients   text NOT NULL CHECK (recipients IN ('medical_reviewer', 'lead_reviewer', 'campaign_manager')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- A retried activity notifies once.
  UNIQUE (campaign_id, segment_id, round, kind)
);

-- A signature: who, in what role, when, meaning what, over exactly which script version and claim set.
CREATE TABLE signatures (
  campaign_id      text NOT NULL,
  segment_id       text NOT NULL,
  round            integer NOT NULL,
  reviewer_id      text NOT NULL,
  reviewer_name    text NOT NULL,
  role             text NOT NULL,
  meaning          text NOT NULL,
  script_sha256    text NOT NULL,
  claim_set_sha256 text NOT NULL,
  content_sha256   text NOT NULL,
  signed_at        timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, segment_id, round, reviewer_id)
);
