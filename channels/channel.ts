// The one interface every channel adapter implements: deliver a delivery, report how the channel answered.
import { RENDITION_IDS, renditionFileName } from '../shared/renditions.ts';

/** What a delivery tells the channel: a new approved video, a retraction, a replacement, or a connectivity check. */
export type DeliveryEventType = 'video.approved' | 'video.retracted' | 'video.replaced' | 'ping';

/** One message to one channel. */
export interface Delivery {
  /**
   * Deterministic id chosen by the caller and reused on every retry, so the receiver can drop duplicates
   * (sent as `webhook-id`).
   */
  deliveryId: string;
  eventType: DeliveryEventType;
  /** When the event happened (not when this attempt is made). */
  timestamp: Date;
  /**
   * Small JSON-serialisable record: ids and URLs, never video bytes. Webhook and feed channels pass it on as it is;
   * the folder channel needs the {@link FolderDeliveryData} fields in it.
   */
  data: Record<string, unknown>;
}

/** The names a folder channel writes, one per artefact of a finished video, renditions included. */
export const FOLDER_FILE_NAMES = [
  'video.mp4',
  'captions.vtt',
  'descriptions.vtt',
  'transcript.html',
  'transcript.txt',
  'manifest.json',
  ...RENDITION_IDS.map(renditionFileName),
] as const;

/** One of {@link FOLDER_FILE_NAMES}. */
export type FolderFileName = (typeof FOLDER_FILE_NAMES)[number];

/**
 * What a delivery's `data` must hold for a folder channel. Every other field (ids, language, segment labels, SHA-256s
 * the caller already knows) is copied into the sidecar unchanged.
 *
 * - `video.approved` / `video.replaced`: `files` maps each name to write to a local source path readable by the worker
 *   (asset storage); names not given are not written.
 * - `video.retracted`: `files` is ignored; add a `reason` so the tombstone says why.
 */
export interface FolderDeliveryData {
  /** Becomes the first directory level; letters, digits, `.`, `_`, `-`. */
  campaignId: string;
  /** Becomes the second directory level; same alphabet. */
  segmentId: string;
  files?: Partial<Record<FolderFileName, string>>;
  [field: string]: unknown;
}

/** How a successful delivery went. */
export interface DeliveryResult {
  /** The receiver's HTTP status; a folder channel answers 201 (written) or 200 (already there), a feed channel 201. */
  statusCode: number;
  latencyMs: number;
}

/**
 * A channel kind (webhook, folder drop, …) behind one interface. Adapters know nothing of Temporal or the database.
 *
 * `deliver` resolves only when the channel accepted the delivery. It throws `DeliveryRejectedError` (permanent),
 * `ChannelGoneError` (permanent: disable the channel) or `ChannelUnavailableError` (retryable) from `shared/errors.ts`.
 */
export interface ChannelAdapter {
  deliver(delivery: Delivery): Promise<DeliveryResult>;
}
