// A segment's current script with what a reviewer needs beside it: cited claims and sources, findings, versions.
import { listBackTranslations } from '../db/back-translation-repo.ts';
import { claimSha256, getCampaign, getSegment, listCampaignClaims } from '../db/campaign-repo.ts';
import { listScriptVersions, type ScriptVersionRow } from '../db/script-repo.ts';
import { sideBySide } from '../scripts/translation/side-by-side.ts';
import type { SideBySide } from '../shared/back-translation.ts';
import { isClaimCurrent } from '../shared/claims.ts';
import { segmentWorkflowId } from '../shared/task-queues.ts';
import { scriptClaimIds } from '../shared/text.ts';
import { variantFor, variantOf, type VariantSpec } from '../shared/variants.ts';
import type { Claim, ClaimSource } from '../shared/types.ts';
import { reviewStateQuery, type ReviewState } from '../workflows/messages.ts';
import type { ServiceDeps } from './deps.ts';

export interface CitedClaim {
  id: string;
  text?: string;
  source?: ClaimSource;
  status?: string;
  usable?: boolean;
  missing?: true;
  /** Further approved wordings in the segment's language, which a reviewer's edit may ask for. */
  shortText?: string;
  alternatives?: string[];
  myth?: { text: string; whyWrong: string };
}

export interface ScriptView {
  campaignId: string;
  segmentId: string;
  segment?: {
    label: string;
    language: string;
    readingLevel: string;
    size: number;
    concerns: string[];
    profile?: unknown;
  };
  review?: ReviewState;
  /**
   * Set when the script is variant B of a segment: its name, the segment, what was asked of it, and what it says
   * differently in the script's language (its own call to action, the wording it replaces).
   */
  variant?: { name: string; of: string; instruction?: string; callToAction?: string; wording?: string[] };
  current: ScriptVersionRow;
  claims: CitedClaim[];
  /** Pre-review findings, then the drift findings of the back-translations into the reader's languages. */
  findings: ScriptVersionRow['findings'];
  /**
   * The script beside its rendering in each language the reader reads that is not the script's: claim wordings,
   * back-translations, or "not back-translated". Empty when the reader reads the script's language.
   */
  sideBySide: SideBySide[];
  versions: { sha256: string; round: number; provider: string; createdAt: Date }[];
}

/** What the review page says of variant B: its name and segment, the instruction, B's own words in `lang`. */
function variantShown(variant: VariantSpec, of: string, lang: string): NonNullable<ScriptView['variant']> {
  const wording = Object.keys(variant.wording?.[lang] ?? {});
  const callToAction = variant.callToAction?.[lang];
  return {
    name: variant.name,
    of,
    ...(variant.instruction ? { instruction: variant.instruction } : {}),
    ...(callToAction ? { callToAction } : {}),
    ...(wording.length > 0 ? { wording } : {}),
  };
}

/**
 * Loads the view for a reader of `readers` (review/reader-languages.ts), or undefined when the segment has no script
 * yet. Renderings come from the database only: back-translation ran when the version was drafted.
 */
export async function loadScriptView(
  { pool, temporal }: Pick<ServiceDeps, 'pool' | 'temporal'>,
  campaignId: string,
  segmentId: string,
  readers: readonly string[] = [],
): Promise<ScriptView | undefined> {
  const versions = await listScriptVersions(pool, campaignId, segmentId);
  if (versions.length === 0) return undefined;
  // The workflow knows which version is under review; without a running workflow the newest version is current.
  const review = await temporal.workflow
    .getHandle(segmentWorkflowId(campaignId, segmentId))
    .query(reviewStateQuery)
    .catch(() => undefined);
  const current = versions.find((v) => v.sha256 === review?.scriptSha256) ?? versions.at(-1)!;
  const [claims, segment, backTranslations, campaign] = await Promise.all([
    listCampaignClaims(pool, campaignId),
    getSegment(pool, campaignId, segmentId),
    listBackTranslations(pool, current.sha256),
    getCampaign(pool, campaignId),
  ]);
  const variant = campaign && variantFor(campaign.brief, segmentId);
  const today = new Date().toISOString().slice(0, 10);
  const lang = current.script.language;
  const cited = scriptClaimIds(current.script).map((id): CitedClaim => {
    const claim = claims.find((cl) => cl.id === id);
    return claim
      ? {
          id,
          text: claim.text[lang],
          source: claim.source,
          status: claim.status,
          usable: isClaimCurrent(claim, today),
          ...otherWordings(claim, lang),
        }
      : { id, missing: true };
  });
  const foreign = [...new Set(readers)].filter((l) => l !== lang);
  const stored = (l: string) => backTranslations.find((b) => b.language === l);
  const drift = foreign.flatMap((l) => (stored(l)?.status === 'done' ? stored(l)!.findings : []));
  return {
    campaignId,
    segmentId,
    segment: segment && {
      label: segment.label,
      language: segment.language,
      readingLevel: segment.readingLevel,
      size: segment.size,
      concerns: segment.concerns,
      profile: segment.profile,
    },
    review,
    ...(variant ? { variant: variantShown(variant, variantOf(segmentId).baseId, current.script.language) } : {}),
    current,
    claims: cited,
    findings: [...current.findings, ...drift],
    sideBySide: foreign.map((l) => sideBySide(current.script, claims, l, claimSha256, stored(l))),
    versions: versions.map((v) => ({ sha256: v.sha256, round: v.round, provider: v.provider, createdAt: v.createdAt })),
  };
}

/** A claim's short text, alternatives and myth in one language, only those it has. */
function otherWordings(claim: Claim, lang: string): Pick<CitedClaim, 'shortText' | 'alternatives' | 'myth'> {
  const shortText = claim.shortText?.[lang];
  const alternatives = claim.alternatives?.[lang];
  const myth = claim.myth?.text[lang];
  const whyWrong = claim.myth?.whyWrong[lang];
  return {
    ...(shortText ? { shortText } : {}),
    ...(alternatives?.length ? { alternatives } : {}),
    ...(myth && whyWrong ? { myth: { text: myth, whyWrong } } : {}),
  };
}
