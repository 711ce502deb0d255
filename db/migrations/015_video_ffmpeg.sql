-- Which ffmpeg encoded a video: its version and where it came from (system, configured, imageio-ffmpeg or npm);
-- NULL for videos rendered before it was recorded.
ALTER TABLE videos ADD COLUMN ffmpeg jsonb;
