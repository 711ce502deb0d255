// Generation ledger: a rendered video per generation key, reused instead of rendered twice.
import type { FfmpegInfo } from '../shared/manifest.ts';
import type { NarrationInfo } from '../shared/narration.ts';
import type { RenditionFile } from '../shared/renditions.ts';
import type { Queryable } from './pool.ts';

export interface VideoRecord {
  campaignId: string;
  segmentId: string;
  generationKey: string;
  scriptSha256: string;
  videoPath: string;
  videoSha256: string;
  durationSeconds: number;
  captionsPath: string;
  manifestPath?: string;
  manifestSha256?: string;
  /** The model video service and model that made the footage; absent for the local slide renderer. */
  videoProvider?: string;
  videoModel?: string;
  /** What spoke the narration (engine, version, voices); absent for videos rendered before it was recorded. */
  narration?: NarrationInfo;
  /** The ffmpeg that encoded it; absent for videos rendered before it was recorded. */
  ffmpeg?: FfmpegInfo;
  /** Further renditions (other frame formats, open captions), each with the path of its file; absent: none. */
  renditions?: StoredRendition[];
}

/** A rendition as the ledger keeps it: what the manifest states, plus where the file is on klartext's disk. */
export interface StoredRendition extends RenditionFile {
  path: string;
}

function toRecord(row: Record<string, unknown>): VideoRecord {
  return {
    campaignId: row.campaign_id as string,
    segmentId: row.segment_id as string,
    generationKey: row.generation_key as string,
    scriptSha256: row.script_sha256 as string,
    videoPath: row.video_path as string,
    videoSha256: row.video_sha256 as string,
    durationSeconds: row.duration_seconds as number,
    captionsPath: row.captions_path as string,
    manifestPath: (row.manifest_path as string | null) ?? undefined,
    manifestSha256: (row.manifest_sha256 as string | null) ?? undefined,
    videoProvider: (row.video_provider as string | null) ?? undefined,
    videoModel: (row.video_model as string | null) ?? undefined,
    narration: (row.narration as NarrationInfo | null) ?? undefined,
    ffmpeg: (row.ffmpeg as FfmpegInfo | null) ?? undefined,
    ...(row.renditions ? { renditions: row.renditions as StoredRendition[] } : {}),
  };
}

export async function findVideo(db: Queryable, generationKey: string): Promise<VideoRecord | undefined> {
  const r = await db.query(`SELECT * FROM videos WHERE generation_key = $1`, [generationKey]);
  return r.rows[0] && toRecord(r.rows[0]);
}

/** Records a finished render; a concurrent duplicate keeps the first row, which is returned. */
export async function saveVideo(db: Queryable, v: VideoRecord): Promise<VideoRecord> {
  await db.query(
    `INSERT INTO videos (campaign_id, segment_id, generation_key, script_sha256, video_path, video_sha256,
       duration_seconds, captions_path, video_provider, video_model, narration, ffmpeg, renditions)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT DO NOTHING`,
    [
      v.campaignId,
      v.segmentId,
      v.generationKey,
      v.scriptSha256,
      v.videoPath,
      v.videoSha256,
      v.durationSeconds,
      v.captionsPath,
      v.videoProvider ?? null,
      v.videoModel ?? null,
      v.narration ? JSON.stringify(v.narration) : null,
      v.ffmpeg ? JSON.stringify(v.ffmpeg) : null,
      v.renditions?.length ? JSON.stringify(v.renditions) : null,
    ],
  );
  return (await findVideo(db, v.generationKey)) as VideoRecord;
}

export async function setVideoManifest(db: Queryable, generationKey: string, path: string, sha256: string) {
  await db.query(`UPDATE videos SET manifest_path = $2, manifest_sha256 = $3 WHERE generation_key = $1`, [
    generationKey,
    path,
    sha256,
  ]);
}

/** Videos of a campaign, one per segment (the latest); only those of `segmentIds` when given. */
export async function listCampaignVideos(
  db: Queryable,
  campaignId: string,
  segmentIds?: readonly string[],
): Promise<VideoRecord[]> {
  const r = await db.query(
    `SELECT DISTINCT ON (segment_id) * FROM videos
      WHERE campaign_id = $1 AND ($2::text[] IS NULL OR segment_id = ANY($2::text[]))
      ORDER BY segment_id, created_at DESC`,
    [campaignId, segmentIds ?? null],
  );
  return r.rows.map(toRecord);
}

/** The generation key of the campaign's newest video with these bytes, if any. */
export async function latestGenerationKey(
  db: Queryable,
  campaignId: string,
  videoSha256: string,
): Promise<string | undefined> {
  const r = await db.query(
    `SELECT generation_key FROM videos WHERE campaign_id = $1 AND video_sha256 = $2 ORDER BY created_at DESC LIMIT 1`,
    [campaignId, videoSha256],
  );
  return r.rows[0]?.generation_key;
}

/** Where the renders of a segment with this SHA-256 were written (normally one path): main videos and renditions. */
export async function videoPathsBySha256(
  db: Queryable,
  campaignId: string,
  segmentId: string,
  sha256: string,
): Promise<string[]> {
  const r = await db.query(
    `SELECT video_path AS path FROM videos WHERE campaign_id = $1 AND segment_id = $2 AND video_sha256 = $3
     UNION ALL
     SELECT rendition->>'path' FROM videos, jsonb_array_elements(renditions) AS rendition
      WHERE campaign_id = $1 AND segment_id = $2 AND renditions @> jsonb_build_array(jsonb_build_object('sha256', $3::text))
        AND rendition->>'sha256' = $3`,
    [campaignId, segmentId, sha256],
  );
  return r.rows.map((row) => row.path as string);
}
