-- A video's further renditions (other frame formats, open captions): id, size, file, path and SHA-256 of each, as a
-- JSON array; NULL for a video rendered in its main format only. The index finds the video a rendition belongs to
-- from the rendition's SHA-256 (the public video check).
ALTER TABLE videos ADD COLUMN renditions jsonb;
CREATE INDEX videos_renditions_idx ON videos USING gin (renditions jsonb_path_ops);

-- The renditions a channel takes (e.g. ["portrait-open-captions"]); NULL: the main video only.
ALTER TABLE channels ADD COLUMN renditions jsonb;
