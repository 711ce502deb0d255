// Temporal connections (worker-side native and client-side gRPC) following Temporal's own env conventions.
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Temporal Cloud API key; turns TLS on. */
  apiKey?: string;
}

/** A workflow client for API, CLI and demo; `dataConverter` encrypts what it sends (config/payload-codec.ts). */
export async function connectClient(
  t: TemporalTarget,
  dataConverter: DataConverter,
): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({
    address: t.address,
    apiKey: t.apiKey,
    tls: t.apiKey ? true : undefined,
  });
  return { client: new Client({ connection, namespace: t.namespace, dataConverter }), close: () => connection.close() };
}

/** The native connection workers poll over. */
export function connectWorker(t: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ address: t.address, apiKey: t.apiKey, tls: t.apiKey ? true : undefined });
}
