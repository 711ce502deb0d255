// A campaign's script variants compared on their published outcomes: completion rates with 95 % Wilson intervals.
import { getCampaign, listSegments } from '../db/campaign-repo.ts';
import { listCampaignOutcomesPage, segmentationK, type OutcomeRow } from '../db/outcome-repo.ts';
import type { Queryable } from '../db/pool.ts';
import { DEFAULT_K } from '../segments/segment-table.ts';
import { publishOutcomes } from '../shared/outcomes.ts';
import { compareVariants, type SegmentVariantComparison } from '../shared/variant-comparison.ts';
import { isVaried, variantOf, variantSegmentId, type CampaignVariants } from '../shared/variants.ts';
import { ApiError } from './errors.ts';

/** What `GET /api/campaigns/:id/variants` answers: no winner, the two rates with their intervals per segment. */
export interface CampaignVariantComparison {
  k: number;
  variants: SegmentVariantComparison[];
  /** Variant B as the brief names it, and how the campaign splits A from B; null without variants. */
  b: { name: string; split: CampaignVariants['split'] } | null;
}

/** Rows per query while reading the varied segments' outcomes. */
const ROWS_PAGE = 1000;

/** Every outcome row of `segmentIds`, a page at a time (usually one query). */
async function outcomeRowsOf(db: Queryable, campaignId: string, segmentIds: readonly string[]): Promise<OutcomeRow[]> {
  if (segmentIds.length === 0) return [];
  const rows: OutcomeRow[] = [];
  let page = await listCampaignOutcomesPage(db, campaignId, { segmentIds, limit: ROWS_PAGE });
  rows.push(...page.rows);
  while (page.next) {
    page = await listCampaignOutcomesPage(db, campaignId, { segmentIds, after: page.next, limit: ROWS_PAGE });
    rows.push(...page.rows);
  }
  return rows;
}

/**
 * The comparison of the varied segments among `segmentIds` (both variants' rows are read whichever of the two is
 * named), or of every varied segment of the campaign when `segmentIds` is absent.
 *
 * @throws ApiError 404 when the campaign does not exist.
 */
export async function campaignVariants(
  db: Queryable,
  campaignId: string,
  segmentIds?: readonly string[],
): Promise<CampaignVariantComparison> {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
  const variants = campaign.brief.variants;
  const k = (await segmentationK(db, campaignId)) ?? DEFAULT_K;
  const b = variants ? { name: variants.b.name, split: variants.split } : null;
  if (!variants) return { k, variants: [], b };
  const named = segmentIds ?? (await listSegments(db, campaignId)).map((s) => s.id);
  const bases = [...new Set(named.map((id) => variantOf(id).baseId))].filter((id) => isVaried(variants, id));
  const rows = await outcomeRowsOf(db, campaignId, [...bases, ...bases.map(variantSegmentId)]);
  return { k, variants: compareVariants(publishOutcomes(rows, k), bases), b };
}
