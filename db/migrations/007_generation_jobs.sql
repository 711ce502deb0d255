-- Generation ledger for model video providers: one paid provider job per generation key, with the campaign's
-- budget reserved before submission and settled from the provider's reported seconds.
CREATE TABLE generation_jobs (
  -- SHA-256 of (approved script, scene, provider, model, size, seconds, prompt and settings).
  key               text PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
  campaign_id       text NOT NULL REFERENCES campaigns(id),
  segment_id        text NOT NULL,
  provider          text NOT NULL,
  model             text NOT NULL,
  job_id            text,
  -- 'reserved': budget held, job not yet accepted by the provider; 'failed' entries hold no budget.
  status            text NOT NULL CHECK (status IN ('reserved', 'submitted', 'completed', 'failed')),
  reserved_seconds  double precision NOT NULL CHECK (reserved_seconds >= 0),
  billed_seconds    double precision CHECK (billed_seconds >= 0),
  error             text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX generation_jobs_campaign ON generation_jobs (campaign_id, status);

-- Which video provider and model made a video (NULL for videos rendered before providers were wired: local).
ALTER TABLE videos ADD COLUMN video_provider text;
ALTER TABLE videos ADD COLUMN video_model text;
