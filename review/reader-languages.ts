// Which languages a reviewer reads, and so into which languages scripts are rendered beside their sentences.

/** The workspace languages; a reviewer who chose none is taken to read both. */
const WORKSPACE_LANGUAGES = ['de', 'en'] as const;

/**
 * The languages a reviewer reads. Until reviewers declare their reading languages this is their workspace language
 * (`users.locale`), else both workspace languages; every caller goes through here, so that is the one place to swap.
 */
export function readingLanguages(reviewer: { locale?: string | null }): string[] {
  return reviewer.locale ? [reviewer.locale] : [...WORKSPACE_LANGUAGES];
}

/**
 * The languages scripts are back-translated into: those every active reviewer reads, in a stable order; with no
 * reviewer yet, both workspace languages (a reviewer added later still finds the script rendered).
 */
export function backTranslationTargets(reviewers: readonly { locale?: string | null }[]): string[] {
  const all = reviewers.length === 0 ? [...WORKSPACE_LANGUAGES] : reviewers.flatMap(readingLanguages);
  return [...new Set(all)].sort();
}
