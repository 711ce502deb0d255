// Claim validity and fit, one rule for every layer: a withdrawn or expired claim can never be used.
import type { Claim, Segment } from './types.ts';

/** True when a claim is active and `today` (`YYYY-MM-DD`) lies within its optional validity dates, inclusive. */
export function isClaimCurrent(claim: Claim, today: string): boolean {
  if (claim.status !== 'active') return false;
  return (!claim.validFrom || claim.validFrom <= today) && (!claim.validUntil || today <= claim.validUntil);
}

/** The segment concerns a claim answers, most pressing first. */
export function concernsAnswered(claim: Claim, segment: Pick<Segment, 'concerns'>): string[] {
  return segment.concerns.filter((c) => claim.topics.includes(c));
}

/** True when a claim is meant for the segment's audience: it names no audiences, or one of the segment's tags. */
export function fitsAudience(claim: Claim, segment: Pick<Segment, 'tags'>): boolean {
  return !claim.audiences?.length || claim.audiences.some((tag) => segment.tags.includes(tag));
}

/** True when a claim may appear in the segment's script: it answers one of its concerns and fits its audience. */
export function isForSegment(claim: Claim, segment: Pick<Segment, 'concerns' | 'tags'>): boolean {
  return concernsAnswered(claim, segment).length > 0 && fitsAudience(claim, segment);
}

/**
 * The segment's concerns that `withdrawn` answered and no other usable claim (current, in the segment's language,
 * for its audience) answers: a script without the withdrawn claim would leave them unanswered.
 */
export function concernsLeftUnanswered(
  withdrawn: Claim,
  remaining: readonly Claim[],
  segment: Pick<Segment, 'concerns' | 'tags' | 'language'>,
  today: string,
): string[] {
  const usable = remaining.filter(
    (c) =>
      c.id !== withdrawn.id &&
      isClaimCurrent(c, today) &&
      Boolean(c.text[segment.language]?.trim()) &&
      isForSegment(c, segment),
  );
  return concernsAnswered(withdrawn, segment).filter((concern) => !usable.some((c) => c.topics.includes(concern)));
}

/** Why a claim's wording in a language may not be narrated: no text, or no current approval of it as a translation. */
export type WordingProblem = 'no-text' | 'not-approved' | 'stale';

/**
 * Whether a claim has an approved wording in `language`: its source language, or a translation whose record names a
 * source text that is still the claim's (`sha256Of` hashes a text; passed in so this stays workflow-safe). Claims
 * stored before translations were recorded (no `sourceLanguage`) keep every text approved, as they were approved then.
 */
export function wordingProblem(
  claim: Pick<Claim, 'text' | 'sourceLanguage' | 'translations'>,
  language: string,
  sha256Of: (text: string) => string,
): WordingProblem | undefined {
  if (!claim.text[language]?.trim()) return 'no-text';
  if (claim.sourceLanguage === undefined || claim.sourceLanguage === language) return undefined;
  const translation = claim.translations?.[language];
  if (!translation) return 'not-approved';
  const source = claim.text[translation.from.language];
  const sha = translation.from.sha256.toLowerCase();
  return source !== undefined && sha.length >= 12 && sha256Of(source).startsWith(sha) ? undefined : 'stale';
}

/** One sentence naming the claim, the language and what to do, for findings and file warnings alike. */
export function describeWordingProblem(claimId: string, language: string, problem: WordingProblem): string {
  if (problem === 'no-text') return `claim '${claimId}' has no text in '${language}'`;
  if (problem === 'not-approved') {
    return `claim '${claimId}' has no approved wording in '${language}': its '${language}' text has no translation approval (translations.${language} in claims.yaml)`;
  }
  return `claim '${claimId}' has no current approved wording in '${language}': the source text changed since its translation was approved (translations.${language}.from.sha256); have the translation checked and approved again`;
}
