// The custom search attributes klartext's workflows set, so the Temporal Web UI and `temporal workflow list --query`
// filter runs by campaign, segment, stage, language and status. Imported by workflow code: no Node APIs here.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

export const SEARCH_ATTRIBUTES = {
  /** The campaign a run belongs to (every klartext workflow). */
  campaign: defineSearchAttributeKey('KlartextCampaign', SearchAttributeType.KEYWORD),
  /** The segment a segment run works on. */
  segment: defineSearchAttributeKey('KlartextSegment', SearchAttributeType.KEYWORD),
  /** Where a segment stands: DRAFTING, IN_REVIEW, RENDERING, VIDEO_REVIEW, PUBLISHING, PUBLISHED, FAILED, … */
  stage: defineSearchAttributeKey('KlartextStage', SearchAttributeType.KEYWORD),
  /** The segment's language (BCP 47 tag). */
  language: defineSearchAttributeKey('KlartextLanguage', SearchAttributeType.KEYWORD),
  /** Where a campaign run stands: RUNNING, PAUSED, COMPLETED, CANCELLED. */
  status: defineSearchAttributeKey('KlartextStatus', SearchAttributeType.KEYWORD),
} as const;

/** Every key, for registering them with a Temporal namespace. */
export const SEARCH_ATTRIBUTE_KEYS = Object.values(SEARCH_ATTRIBUTES);

/** The attributes a run of `campaignId` starts with (`segment` and `language` for a segment run). */
export function startAttributes(
  campaignId: string,
  extra: { segmentId?: string; language?: string; status?: string } = {},
): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [{ key: SEARCH_ATTRIBUTES.campaign, value: campaignId }];
  if (extra.segmentId) pairs.push({ key: SEARCH_ATTRIBUTES.segment, value: extra.segmentId });
  if (extra.language) pairs.push({ key: SEARCH_ATTRIBUTES.language, value: extra.language });
  if (extra.status) pairs.push({ key: SEARCH_ATTRIBUTES.status, value: extra.status });
  return pairs;
}
