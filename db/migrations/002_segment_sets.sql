-- Segmentation per campaign, versioned: the spec used, where the data came from (hash only), and the published
-- aggregates with their privacy report. Raw rows are never stored.

ALTER TABLE campaigns ADD CONSTRAINT campaigns_status_check
  CHECK (status IN ('DRAFT', 'RUNNING', 'COMPLETED', 'CANCELLED'));

CREATE TABLE segment_sets (
  campaign_id    text NOT NULL REFERENCES campaigns(id),
  version        integer NOT NULL CHECK (version > 0),
  source_name    text NOT NULL,
  source_sha256  text NOT NULL,
  spec_sha256    text NOT NULL,
  spec           jsonb NOT NULL,
  result         jsonb NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, version)
);

-- The aggregate profile behind a pipeline segment (dimensions, population, concern shares, message strategy).
ALTER TABLE segments ADD COLUMN profile jsonb;
ALTER TABLE segments ADD COLUMN segment_set_version integer;

-- The segmentation spec (and optional strategy overrides) a campaign's uploads are built with, as the YAML text the
-- manager sent, so file:line in its error messages keeps meaning something.
ALTER TABLE campaigns ADD COLUMN segmentation jsonb;
