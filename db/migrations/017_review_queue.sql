-- The review queue as rows: one per segment whose script or video waits for a medical reviewer, written by the
-- activities that record the state change, in the same statement or transaction. Queue, dashboard and campaign pages
-- read it with a fixed number of queries per page instead of asking each segment's workflow.
CREATE TABLE review_queue (
  campaign_id         text NOT NULL,
  segment_id          text NOT NULL,
  -- What waits: the script version, or the rendered video of the approved script.
  stage               text NOT NULL CHECK (stage IN ('script', 'video')),
  -- When it started waiting: the queue's order, oldest first (ties broken by campaign and segment id).
  waiting_since       timestamptz NOT NULL,
  -- The review round of the script stage; for the video stage, the round that approved the script.
  round               integer NOT NULL,
  script_sha256       text,
  -- Pre-review findings of that script version, by severity.
  blocking            integer NOT NULL DEFAULT 0,
  warnings            integer NOT NULL DEFAULT 0,
  video_sha256        text,
  video_attempt       integer,
  generation_key      text,
  -- Lead reviewers were alerted: the script waited past the campaign's escalation time.
  escalated           boolean NOT NULL DEFAULT false,
  approvals_required  integer NOT NULL DEFAULT 1,
  -- The segment's language, here so the queue's language filter needs no join.
  language            text NOT NULL,
  PRIMARY KEY (campaign_id, segment_id),
  FOREIGN KEY (campaign_id, segment_id) REFERENCES segments(campaign_id, id) ON DELETE CASCADE
);
-- The queue's order and its keyset pagination: (waiting_since, campaign_id, segment_id) > cursor.
CREATE INDEX review_queue_order ON review_queue (waiting_since, campaign_id, segment_id);

-- The version the pre-review checks ran on last is the one that goes to review (a redraft may repeat older content).
ALTER TABLE script_versions ADD COLUMN checked_at timestamptz;

-- A segment's newest render (the one in video review), and a campaign's videos, without reading every video.
CREATE INDEX videos_by_segment ON videos (campaign_id, segment_id, created_at DESC);

-- The dashboard lists campaigns newest first, a page at a time.
CREATE INDEX campaigns_by_created ON campaigns (created_at DESC, id DESC);

-- Segments waiting now, from what is stored: since their row last changed; a render already decided is not waiting.
INSERT INTO review_queue (campaign_id, segment_id, stage, waiting_since, round, script_sha256, blocking, warnings,
                          video_sha256, video_attempt, generation_key, approvals_required, language)
SELECT s.campaign_id, s.id,
       CASE s.status WHEN 'VIDEO_REVIEW' THEN 'video' ELSE 'script' END,
       s.updated_at,
       coalesce((SELECT max(d.round) FROM review_decisions d WHERE d.campaign_id = s.campaign_id AND d.segment_id = s.id), 0)
         + CASE s.status WHEN 'VIDEO_REVIEW' THEN 0 ELSE 1 END,
       coalesce(v.script_sha256, sv.sha256),
       coalesce((SELECT count(*) FROM jsonb_array_elements(sv.findings) f WHERE f->>'severity' = 'blocking'), 0),
       coalesce((SELECT count(*) FROM jsonb_array_elements(sv.findings) f WHERE f->>'severity' = 'warning'), 0),
       v.video_sha256,
       CASE WHEN v.generation_key IS NULL THEN NULL ELSE
         coalesce((SELECT max(r.attempt) FROM video_reviews r WHERE r.campaign_id = s.campaign_id AND r.segment_id = s.id), 0) + 1 END,
       v.generation_key,
       coalesce((c.brief #>> '{review,approvalsRequired}')::int, 1),
       s.language
  FROM segments s
  JOIN campaigns c ON c.id = s.campaign_id
  LEFT JOIN LATERAL (SELECT * FROM videos x WHERE x.campaign_id = s.campaign_id AND x.segment_id = s.id
                      ORDER BY x.created_at DESC, x.generation_key LIMIT 1) v ON s.status = 'VIDEO_REVIEW'
  LEFT JOIN LATERAL (SELECT * FROM script_versions x WHERE x.campaign_id = s.campaign_id AND x.segment_id = s.id
                      ORDER BY x.created_at DESC, x.sha256 LIMIT 1) sv ON s.status = 'IN_REVIEW'
 WHERE s.status IN ('IN_REVIEW', 'VIDEO_REVIEW')
   AND NOT (s.status = 'VIDEO_REVIEW' AND EXISTS
         (SELECT 1 FROM video_reviews r WHERE r.campaign_id = s.campaign_id AND r.segment_id = s.id
             AND r.generation_key = v.generation_key));

-- Counts kept beside the rows they count, by triggers, so they change in the same transaction as the rows: the
-- dashboard reads a page of campaigns' counts and the queue its totals without counting thousands of rows per request.
CREATE TABLE segment_status_counts (
  campaign_id  text NOT NULL,
  status       text NOT NULL,
  n            integer NOT NULL,
  PRIMARY KEY (campaign_id, status)
);
CREATE TABLE review_queue_counts (
  campaign_id  text NOT NULL,
  language     text NOT NULL,
  escalated    boolean NOT NULL,
  n            integer NOT NULL,
  PRIMARY KEY (campaign_id, language, escalated)
);

-- A move takes the two count rows' locks in key order (the lower status first), so two segments of one campaign moving
-- in opposite directions at once (IN_REVIEW → DRAFTING, DRAFTING → IN_REVIEW) cannot deadlock on them.
CREATE FUNCTION count_segment_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.campaign_id, NEW.status) < (OLD.campaign_id, OLD.status) THEN
    INSERT INTO segment_status_counts AS k (campaign_id, status, n) VALUES (NEW.campaign_id, NEW.status, 1)
    ON CONFLICT (campaign_id, status) DO UPDATE SET n = k.n + 1;
    UPDATE segment_status_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND status = OLD.status;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE segment_status_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND status = OLD.status;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO segment_status_counts AS k (campaign_id, status, n) VALUES (NEW.campaign_id, NEW.status, 1)
    ON CONFLICT (campaign_id, status) DO UPDATE SET n = k.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER segments_counted AFTER INSERT OR DELETE ON segments
  FOR EACH ROW EXECUTE FUNCTION count_segment_statuses();
CREATE TRIGGER segments_recounted AFTER UPDATE OF status, campaign_id ON segments
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id)
  EXECUTE FUNCTION count_segment_statuses();

CREATE FUNCTION count_review_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- As above: the lower key's row first.
  IF TG_OP = 'UPDATE' AND (NEW.campaign_id, NEW.language, NEW.escalated) < (OLD.campaign_id, OLD.language, OLD.escalated) THEN
    INSERT INTO review_queue_counts AS k (campaign_id, language, escalated, n)
    VALUES (NEW.campaign_id, NEW.language, NEW.escalated, 1)
    ON CONFLICT (campaign_id, language, escalated) DO UPDATE SET n = k.n + 1;
    UPDATE review_queue_counts SET n = n - 1
     WHERE campaign_id = OLD.campaign_id AND language = OLD.language AND escalated = OLD.escalated;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE review_queue_counts SET n = n - 1
     WHERE campaign_id = OLD.campaign_id AND language = OLD.language AND escalated = OLD.escalated;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO review_queue_counts AS k (campaign_id, language, escalated, n)
    VALUES (NEW.campaign_id, NEW.language, NEW.escalated, 1)
    ON CONFLICT (campaign_id, language, escalated) DO UPDATE SET n = k.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER review_queue_counted AFTER INSERT OR DELETE ON review_queue
  FOR EACH ROW EXECUTE FUNCTION count_review_queue();
CREATE TRIGGER review_queue_recounted AFTER UPDATE OF campaign_id, language, escalated ON review_queue
  FOR EACH ROW WHEN ((OLD.campaign_id, OLD.language, OLD.escalated) IS DISTINCT FROM
                     (NEW.campaign_id, NEW.language, NEW.escalated))
  EXECUTE FUNCTION count_review_queue();

INSERT INTO segment_status_counts (campaign_id, status, n)
SELECT campaign_id, status, count(*) FROM segments GROUP BY campaign_id, status;
INSERT INTO review_queue_counts (campaign_id, language, escalated, n)
SELECT campaign_id, language, escalated, count(*) FROM review_queue GROUP BY campaign_id, language, escalated;
