// The script provider interface: one input, one output, whichever provider (local composer or a model) writes it.
import type { DraftInput } from '../../shared/drafting.ts';
import type { Script } from '../../shared/types.ts';

export type { DraftFinding, DraftInput, DraftStrategy } from '../../shared/drafting.ts';

/** Tokens a model call consumed (summed over a repair round). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A drafted script with what is recorded next to the version: who wrote it, with which templates and model. */
export interface DraftOutput {
  script: Script;
  /** Provider name, e.g. `local` or `openai`. */
  provider: string;
  /** The model id the server reports, for model providers. */
  model?: string;
  /** SHA-256 (hex) over the templates the script was drafted with. */
  templateHash: string;
  usage?: TokenUsage;
}

/** Writes scripts. Implementations throw `InputError`/`ProviderRejectedError` (permanent) or retryable errors. */
export interface ScriptProvider {
  readonly name: string;
  draft(input: DraftInput): Promise<DraftOutput>;
}
