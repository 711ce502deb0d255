// The review queue's rows: written with each state change by the recording activities, read a page at a time.
import type { Queryable } from './pool.ts';

const WAITING = `$3::text IN ('IN_REVIEW', 'VIDEO_REVIEW')`;

/**
 * Moves a segment to `status` and keeps its review-queue row in step, in one statement (so atomic on any connection):
 * entering script or video review adds the row with what the queue shows (the version checked last, its findings,
 * the newest render), any other status removes it. Repeating the same move (a retried activity) keeps the time it
 * started waiting.
 */
export async function moveSegment(db: Queryable, campaignId: string, segmentId: string, status: string): Promise<void> {
  await db.query(
    `WITH moved AS (
       UPDATE segments SET status = $3, updated_at = now() WHERE campaign_id = $1 AND id = $2
       RETURNING campaign_id, id, language
     ), done AS (
       DELETE FROM review_queue q USING moved m
        WHERE q.campaign_id = m.campaign_id AND q.segment_id = m.id AND NOT ${WAITING}
     )
     INSERT INTO review_queue AS q (campaign_id, segment_id, stage, waiting_since, round, script_sha256, blocking,
                                    warnings, video_sha256, video_attempt, generation_key, approvals_required, language)
     SELECT m.campaign_id, m.id, CASE $3::text WHEN 'VIDEO_REVIEW' THEN 'video' ELSE 'script' END, now(),
            CASE $3::text WHEN 'VIDEO_REVIEW' THEN decided.round ELSE greatest(sv.round, decided.round + 1) END,
            coalesce(v.script_sha256, sv.sha256),
            coalesce((SELECT count(*) FROM jsonb_array_elements(sv.findings) f WHERE f->>'severity' = 'blocking'), 0),
            coalesce((SELECT count(*) FROM jsonb_array_elements(sv.findings) f WHERE f->>'severity' = 'warning'), 0),
            v.video_sha256,
            CASE WHEN v.generation_key IS NULL THEN NULL ELSE
              coalesce((SELECT max(r.attempt) FROM video_reviews r
                         WHERE r.campaign_id = m.campaign_id AND r.segment_id = m.id), 0) + 1 END,
            v.generation_key,
            coalesce((c.brief #>> '{review,approvalsRequired}')::int, 1),
            m.language
       FROM moved m
       JOIN campaigns c ON c.id = m.campaign_id
       CROSS JOIN LATERAL (SELECT coalesce(max(d.round), 0) AS round FROM review_decisions d
                            WHERE d.campaign_id = m.campaign_id AND d.segment_id = m.id) decided
       LEFT JOIN LATERAL (SELECT * FROM videos x WHERE x.campaign_id = m.campaign_id AND x.segment_id = m.id
                           ORDER BY x.created_at DESC, x.generation_key LIMIT 1) v ON $3::text = 'VIDEO_REVIEW'
       -- The version checked last went to review; before checks were timed, the newest one.
       LEFT JOIN LATERAL (SELECT * FROM script_versions x WHERE x.campaign_id = m.campaign_id AND x.segment_id = m.id
                           ORDER BY x.checked_at DESC NULLS LAST, x.created_at DESC, x.sha256 LIMIT 1) sv
              ON $3::text = 'IN_REVIEW'
      WHERE ${WAITING}
     ON CONFLICT (campaign_id, segment_id) DO UPDATE SET
       waiting_since = CASE WHEN (q.stage, q.round, q.script_sha256, q.generation_key)
                                 IS NOT DISTINCT FROM (EXCLUDED.stage, EXCLUDED.round, EXCLUDED.script_sha256,
                                                       EXCLUDED.generation_key)
                            THEN q.waiting_since ELSE EXCLUDED.waiting_since END,
       escalated = CASE WHEN (q.stage, q.round) = (EXCLUDED.stage, EXCLUDED.round) THEN q.escalated ELSE false END,
       stage = EXCLUDED.stage, round = EXCLUDED.round, script_sha256 = EXCLUDED.script_sha256,
       blocking = EXCLUDED.blocking, warnings = EXCLUDED.warnings, video_sha256 = EXCLUDED.video_sha256,
       video_attempt = EXCLUDED.video_attempt, generation_key = EXCLUDED.generation_key,
       approvals_required = EXCLUDED.approvals_required, language = EXCLUDED.language`,
    [campaignId, segmentId, status],
  );
}

/**
 * Takes a script round off the queue once its decisions settle it (a rejection or change request, or enough
 * approvals), as the workflow will; call in the transaction that records the decision. A round still short of
 * approvals stays.
 */
export async function closeDecidedRound(
  tx: Queryable,
  key: { campaignId: string; segmentId: string; round: number },
): Promise<void> {
  await tx.query(
    `DELETE FROM review_queue q
      WHERE q.campaign_id = $1 AND q.segment_id = $2 AND q.stage = 'script' AND q.round = $3
        AND (SELECT count(*) FILTER (WHERE d.decision <> 'APPROVED') > 0
                 OR count(*) FILTER (WHERE d.decision = 'APPROVED') >= q.approvals_required
               FROM review_decisions d
              WHERE d.campaign_id = q.campaign_id AND d.segment_id = q.segment_id AND d.round = q.round)`,
    [key.campaignId, key.segmentId, key.round],
  );
}

/** Takes a render off the queue: one decision (acceptance or re-render request) settles a video. */
export async function closeDecidedRender(
  tx: Queryable,
  key: { campaignId: string; segmentId: string; generationKey: string },
): Promise<void> {
  await tx.query(
    `DELETE FROM review_queue WHERE campaign_id = $1 AND segment_id = $2 AND stage = 'video' AND generation_key = $3`,
    [key.campaignId, key.segmentId, key.generationKey],
  );
}

/** Marks a waiting script round escalated to lead reviewers. */
export async function markEscalated(
  tx: Queryable,
  key: { campaignId: string; segmentId: string; round: number },
): Promise<void> {
  await tx.query(
    `UPDATE review_queue SET escalated = true
      WHERE campaign_id = $1 AND segment_id = $2 AND stage = 'script' AND round = $3`,
    [key.campaignId, key.segmentId, key.round],
  );
}
