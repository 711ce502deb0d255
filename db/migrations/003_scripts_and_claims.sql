-- Script provenance and pre-review findings per version; the diff to the previous version for reviewers.
ALTER TABLE script_versions ADD COLUMN model text;
ALTER TABLE script_versions ADD COLUMN usage jsonb;
ALTER TABLE script_versions ADD COLUMN findings jsonb NOT NULL DEFAULT '[]';
ALTER TABLE script_versions ADD COLUMN round integer NOT NULL DEFAULT 1;
ALTER TABLE script_versions ADD COLUMN previous_sha256 text;
ALTER TABLE script_versions ADD COLUMN diff jsonb;

-- The claims library: every imported version is kept; the newest import of an id is its current version.
CREATE INDEX claim_versions_by_id_time ON claim_versions (id, imported_at DESC);
