// Workflow-safe data types shared by every layer: small records only, no behaviour, no Node APIs.
import type { FontFamily } from './fonts.ts';
import type { SignOffPolicy } from './reader-sign-offs.ts';
import type { RenditionId } from './renditions.ts';
import type { CampaignVariants } from './variants.ts';

/**
 * How simply a script is worded, simplest first. `easy` is Leichte Sprache (DIN SPEC 33429): its own rule checks in
 * scripts/checks/easy-language.ts; `plain` is einfache Sprache, judged by readability targets only.
 */
export const READING_LEVELS = ['easy', 'plain', 'standard', 'professional'] as const;

export type ReadingLevel = (typeof READING_LEVELS)[number];

/** Where a claim's evidence comes from: a medical reviewer checks the statement against it. */
export interface ClaimSource {
  title: string;
  publisher: string;
  url: string;
  date: string; // ISO date (YYYY-MM-DD)
}

/** A medically approved statement, with its text per language and the concerns it answers. */
export interface Claim {
  id: string;
  text: Record<string, string>; // language code → text
  topics: string[]; // concern vocabulary this claim answers, e.g. 'safety', 'side-effects'
  source: ClaimSource;
  status: 'active' | 'withdrawn';
  validFrom?: string;
  validUntil?: string;
  /** A shorter approved wording per language (on-screen key fact; a reviewer's "shorten" request uses it). */
  shortText?: Record<string, string>;
  /** Further approved wordings per language a reviewer may ask for instead of `text`. */
  alternatives?: Record<string, string[]>;
  /** Segment tags this claim is meant for; absent or empty: any segment whose concerns it answers. */
  audiences?: string[];
  /** The myth this claim corrects: its wording and why it is wrong, per language (Debunking Handbook). */
  myth?: ClaimMyth;
  /**
   * The language the claim was medically approved in; its wordings there need no translation record. Absent only on
   * claims stored before translations were recorded: all their texts count as approved, as they did then.
   */
  sourceLanguage?: string;
  /** Per language other than the source: who approved its wordings as a translation, when, and from which text. */
  translations?: Record<string, ClaimTranslation>;
}

/** The approval of a claim's wordings in one language as a faithful translation of its source wording. */
export interface ClaimTranslation {
  approvedBy: string;
  /** YYYY-MM-DD */
  approvedAt: string;
  /** The wording translated: its language and the SHA-256 (hex, or its first 12+ digits) of that language's text. */
  from: { language: string; sha256: string };
}

/** A misconception as people say it, and the approved explanation of why it is wrong. */
export interface ClaimMyth {
  text: Record<string, string>;
  whyWrong: Record<string, string>;
}

/** An audience segment: aggregates only, never a respondent row. */
export interface Segment {
  id: string;
  label: string;
  language: string;
  readingLevel: ReadingLevel;
  size: number;
  concerns: string[]; // ordered, most pressing first
  tags: string[];
}

export type ChannelKind = 'webhook' | 'folder' | 'feed';

/** Which segments a channel receives; an absent or empty list does not narrow. */
export interface ChannelRoute {
  languages?: string[];
  /** Matched against segment tags `region-<r>` and `state-<r>`. */
  regions?: string[];
  tags?: string[];
}

/** A channel defined inline in `campaign.yaml`; stored in the channels table, its secret encrypted. */
export interface ChannelConfig extends ChannelRoute {
  id: string;
  kind: ChannelKind;
  /** webhook: `https://…` */
  url?: string;
  /** folder: an absolute directory. */
  directory?: string;
  /** webhook: Standard Webhooks secret (`whsec_` + base64, v1) or Ed25519 key (`whsk_` + base64, v1a). */
  secret?: string;
  /** webhook: CIDR blocks admitted although not public (an agency's internal receiver, e.g. `10.20.0.0/16`). */
  allowCidrs?: string[];
  /** feed: the bearer token receivers pull with (stored hashed). */
  token?: string;
  /** Further renditions the channel takes besides the main video (see shared/renditions.ts); absent: none. */
  renditions?: RenditionId[];
}

/** A channel that already exists, by id. Stored briefs hold only these: never a secret. */
export interface ChannelRef {
  ref: string;
}

export interface Branding {
  primaryColor: string; // '#RRGGBB'
  backgroundColor: string;
  textColor: string;
  /**
   * The agency's logo, SVG or PNG, as a `data:image/svg+xml;base64,…` or `data:image/png;base64,…` URI (the loaded
   * campaign carries the image itself, so a worker needs no access to the campaign's folder) or an absolute path.
   */
  logo?: string;
  /** One of the bundled font families (`FONT_FAMILIES` in shared/fonts.ts); absent: DejaVu Sans. */
  font?: FontFamily;
}

/** A campaign brief as loaded from `campaign.yaml` (paths already resolved to absolute). */
export interface CampaignBrief {
  name: string;
  title: string;
  /** Optional title per language (language → title); scripts fall back to `title`. */
  titles?: Record<string, string>;
  agency: string;
  topic: string;
  callToAction: Record<string, string>; // language → call to action
  branding: Branding;
  /** Frame size; `budgetSeconds` caps the seconds of model-generated footage (absent: unlimited). */
  video: {
    width: number;
    height: number;
    budgetSeconds?: number;
    /** Further renditions of every video (other frame formats, open captions), besides those its channels take. */
    renditions?: RenditionId[];
  };
  /** Distinct approvals needed; automatic redrafts allowed when pre-review checks find blocking problems. */
  review: {
    approvalsRequired: number;
    maxAutoRedrafts?: number;
    /** Review SLA: remind reviewers, then alert lead reviewers, then expire (telling the manager). */
    reminderAfterHours?: number;
    escalateAfterHours?: number;
    expireAfterDays?: number;
    /** Most segments open at once (drafted and in review, or being produced); absent: no limit. */
    maxInReview?: number;
    /** Reader sign-offs (language reviewers, test readers) needed before a medical approval counts. */
    signOffs?: SignOffPolicy;
  };
  channels: (ChannelConfig | ChannelRef)[];
  /** How the script names each audience (segment tag → language → phrase); absent: the segment's label. */
  audiences?: Record<string, Record<string, string>>;
  /** Per concern: its on-screen heading per language and, optionally, the claim whose myth it answers. */
  concerns?: Record<string, ConcernWording>;
  /** Wording that overrides klartext's per-language defaults (greeting, headings of intro and call to action …). */
  wording?: Record<string, Partial<WordingOverrides>>;
  /** Pronunciation per language (language → written form → spoken form), applied to narration only. */
  lexicon?: Record<string, Record<string, string>>;
  /** A second script for some segments, split by channel or schedule (shared/variants.ts). */
  variants?: CampaignVariants;
  segmentsFile: string;
  claimsFile: string;
}

/** What a campaign says about one concern. */
export interface ConcernWording {
  /** language → heading shown on screen above the claims answering this concern. */
  heading?: Record<string, string>;
  /** Id of a claim carrying a `myth`: scripts for this concern follow the truth sandwich with it. */
  myth?: string;
  /** Name of a Lucide icon, shown as a pictogram on the scenes answering this concern. */
  icon?: string;
}

/** Per-language wording a campaign may override; `{audience}` in `greeting` is replaced by the audience phrase. */
export interface WordingOverrides {
  greeting: string;
  introHeading: string;
  ctaLead: string;
  ctaHeading: string;
  mythWarning: string;
}

/**
 * A reviewer's concrete change to one scene or sentence, applied by the composer in the next version (no model
 * needed). Scene and sentence indexes are 0-based and refer to the version the reviewer read.
 */
export type ScriptEdit =
  | { op: 'drop'; scene: number; sentence?: number }
  | { op: 'alternative'; scene: number; sentence: number; claimId: string; wording: number }
  | { op: 'shorten'; scene: number; sentence: number; claimId: string }
  | { op: 'move'; scene: number; to: number };

/** One spoken sentence. Every sentence that states a medical fact names the approved claims it rests on. */
export interface Sentence {
  text: string;
  claimIds: string[];
}

export interface Scene {
  /** The narration, sentence by sentence (spoken in order; see `sceneNarration`). */
  sentences: Sentence[];
  onScreenText: string;
  /**
   * The scene's key fact, shown on screen as its main text under `onScreenText` (then a heading): the approved short
   * wording (`shortText`) of the first claim the scene cites, verbatim. Absent when no cited claim has one.
   */
  keyFact?: string;
  /**
   * The pictogram of the concern the scene answers (a Lucide icon name from the campaign's `concerns.<id>.icon`), set
   * by klartext like `keyFact`, never by a model. Absent when the concern has none.
   */
  icon?: string;
  visual: string; // description for video models and the audio-description track
  durationSeconds: number;
}

/** A script version's content. Its SHA-256 over canonical JSON is what reviewers sign. */
export interface Script {
  title: string;
  language: string;
  readingLevel: ReadingLevel;
  scenes: Scene[];
  callToAction: string;
  aiDisclosure: string;
  sources: ClaimSource[];
}

export type ReviewDecision = 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED';

export type SegmentStatus =
  | 'DRAFTING'
  | 'IN_REVIEW'
  | 'RENDERING'
  | 'VIDEO_REVIEW'
  | 'PUBLISHING'
  | 'PUBLISHED'
  | 'REJECTED'
  | 'EXPIRED'
  | 'FAILED'
  /** Stopped for good: a claim its script cited was withdrawn and no approved claim answers that concern any more. */
  | 'BLOCKED'
  | 'CANCELLED';

/** Every stage a segment row can show, in the order a segment passes them (PENDING: not started yet). */
export const SEGMENT_STAGES: readonly (SegmentStatus | 'PENDING')[] = [
  'PENDING',
  'DRAFTING',
  'IN_REVIEW',
  'RENDERING',
  'VIDEO_REVIEW',
  'PUBLISHING',
  'PUBLISHED',
  'REJECTED',
  'EXPIRED',
  'FAILED',
  'BLOCKED',
  'CANCELLED',
];
