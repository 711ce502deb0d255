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

-- The dashboard counts a page of campaigns' segments per status from the index alone.
CREATE INDEX segments_by_status ON segments (campaign_id, status);
