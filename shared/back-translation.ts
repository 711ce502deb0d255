// What a reviewer reads beside each sentence of a script in a language they do not read, and who may render it.
// Workflow-safe: types and pure functions only.

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

/** A model name without its dated snapshot (`gpt-4o-2024-08-06` → `gpt-4o`), as servers report the model used. */
const modelFamily = (model: string) =>
  model
    .trim()
    .toLowerCase()
    .replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, '');

/**
 * Whether `model` is the drafting model: the same model (a dated snapshot of it counts as the same), at whatever
 * server (the same weights behind another gateway are still the author). Also used per script version, whose
 * provider and model (as the server reported it) are recorded with it.
 */
export function isDraftingModel(
  model: string | undefined,
  drafting: { provider: string; openai?: { model?: string }; model?: string },
): boolean {
  const drafted = drafting.model ?? drafting.openai?.model;
  return drafting.provider === 'openai' && !!model && !!drafted && modelFamily(model) === modelFamily(drafted);
}

/** Why a translation model equal to the drafting model is refused, naming both variables and the way out. */
export function sameModelMessage(model: string): string {
  return (
    `KLARTEXT_TRANSLATION_MODEL=${model} is the model that drafts the scripts (KLARTEXT_SCRIPT_MODEL): a ` +
    'back-translation must come from another hand. Choose another model, or KLARTEXT_TRANSLATION_PROVIDER=deepl.'
  );
}
