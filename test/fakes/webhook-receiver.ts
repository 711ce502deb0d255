// Test receiver: the product's dev receiver (one implementation), plus a generated secret and misbehaviour shorthands.
import { generateWebhookSecret } from '../../channels/signing.ts';
import { startWebhookReceiver as startDevReceiver } from '../../dev/receiver.ts';
import type { ReceiverBehaviour, WebhookReceiver } from '../../dev/receiver.ts';

export type { ReceivedWebhook, ReceiverBehaviour, WebhookReceiver } from '../../dev/receiver.ts';

/** A receiver for tests: knows its secret and can be told to fail or stall the next requests. */
export interface FakeWebhookReceiver extends WebhookReceiver {
  readonly secret: string;
  /** Answers the next `count` requests with `status` (and `Retry-After`, when given). */
  failNext(count: number, status: number, retryAfter?: string): void;
  /** Records the next `count` requests but holds each response for `ms` (for timeout tests). */
  delayNext(count: number, ms: number): void;
}

/** Starts the dev receiver on 127.0.0.1 with a fresh secret unless one is given. */
export async function startWebhookReceiver(
  options: { secret?: string; behaviour?: ReceiverBehaviour } = {},
): Promise<FakeWebhookReceiver> {
  const secret = options.secret ?? generateWebhookSecret();
  const receiver = await startDevReceiver({ secret, behaviour: options.behaviour });
  // Getters on the receiver must stay live, so extend it rather than copying its fields.
  return Object.assign(receiver, {
    secret,
    failNext: (count: number, status: number, retryAfter?: string) =>
      receiver.setBehaviour({ fail: { count, status, retryAfter } }),
    delayNext: (count: number, ms: number) => receiver.setBehaviour({ delay: { count, ms } }),
  });
}
