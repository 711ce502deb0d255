// Which languages a reviewer reads, and so into which languages scripts are rendered beside their sentences.
import { readsLanguages } from '../shared/reader-sign-offs.ts';

/** The workspace languages; a reviewer who chose none is taken to read both. */
const WORKSPACE_LANGUAGES = ['de', 'en'] as const;

/** A reviewer as far as their reading matters: the languages recorded for them and their workspace language. */
export interface Reader {
  languages?: readonly string[];
  locale?: string | null;
}

/**
 * The languages a reviewer reads: those recorded for them (`klartext users languages`), else their workspace language
 * (`users.locale`), else both workspace languages — the same rule the sign-off policy applies.
 */
export function readingLanguages(reviewer: Reader): string[] {
  return readsLanguages(reviewer);
}

/**
 * The languages scripts are back-translated into: those every active reviewer reads, in a stable order; with no
 * reviewer yet, both workspace languages (a reviewer added later still finds the script rendered).
 */
export function backTranslationTargets(reviewers: readonly Reader[]): string[] {
  const all = reviewers.length === 0 ? [...WORKSPACE_LANGUAGES] : reviewers.flatMap(readingLanguages);
  return [...new Set(all)].sort();
}
