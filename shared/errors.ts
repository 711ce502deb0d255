// klartext's error hierarchy: `code` equals the class name, which becomes the Temporal failure type.

/** Base class: every klartext error names what went wrong and what to do about it. */
export class KlartextError extends Error {
  readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = new.target.name;
  }
}

/** Thrown when an input file (campaign, claims, segments) is invalid; the message carries file:line:column. */
export class InputError extends KlartextError {}

/** Thrown when configuration (environment, binaries, ports) makes start-up impossible. */
export class ConfigError extends KlartextError {}

/** Thrown when a review decision is refused (wrong role, stale script hash, repeated decision). */
export class ReviewRefusedError extends KlartextError {}

/** Base of failures reported by a remote service (channel, model provider): its status and Retry-After hint. */
export class RemoteServiceError extends KlartextError {
  /** The HTTP status the service answered with, when it answered at all. */
  readonly statusCode: number | undefined;
  /** The service's `Retry-After` hint in seconds, when it sent one (retryable failures only). */
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, options?: { cause?: unknown; statusCode?: number; retryAfterSeconds?: number }) {
    super(message, options);
    this.statusCode = options?.statusCode;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** Thrown when a channel answers with a permanent failure (4xx other than 408/429, or a redirect). */
export class DeliveryRejectedError extends RemoteServiceError {}

/** Thrown when a channel answers 410 Gone: it wants no more deliveries, so the channel should be disabled. */
export class ChannelGoneError extends DeliveryRejectedError {}

/**
 * Thrown when a channel is unavailable for now (408, 429, 5xx, timeout, network): retryable, and `retryAfterSeconds`
 * carries the channel's `Retry-After` hint when it sent one.
 */
export class ChannelUnavailableError extends RemoteServiceError {}

/**
 * Thrown when an outbound call's target is not allowed: its address (resolved at connect time) is private, loopback,
 * link-local, a metadata service or otherwise not public, and is not on the channel's allow-list.
 */
export class UnsafeTargetError extends KlartextError {}

/** Thrown when rendering cannot succeed on retry (bad script, missing font). */
export class RenderError extends KlartextError {}

/**
 * Thrown when a model provider refuses a request for good (4xx other than 408/409/429, a content-policy refusal, or
 * an answer that is still no valid script after the repair round): retrying the same request cannot help.
 */
export class ProviderRejectedError extends RemoteServiceError {}

/**
 * Thrown when a model provider is unavailable for now (408, 409, 429, 5xx, timeout, network): retryable, and
 * `retryAfterSeconds` carries the provider's `Retry-After` hint when it sent one.
 */
export class ProviderUnavailableError extends RemoteServiceError {}

/** Failure types Temporal must not retry: retrying cannot fix them. */
export const NON_RETRYABLE_ERRORS = [
  'InputError',
  'ConfigError',
  'ReviewRefusedError',
  'DeliveryRejectedError',
  'ChannelGoneError',
  'UnsafeTargetError',
  'RenderError',
  'ProviderRejectedError',
  'VideoRejectedError',
  'BudgetExceededError',
];

/**
 * Thrown when a video provider refuses a generation for good (a content-policy or safety refusal, at submission or
 * as the job's failure): retrying the same prompt cannot help; `reason` is the provider's own words for the campaign
 * manager.
 */
export class VideoRejectedError extends RemoteServiceError {
  /** The provider's reason, verbatim (code and message). */
  readonly reason: string;
  constructor(message: string, options: { reason: string; cause?: unknown; statusCode?: number }) {
    super(message, options);
    this.reason = options.reason;
  }
}

/**
 * Thrown when a video generation would take a campaign past its `video.budgetSeconds`: the message states what is
 * reserved, spent and asked, and how to raise the budget. Not retried: waiting does not free budget.
 */
export class BudgetExceededError extends KlartextError {}
