// What a reviewer reads beside each sentence of a script in a language they do not read. Workflow-safe: types only.

/**
 * One spoken sentence in a reader's language: the approved wording of the claim version it says (exact, traceable
 * by claim id and version hash), an independent back-translation, or nothing (`not-back-translated`).
 */
export type SentenceRendering =
  | { kind: 'claim'; text: string; claimId: string; claimSha256: string }
  | { kind: 'back-translation'; text: string }
  | { kind: 'not-back-translated' };

/**
 * Why a script's sentences that say no approved claim wording have no back-translation into a language:
 * `no-provider` (none configured), `pending` (not done yet: drafted before, or the provider is still retried),
 * `failed` (the provider refused; `failure` says why).
 */
export type MissingBackTranslation = 'no-provider' | 'pending' | 'failed';

/** A script's sentences rendered in one reader language, scene by scene, sentence by sentence. */
export interface SideBySide {
  /** The reader's language (ISO 639-1). */
  language: string;
  scenes: SentenceRendering[][];
  /** Who back-translated the other sentences, when someone did. */
  translatedBy?: { provider: string; model?: string; at: string };
  missing?: MissingBackTranslation;
  failure?: string;
  /** Sentences shown with no rendering at all: the medical sign-off form says so. */
  notBackTranslated: number;
}

/** The back-translation of one script version into one language, as stored (db/back-translation-repo.ts). */
export interface StoredBackTranslation {
  scriptSha256: string;
  language: string;
  provider: string;
  model?: string;
  /** `no-provider`: none was configured when the version was drafted. */
  status: 'done' | 'failed' | 'no-provider';
  /** Per scene, per sentence: the back-translation, or null for a sentence shown as its claim's approved wording. */
  sentences: (string | null)[][];
  failure?: string;
  createdAt: string;
}
