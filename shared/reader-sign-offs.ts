// Sign-offs by readers of the script's language and audience, required by a campaign's policy before an approval counts.

/** Each reader sign-off and the role that gives it: a language reviewer per language, a test reader for easy scripts. */
export const READER_SIGN_OFFS = { language: 'language_reviewer', 'test-reading': 'test_reader' } as const;
export type ReaderSignOffKind = keyof typeof READER_SIGN_OFFS;

/** What each sign-off means: the words signed, recorded with it. `{language}` is the script's language. */
export const READER_MEANINGS: Record<ReaderSignOffKind, string> = {
  language: 'the script reads fluently in {language} and fits its audience in culture and register',
  'test-reading': 'test readers from the target group read the script and understood it',
};

/** When a language needs a language reviewer: always, or when the approving medical reviewer does not read it. */
export type LanguageReviewRule = 'always' | 'unread';

/** `review.signOffs` in campaign.yaml. */
export interface SignOffPolicy {
  /** Language (or `*` for every other) → rule; default `*: unread`. */
  languageReview?: Record<string, LanguageReviewRule>;
  /** Reading levels whose scripts need a test reader's sign-off; default `[easy]`. */
  testReading?: string[];
}

/** What one script needs, resolved from the policy for its segment's language and reading level. */
export interface SignOffRequirement {
  language: string;
  readingLevel: string;
  languageReview: LanguageReviewRule;
  testReading: boolean;
}

/** A reader sign-off as the segment workflow keeps it: bound to one script version. */
export interface ReaderSignOff {
  kind: ReaderSignOffKind;
  reviewerId: string;
  reviewerName: string;
  role: string;
  language: string;
  scriptSha256: string;
  round: number;
  meaning: string;
  comment: string;
  signedAt: string;
}

/** The policy's requirement for a script in `language` at `readingLevel`. */
export function resolveSignOffs(
  policy: SignOffPolicy | undefined,
  language: string,
  readingLevel: string,
): SignOffRequirement {
  const rules = policy?.languageReview ?? {};
  return {
    language,
    readingLevel,
    languageReview: rules[language] ?? rules['*'] ?? 'unread',
    testReading: (policy?.testReading ?? ['easy']).includes(readingLevel),
  };
}

/** The sign-offs still missing before an approval by someone reading `approverLanguages` counts. */
export function missingSignOffs(
  required: SignOffRequirement,
  approverLanguages: readonly string[] | undefined,
  given: readonly Pick<ReaderSignOff, 'kind' | 'language'>[],
): ReaderSignOffKind[] {
  const needsLanguage = required.languageReview === 'always' || !(approverLanguages ?? []).includes(required.language);
  const has = (kind: ReaderSignOffKind) =>
    given.some((s) => s.kind === kind && (kind !== 'language' || s.language === required.language));
  return [
    ...(needsLanguage && !has('language') ? (['language'] as const) : []),
    ...(required.testReading && !has('test-reading') ? (['test-reading'] as const) : []),
  ];
}

/** Why an approval is refused: which sign-offs are missing, and why each is needed. */
export function missingMessage(required: SignOffRequirement, missing: readonly ReaderSignOffKind[]): string {
  const lang = required.language;
  const parts = missing.map((kind) =>
    kind === 'language'
      ? required.languageReview === 'always'
        ? `a language reviewer's sign-off for '${lang}' (the campaign requires one for every '${lang}' script)`
        : `a language reviewer's sign-off for '${lang}' (you do not read '${lang}'; your languages are set by an admin)`
      : `a test reader's sign-off (the script is written at reading level '${required.readingLevel}')`,
  );
  return `This approval needs ${parts.join(' and ')} on this version first; ask them to sign it off on the review page.`;
}

/** The languages a reviewer reads: those recorded for them, else their workspace language, else German and English. */
export function readsLanguages(user: { languages?: readonly string[]; locale?: string | null }): string[] {
  if (user.languages?.length) return [...user.languages];
  // The workspace speaks German and English; a reviewer who chose neither reads it in the one it fell back to.
  return user.locale ? [user.locale] : ['de', 'en'];
}
