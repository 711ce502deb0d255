-- What spoke a video's narration: engine, its version, binary or package, and the voice per language
-- (NULL for videos rendered before narration was recorded).
ALTER TABLE videos ADD COLUMN narration jsonb;
