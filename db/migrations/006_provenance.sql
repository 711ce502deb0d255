-- Signed provenance manifests by video hash, and whether the agency still endorses each video.
CREATE TABLE provenance (
  video_sha256  text PRIMARY KEY CHECK (video_sha256 ~ '^[0-9a-f]{64}$'),
  campaign_id   text NOT NULL,
  segment_id    text NOT NULL,
  manifest      jsonb NOT NULL,
  key_id        text NOT NULL,
  status        text NOT NULL DEFAULT 'endorsed' CHECK (status IN ('endorsed', 'retracted', 'replaced')),
  status_reason text,
  -- The video that superseded this one, when status is 'replaced'.
  replaced_by   text CHECK (replaced_by IS NULL OR replaced_by ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX provenance_segment ON provenance (campaign_id, segment_id);
