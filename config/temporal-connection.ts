// Temporal connections (worker-side native and client-side gRPC) following Temporal's own env conventions.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Temporal Cloud API key; turns TLS on. */
  apiKey?: string;
}

/** A workflow client for API, CLI and demo. */
export async function connectClient(t: TemporalTarget): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({
    address: t.address,
    apiKey: t.apiKey,
    tls: t.apiKey ? true : undefined,
  });
  return { client: new Client({ connection, namespace: t.namespace }), close: () => connection.close() };
}

/** The native connection workers poll over. */
export function connectWorker(t: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ address: t.address, apiKey: t.apiKey, tls: t.apiKey ? true : undefined });
}
