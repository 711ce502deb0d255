// Workflow-safe data types shared by every layer: small records only, no behaviour, no Node APIs.

export type ReadingLevel = 'plain' | 'standard' | 'professional';

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
  /** feed: the bearer token receivers pull with (stored hashed). */
  token?: string;
}

/** A channel that already exists, by id. Stored briefs hold only these: never a secret. */
export interface ChannelRef {
  ref: string;
}

export interface Branding {
  primaryColor: string; // '#RRGGBB'
  backgroundColor: string;
  textColor: string;
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
  video: { width: number; height: number; budgetSeconds?: number };
  /** Distinct approvals needed; automatic redrafts allowed when pre-review checks find blocking problems. */
  review: {
    approvalsRequired: number;
    maxAutoRedrafts?: number;
    /** Review SLA: remind reviewers, then alert lead reviewers, then expire (telling the manager). */
    reminderAfterHours?: number;
    escalateAfterHours?: number;
    expireAfterDays?: number;
  };
  channels: (ChannelConfig | ChannelRef)[];
  segmentsFile: string;
  claimsFile: string;
}

/** One spoken sentence. Every sentence that states a medical fact names the approved claims it rests on. */
export interface Sentence {
  text: string;
  claimIds: string[];
}

export interface Scene {
  /** The narration, sentence by sentence (spoken in order; see `sceneNarration`). */
  sentences: Sentence[];
  onScreenText: string;
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
  | 'CANCELLED';
