-- Foundation schema: campaigns, their segments (aggregates only), claims, script versions, reviews, videos, deliveries.

CREATE TABLE campaigns (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  title       text NOT NULL,
  brief       jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'DRAFT',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Segments hold aggregates only: a label, a size and concern names; never a respondent row.
CREATE TABLE segments (
  campaign_id    text NOT NULL REFERENCES campaigns(id),
  id             text NOT NULL,
  label          text NOT NULL,
  language       text NOT NULL,
  reading_level  text NOT NULL,
  size           integer NOT NULL CHECK (size > 0),
  concerns       jsonb NOT NULL,
  tags           jsonb NOT NULL,
  status         text NOT NULL DEFAULT 'PENDING',
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, id)
);

-- Claim versions are immutable: a changed text is a new row with a new content hash.
CREATE TABLE claim_versions (
  id           text NOT NULL,
  sha256       text NOT NULL,
  data         jsonb NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, sha256)
);

CREATE TABLE campaign_claims (
  campaign_id   text NOT NULL REFERENCES campaigns(id),
  claim_id      text NOT NULL,
  claim_sha256  text NOT NULL,
  PRIMARY KEY (campaign_id, claim_id),
  FOREIGN KEY (claim_id, claim_sha256) REFERENCES claim_versions(id, sha256)
);

-- Script versions are immutable and content-addressed: reviewers sign the sha256. The same text in two campaigns
-- is two versions, each with its own review.
CREATE TABLE script_versions (
  sha256         text NOT NULL,
  campaign_id    text NOT NULL,
  segment_id     text NOT NULL,
  script         jsonb NOT NULL,
  provider       text NOT NULL,
  template_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, segment_id, sha256),
  FOREIGN KEY (campaign_id, segment_id) REFERENCES segments(campaign_id, id)
);

CREATE TABLE users (
  id            text PRIMARY KEY,
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('campaign_manager', 'medical_reviewer', 'lead_reviewer', 'admin', 'channel')),
  token_sha256  text NOT NULL UNIQUE,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per decision; the unique key makes a retried activity record it once.
CREATE TABLE review_decisions (
  campaign_id    text NOT NULL,
  segment_id     text NOT NULL,
  script_sha256  text NOT NULL,
  round          integer NOT NULL,
  reviewer_id    text NOT NULL REFERENCES users(id),
  reviewer_name  text NOT NULL,
  decision       text NOT NULL CHECK (decision IN ('APPROVED', 'CHANGES_REQUESTED', 'REJECTED')),
  comment        text NOT NULL DEFAULT '',
  decided_at     timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, segment_id, round, reviewer_id)
);

-- Generation ledger: one rendered video per (campaign, segment, approved script, renderer settings).
CREATE TABLE videos (
  campaign_id       text NOT NULL,
  segment_id        text NOT NULL,
  generation_key    text NOT NULL,
  script_sha256     text NOT NULL,
  video_path        text NOT NULL,
  video_sha256      text NOT NULL,
  duration_seconds  double precision NOT NULL,
  captions_path     text NOT NULL,
  manifest_path     text,
  manifest_sha256   text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (generation_key)
);

-- Delivery ledger: the deterministic id is the receiver's idempotency key (webhook-id).
CREATE TABLE deliveries (
  id                text PRIMARY KEY,
  campaign_id       text NOT NULL,
  segment_id        text NOT NULL,
  channel_id        text NOT NULL,
  event_type        text NOT NULL,
  video_sha256      text NOT NULL,
  status            text NOT NULL CHECK (status IN ('pending', 'delivering', 'delivered', 'failed', 'disabled')),
  attempts          integer NOT NULL DEFAULT 0,
  last_status_code  integer,
  last_error        text,
  delivered_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, segment_id, channel_id, event_type, video_sha256)
);

CREATE TABLE delivery_attempts (
  delivery_id  text NOT NULL REFERENCES deliveries(id),
  attempt      integer NOT NULL,
  status_code  integer,
  latency_ms   integer NOT NULL,
  error        text,
  at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (delivery_id, attempt)
);
