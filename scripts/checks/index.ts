// Pre-review checks: everything a script must pass before a medical reviewer spends time on it.
import type { Claim, ReadingLevel, Script, Segment } from '../../shared/types.ts';
import { checksData, type ChecksData } from './data.ts';
import { checkEasyLanguage } from './easy-language.ts';
import { type Finding, hasBlocking, sortFindings } from './findings.ts';
import { checkGrounding } from './grounding.ts';
import { checkReadability } from './readability-check.ts';
import { checkMyths, checkRepetition, checkSegmentFit } from './segment-fit.ts';
import { checkStructure } from './structure.ts';
import { checkWording } from './wording.ts';

export type { Finding, Severity } from './findings.ts';
export { hasBlocking };

/** Input of {@link runChecks}. */
export interface RunChecksInput {
  script: Script;
  /** The segment's language (ISO 639-1): narration, cited claims and word lists must all be in it. */
  segmentLanguage: string;
  /** The segment's reading level; the readability targets and speaking rate depend on it. */
  readingLevel: ReadingLevel;
  /** The claims library; cited claims are looked up here and must be current on `today`. */
  claims: readonly Claim[];
  /** `YYYY-MM-DD`, the day claim validity is judged on. */
  today: string;
  /**
   * The campaign's approved call to action in the segment's language. Sentences that contain it need no claim, and a
   * script whose own call to action differs gets a warning. Default: the script's own `callToAction`.
   */
  callToAction?: string;
  /** The segment's concerns and tags: cited claims must answer one of its concerns and suit its audience. */
  segment?: Pick<Segment, 'concerns' | 'tags'>;
}

/**
 * Runs every pre-review check and returns its findings, blocking first, then by scene and sentence.
 *
 * Severity policy — blocking findings trigger a redraft (or, when redrafts run out, are shown to reviewers first):
 * - grounding: a sentence with a number, medical term or risk statement and no claim; a citation of an unknown,
 *   withdrawn, expired or not-yet-valid claim or of one without text in the segment's language: blocking. A cited
 *   sentence that does not say the claim's text verbatim: warning (a reviewer must compare the paraphrase).
 * - wording: absolute safety promises and stigmatising labels blocking, fear appeals warning (see wording.ts).
 * - readability: a missed target is a warning, because approved claims are quoted verbatim and their readability is
 *   the claim author's responsibility; blocking only when the script's own sentences miss it by more than the
 *   margin in readability-targets.yaml.
 * - structure: empty call to action or AI disclosure, a declared or detected language other than the segment's, and
 *   a total length outside 30–90 s are blocking; a scene overrunning its planned duration, a call to action that
 *   differs from the campaign's, and a detected language close to the expected one are warnings; a call to action
 *   that is not spoken and an undetermined language are info.
 * - fit (with `segment`): a cited claim that answers none of the segment's concerns or is meant for other
 *   audiences: blocking. A myth stated without a fact of its claim before and after it: blocking. A repeated
 *   on-screen heading or question: warning.
 * - easy language (segments reading `easy`, Leichte Sprache): every narrated sentence against the rules of
 *   easy-language.ts. In the provider's own sentences length, numbers as words, passive, genitive and subjunctive
 *   are blocking; one statement per sentence and long compounds (heuristics) and negation are warnings. In approved
 *   text said verbatim (claim wordings, the campaign's call to action) every breach is a warning, negation info.
 *   Only German has the grammar rules; other languages get the language-neutral ones and an info saying so.
 * - a language without word lists cannot be checked for ungrounded statements: blocking.
 */
export function runChecks(input: RunChecksInput, data: ChecksData = checksData()): Finding[] {
  const { script, segmentLanguage: language, readingLevel, claims, today } = input;
  const callToAction = input.callToAction ?? script.callToAction;
  const unsupported: Finding[] = data.languages.includes(language)
    ? []
    : [
        {
          code: 'checks-unsupported-language',
          severity: 'blocking',
          message: `The checks have no word lists for '${language}' (supported: ${data.languages.join(', ')}).`,
          suggestion: `Add scripts/checks/data/wording/${language}.yaml and medical-terms/${language}.yaml.`,
        },
      ];
  return sortFindings([
    ...unsupported,
    ...checkGrounding({ script, language, claims, today, callToAction }, data),
    ...checkWording(script, language, data),
    ...checkReadability({ script, language, readingLevel, claims }, data),
    ...checkStructure({ script, segmentLanguage: language, readingLevel, callToAction }, data),
    ...(input.segment ? checkSegmentFit({ script, language, claims, segment: input.segment }) : []),
    ...checkMyths({ script, language, claims }),
    ...checkRepetition(script),
    ...(readingLevel === 'easy' ? checkEasyLanguage({ script, language, claims, callToAction }, data) : []),
  ]);
}
