// Temporal connections (worker-side native and client-side gRPC) from the profile config/temporal-profile.ts resolved.
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalProfile } from './temporal-profile.ts';

/** A profile with the address settled (the configured one, or the embedded dev server's). */
export type TemporalTarget = TemporalProfile & { address: string };

/** Connection options common to both kinds: envconfig already turned TLS on for an API key. */
const connectOptions = (t: TemporalTarget) => ({
  address: t.address,
  ...(t.apiKey ? { apiKey: t.apiKey } : {}),
  ...(t.tls !== undefined ? { tls: t.tls } : {}),
  ...(t.metadata ? { metadata: t.metadata } : {}),
});

/**
 * A workflow client for API, CLI and demo; `dataConverter` encrypts what it sends (config/payload-codec.ts);
 * `interceptors` trace its calls (serve with OpenTelemetry on).
 */
export async function connectClient(
  t: TemporalTarget,
  dataConverter: DataConverter,
  interceptors?: ClientInterceptors,
): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect(connectOptions(t));
  const client = new Client({
    connection,
    namespace: t.namespace,
    dataConverter,
    ...(interceptors && { interceptors }),
  });
  return { client, close: () => connection.close() };
}

/** The native connection workers poll over. */
export function connectWorker(t: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect(connectOptions(t));
}
