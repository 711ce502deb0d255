// Reader sign-offs (language reviewers, test readers), written by the segment workflow's activity; read by the pages.
import type { ReaderSignOff } from '../shared/reader-sign-offs.ts';
import type { Queryable } from './pool.ts';
import { insertOnce, listForSegment, type SignOffTable } from './sign-off-table.ts';

/** A reader sign-off as stored: the workflow's record, where, and the SHA-256 over what was signed. */
export interface ReaderSignOffRecord extends ReaderSignOff {
  campaignId: string;
  segmentId: string;
  contentSha256: string;
}

const READER_SIGN_OFFS: SignOffTable<ReaderSignOffRecord> = {
  table: 'reader_sign_offs',
  columns: {
    campaignId: 'campaign_id',
    segmentId: 'segment_id',
    round: 'round',
    kind: 'kind',
    reviewerId: 'reviewer_id',
    reviewerName: 'reviewer_name',
    role: 'role',
    language: 'language',
    scriptSha256: 'script_sha256',
    meaning: 'meaning',
    comment: 'comment',
    contentSha256: 'content_sha256',
    signedAt: 'signed_at',
  },
  order: 'round, signed_at, kind, reviewer_id',
  times: ['signedAt'],
};

/** Records a sign-off once per (segment, round, kind, reviewer); false when a retried activity already did. */
export function recordReaderSignOff(db: Queryable, record: ReaderSignOffRecord): Promise<boolean> {
  return insertOnce(db, READER_SIGN_OFFS, record);
}

/** Every reader sign-off on a segment, oldest first; those on other versions than the current one no longer count. */
export function listReaderSignOffs(db: Queryable, campaignId: string, segmentId: string) {
  return listForSegment(db, READER_SIGN_OFFS, campaignId, segmentId);
}
