// What a script provider is given to draft a segment's script: used by scripts/ and by the prompts it renders.
import type { CampaignBrief, Claim, Script, ScriptEdit, Segment } from './types.ts';

/**
 * How to speak to a segment: the part of `segments/strategy.ts`'s `MessageStrategy` the prompts use (a
 * `MessageStrategy` is one; declared here because prompts/ imports only shared/).
 */
export interface DraftStrategy {
  /** Concerns in the order the script answers them, each with its 5C dimension (or null) and approach. */
  concerns: readonly { id: string; label: string; fiveC: string | null; approach: string }[];
  tone: string;
  format: string;
}

/** A pre-review check finding fed back into a redraft. Positions count from 1, as shown to reviewers. */
export interface DraftFinding {
  code: string;
  /** As the checks report it, e.g. `blocking` or `warning`. */
  severity: string;
  /** 1-based scene number, when the finding concerns one scene. */
  scene?: number;
  /** 1-based sentence number within the scene, when the finding concerns one sentence. */
  sentence?: number;
  message: string;
}

/** Everything a provider needs to draft, or redraft, one segment's script. */
export interface DraftInput {
  brief: CampaignBrief;
  segment: Segment;
  /** Approved claims that are current on `today` and have a text in the segment's language. */
  claims: readonly Claim[];
  /** The message strategy, for segments built from survey data; segments from a table have none. */
  strategy?: DraftStrategy;
  /** The version to revise; set together with `reviewerComments` and/or `findings`. */
  previous?: Script;
  /** The reviewers' comments on `previous` (a comment may name its scene, e.g. "Scene 2: …"). */
  reviewerComments?: readonly string[];
  /** The reviewers' concrete edits of `previous` (indexes into it); providers apply them without rewriting. */
  edits?: readonly ScriptEdit[];
  /** Blocking and other findings of the pre-review checks on `previous`. */
  findings?: readonly DraftFinding[];
  /** Day on which claim validity is judged, `YYYY-MM-DD`. */
  today: string;
  /**
   * Set when this is variant B of the segment: its name and what a model is asked to do differently (its call to
   * action and wording are already in `brief`).
   */
  variant?: { name: string; instruction?: string };
}
