-- Claim withdrawal reaching work in flight: a segment's current script, sign-offs voided (kept, not deleted),
-- segments sent back, the "sent back" notification, and each withdrawal cascade with its outcome.

-- The script version the segment workflow is working on (in review, approved, rendered): what a withdrawal checks.
ALTER TABLE segments ADD COLUMN script_sha256 text;

-- A sign-off voided because a claim it rested on was withdrawn: the record stays, marked, for the audit trail.
ALTER TABLE review_decisions ADD COLUMN voided_at timestamptz;
ALTER TABLE review_decisions ADD COLUMN void_reason text;
ALTER TABLE signatures ADD COLUMN voided_at timestamptz;
ALTER TABLE signatures ADD COLUMN void_reason text;
ALTER TABLE video_reviews ADD COLUMN voided_at timestamptz;
ALTER TABLE video_reviews ADD COLUMN void_reason text;

-- Reviewers are told when a script they were reviewing is sent back.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('review.reminder', 'review.escalated', 'review.expired', 'review.sent-back'));

-- One row per segment round sent back because a claim it cites was withdrawn (blocked: no claim answers a concern).
CREATE TABLE segment_send_backs (
  campaign_id    text NOT NULL,
  segment_id     text NOT NULL,
  round          integer NOT NULL,
  claim_id       text NOT NULL,
  script_sha256  text NOT NULL,
  reason         text NOT NULL,
  blocked_concern text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  -- A retried activity sends a round back once.
  PRIMARY KEY (campaign_id, segment_id, round, claim_id)
);

-- One withdrawal cascade per withdrawn claim version (its workflow id); `outcome` is set once, when it finished.
CREATE TABLE claim_withdrawals (
  workflow_id    text PRIMARY KEY,
  claim_id       text NOT NULL,
  claim_sha256   text NOT NULL,
  reason         text NOT NULL,
  actor          text NOT NULL,
  planned        jsonb,
  outcome        jsonb,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
CREATE INDEX claim_withdrawals_by_claim ON claim_withdrawals (claim_id, started_at DESC);
