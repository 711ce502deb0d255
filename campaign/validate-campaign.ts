// Cross-file checks before launch: every segment can get a script (call to action + grounded claims in its language).
import { isClaimCurrent } from '../shared/claims.ts';
import { InputError } from '../shared/errors.ts';
import { textProblem } from '../shared/text-guard.ts';
import type { CampaignBrief, Claim, Segment } from '../shared/types.ts';

/** Options for {@link checkCoverage}. */
export interface CoverageOptions {
  /** Segment id → line in the segments file (from `parseSegmentTableWithLines`); without it errors name line 1. */
  lines?: ReadonlyMap<string, number>;
  /** The day to check claim validity on, `YYYY-MM-DD` (default: today, UTC). */
  today?: string;
}

/**
 * Checks that every segment's label is one line without bidi controls, and that every segment has a call to action in its language and at least one current claim in that language
 * answering one of its concerns.
 * @throws InputError listing every uncovered segment, each with the segments file's path and line.
 */
export function checkCoverage(
  brief: CampaignBrief,
  segments: readonly Segment[],
  claims: readonly Claim[],
  opts: CoverageOptions = {},
): void {
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const current = claims.filter((c) => isClaimCurrent(c, today));
  const problems: string[] = [];
  for (const segment of segments) {
    const where = `${brief.segmentsFile}:${opts.lines?.get(segment.id) ?? 1}:1`;
    const lang = segment.language;
    // The label is shown to reviewers and managers: a bidi control could make it read as another segment's.
    const labelProblem = textProblem(segment.label, 'name');
    if (labelProblem) problems.push(`${where}: segment '${segment.id}': the label ${labelProblem}`);
    if (!brief.callToAction[lang]) {
      problems.push(
        `${where}: segment '${segment.id}' is in '${lang}' but the campaign has no callToAction.${lang}; add one to the campaign file`,
      );
    }
    const answered = current.some((c) => c.text[lang] && c.topics.some((t) => segment.concerns.includes(t)));
    if (!answered) {
      problems.push(
        `${where}: segment '${segment.id}': no active claim in '${lang}' answers any of its concerns ` +
          `(${segment.concerns.join(', ')}); add a '${lang}' text to a claim with one of these topics, or change the concerns`,
      );
    }
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
}
