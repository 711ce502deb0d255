// A claim's approved wordings in one language: what a sentence citing it may say, fact or myth.
import type { Claim } from '../shared/types.ts';

/** The wordings that state the claim's fact: its text, its short text, then its alternatives (non-empty only). */
export function factWordings(claim: Claim, language: string): string[] {
  const all = [claim.text[language], claim.shortText?.[language], ...(claim.alternatives?.[language] ?? [])];
  return all.filter((w): w is string => Boolean(w?.trim()));
}

/** Every approved wording a sentence citing the claim may say: the facts, the myth and why it is wrong. */
export function approvedWordings(claim: Claim, language: string): string[] {
  const myth = [claim.myth?.text[language], claim.myth?.whyWrong[language]].filter((w): w is string =>
    Boolean(w?.trim()),
  );
  return [...factWordings(claim, language), ...myth];
}
