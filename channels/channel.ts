// The one interface every channel adapter implements: deliver a delivery, report how the channel answered.

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
  /** Small JSON-serialisable record: ids and URLs, never video bytes. */
  data: Record<string, unknown>;
}

/** How a successful delivery went. */
export interface DeliveryResult {
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
