-- Video review: a reviewer accepts the rendered video (a signature over its bytes) or asks for a re-render.
CREATE TABLE video_reviews (
  campaign_id      text NOT NULL,
  segment_id       text NOT NULL,
  attempt          integer NOT NULL CHECK (attempt > 0),
  reviewer_id      text NOT NULL,
  reviewer_name    text NOT NULL,
  role             text NOT NULL,
  decision         text NOT NULL CHECK (decision IN ('ACCEPTED', 'RERENDER_REQUESTED')),
  comment          text NOT NULL DEFAULT '',
  video_sha256     text NOT NULL CHECK (video_sha256 ~ '^[0-9a-f]{64}$'),
  script_sha256    text NOT NULL,
  generation_key   text NOT NULL,
  -- Set on acceptances: what the signature means and the hash over exactly what was signed.
  meaning          text,
  content_sha256   text,
  decided_at       timestamptz NOT NULL,
  -- A retried activity records a decision once.
  PRIMARY KEY (campaign_id, segment_id, attempt, reviewer_id)
);
