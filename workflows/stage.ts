// A segment's stage, written where people look: its row in the database (queue, dashboard, campaign page) and the
// run's search attributes, so the Temporal Web UI and `temporal workflow list --query` filter by it.
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { SegmentStatus } from '../shared/types.ts';
import { SEARCH_ATTRIBUTES } from '../shared/search-attributes.ts';
import { bookkeepingStore } from './activities.ts';

/** Records the stage in the database, then on the run (with its campaign and segment, which a child starts without). */
export async function setStage(input: {
  campaignId: string;
  segmentId: string;
  status: SegmentStatus;
  scriptSha256?: string;
}): Promise<void> {
  await bookkeepingStore().setSegmentStatus(input);
  upsertSearchAttributes([
    { key: SEARCH_ATTRIBUTES.campaign, value: input.campaignId },
    { key: SEARCH_ATTRIBUTES.segment, value: input.segmentId },
    { key: SEARCH_ATTRIBUTES.stage, value: input.status },
  ]);
}

/** The segment's language, once a draft has told it. */
export function setLanguage(language: string | undefined): void {
  if (language) upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.language, value: language }]);
}

/** Where the campaign run stands, for KlartextStatus: RUNNING, PAUSED, COMPLETED or CANCELLED. */
export function setCampaignStatus(status: 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'CANCELLED'): void {
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: status }]);
}
