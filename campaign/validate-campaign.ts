// Cross-file checks before launch: every segment can get a script (call to action + grounded claims in its language).
import { createHash } from 'node:crypto';
import {
  describeWordingProblem,
  fitsAudience,
  isClaimCurrent,
  isForSegment,
  wordingProblem,
} from '../shared/claims.ts';
import { textProblem } from '../shared/text-guard.ts';
import type { CampaignBrief, Claim, Segment } from '../shared/types.ts';
import type { Problem } from './problems.ts';
import { problemsError } from './problems.ts';
import type { Position } from './yaml-source.ts';

/** Options for {@link checkCoverage} and {@link crossFileProblems}. */
export interface CoverageOptions {
  /** Segment id → line in the segments file (from `parseSegmentTableWithLines`); without it errors name line 1. */
  lines?: ReadonlyMap<string, number>;
  /** The day to check claim validity on, `YYYY-MM-DD` (default: today, UTC). */
  today?: string;
  /** Where a field of the campaign file is written (from its parsed source); without it problems name line 1. */
  campaignAt?: (path: readonly PropertyKey[]) => Position;
  /** The campaign file's path, for problems about its fields. */
  campaignFile?: string;
}

/** Errors (launch is refused) and warnings (a default is used) found across the three files. */
export interface CrossFileFindings {
  problems: Problem[];
  warnings: Problem[];
}

/**
 * Checks the three files together: each segment's label is one line without bidi controls, its language has a call
 * to action, and each of its concerns is answered by a current claim in its language meant for its audience; each
 * concern's myth names a current claim answering it with the myth in every language of the segments listing it.
 * Warns (a default is used) when no tag of a segment has an audience phrase in its language, when a concern has
 * no heading in a language that needs one, and when the campaign words a concern no segment lists.
 */
export function crossFileProblems(
  brief: CampaignBrief,
  segments: readonly Segment[],
  claims: readonly Claim[],
  opts: CoverageOptions = {},
): CrossFileFindings {
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const current = claims.filter((c) => isClaimCurrent(c, today));
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const campaignFile = opts.campaignFile ?? 'campaign.yaml';
  const inCampaign = (path: readonly PropertyKey[], message: string): Problem => ({
    file: campaignFile,
    ...(opts.campaignAt?.(path) ?? { line: 1, column: 1 }),
    message,
  });
  for (const segment of segments) {
    const at = { file: brief.segmentsFile, line: opts.lines?.get(segment.id) ?? 1, column: 1 };
    const lang = segment.language;
    // The label is shown to reviewers and managers: a bidi control could make it read as another segment's.
    const labelProblem = textProblem(segment.label, 'name');
    if (labelProblem) problems.push({ ...at, message: `segment '${segment.id}': the label ${labelProblem}` });
    if (!brief.callToAction[lang]) {
      const message = `segment '${segment.id}' is in '${lang}' but the campaign has no callToAction.${lang}; add one to the campaign file`;
      problems.push({ ...at, message });
    }
    for (const concern of segment.concerns) {
      const answers = (c: Claim) => c.text[lang] && c.topics.includes(concern) && fitsAudience(c, segment);
      if (!current.some(answers)) {
        const message =
          `segment '${segment.id}': no current claim in '${lang}' answers its concern '${concern}'; ` +
          `add a text in '${lang}' to a claim with topic '${concern}' meant for its tags, or remove '${concern}' from its concerns`;
        problems.push({ ...at, message });
      }
    }
    warnings.push(...unapprovedWordings(segment, current).map((message) => ({ ...at, message })));
    if (!segment.tags.some((tag) => brief.audiences?.[tag]?.[lang])) {
      const tags = segment.tags.length > 0 ? `none of its tags (${segment.tags.join(', ')}) has` : 'it has no tag with';
      const message =
        `segment '${segment.id}': ${tags} an audience phrase in '${lang}', so videos name the group by its label; ` +
        `add audiences.<tag>.${lang} to the campaign file`;
      warnings.push({ ...at, message });
    }
  }
  problems.push(...mythProblems(brief, segments, current, claims, inCampaign));
  problems.push(...variantSegmentProblems(brief, segments, inCampaign));
  warnings.push(...headingWarnings(brief, segments, inCampaign));
  return { problems, warnings };
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Claims meant for a segment whose text in its language is not an approved (or no longer a current) translation:
 * scripts citing them get a blocking finding. The message gives the source text's hash an approval must record.
 */
function unapprovedWordings(segment: Segment, current: readonly Claim[]): string[] {
  const lang = segment.language;
  return current.flatMap((c) => {
    const problem = c.text[lang] && isForSegment(c, segment) ? wordingProblem(c, lang, sha256Hex) : undefined;
    if (!problem || problem === 'no-text') return [];
    const from = c.translations?.[lang]?.from.language ?? c.sourceLanguage!;
    const sha = c.text[from] === undefined ? '' : `; the ${from} text's SHA-256 is ${sha256Hex(c.text[from])}`;
    return [
      `segment '${segment.id}': ${describeWordingProblem(c.id, lang, problem)}${sha}; scripts citing it get a blocking finding`,
    ];
  });
}

type CampaignProblem = (path: readonly PropertyKey[], message: string) => Problem;

/** Languages of the segments listing each concern. */
function languagesByConcern(segments: readonly Segment[]): Map<string, Set<string>> {
  const byConcern = new Map<string, Set<string>>();
  for (const s of segments) {
    for (const c of s.concerns) byConcern.set(c, (byConcern.get(c) ?? new Set()).add(s.language));
  }
  return byConcern;
}

function mythProblems(
  brief: CampaignBrief,
  segments: readonly Segment[],
  current: readonly Claim[],
  claims: readonly Claim[],
  inCampaign: CampaignProblem,
): Problem[] {
  const problems: Problem[] = [];
  const languages = languagesByConcern(segments);
  for (const [concern, wording] of Object.entries(brief.concerns ?? {})) {
    if (wording.myth === undefined) continue;
    const path = ['concerns', concern, 'myth'];
    const id = wording.myth;
    const claim = current.find((c) => c.id === id);
    if (!claim) {
      const why = claims.some((c) => c.id === id)
        ? 'is withdrawn or out of its validity dates'
        : 'is not in the claims file';
      problems.push(inCampaign(path, `concerns.${concern}.myth: claim '${id}' ${why}; name a current claim`));
      continue;
    }
    if (!claim.topics.includes(concern)) {
      const message = `concerns.${concern}.myth: claim '${id}' does not answer '${concern}'; add '${concern}' to its topics or name another claim`;
      problems.push(inCampaign(path, message));
    }
    if (!claim.myth) {
      const message = `concerns.${concern}.myth: claim '${id}' has no myth; add myth.text and myth.whyWrong to it in the claims file`;
      problems.push(inCampaign(path, message));
      continue;
    }
    for (const lang of languages.get(concern) ?? []) {
      if (claim.myth.text[lang] && claim.myth.whyWrong[lang]) continue;
      const message =
        `concerns.${concern}.myth: claim '${id}' has no myth in '${lang}', which a segment listing '${concern}' speaks; ` +
        `add myth.text.${lang} and myth.whyWrong.${lang} to the claim`;
      problems.push(inCampaign(path, message));
    }
  }
  return problems;
}

/** Segments `variants.segments` names that the segments file does not have. */
function variantSegmentProblems(
  brief: CampaignBrief,
  segments: readonly Segment[],
  inCampaign: CampaignProblem,
): Problem[] {
  const ids = new Set(segments.map((s) => s.id));
  return (brief.variants?.segments ?? []).flatMap((id, i) =>
    ids.has(id)
      ? []
      : [
          inCampaign(
            ['variants', 'segments', i],
            `variants.segments: no segment '${id}' in the segments file; use an id from its segment_id column`,
          ),
        ],
  );
}

function headingWarnings(brief: CampaignBrief, segments: readonly Segment[], inCampaign: CampaignProblem): Problem[] {
  const warnings: Problem[] = [];
  const languages = languagesByConcern(segments);
  for (const [concern, langs] of languages) {
    for (const lang of langs) {
      if (brief.concerns?.[concern]?.heading?.[lang]) continue;
      const message = `concern '${concern}' has no heading in '${lang}', so its scene gets a generic heading; add concerns.${concern}.heading.${lang} to the campaign file`;
      warnings.push(inCampaign(['concerns', concern, 'heading'], message));
    }
  }
  for (const concern of Object.keys(brief.concerns ?? {})) {
    if (languages.has(concern)) continue;
    const message = `concerns.${concern}: no segment lists '${concern}', so this is never used; check the spelling against the segments file`;
    warnings.push(inCampaign(['concerns', concern], message));
  }
  return warnings;
}

/**
 * The errors of {@link crossFileProblems}: what must hold before any segment starts.
 * @throws InputError listing every problem, each with its file's path and line.
 */
export function checkCoverage(
  brief: CampaignBrief,
  segments: readonly Segment[],
  claims: readonly Claim[],
  opts: CoverageOptions = {},
): void {
  const { problems } = crossFileProblems(brief, segments, claims, opts);
  if (problems.length > 0) throw problemsError(problems);
}
