// What the HTTP app needs, passed in by the server entry point (or a test).
import type { KeyObject } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool.ts';
import type { SecretBox } from '../db/secrets.ts';

export interface AppDeps {
  pool: Pool;
  temporal: Client;
  /** Asset store root served under /assets. */
  outDir: string;
  /** Public key of the provenance signing key; the provenance routes are mounted only when given. */
  provenanceKey?: KeyObject;
  /** Encrypts channel secrets at rest; without it, channels with secrets cannot be stored or tested. */
  secrets?: SecretBox;
  /** Lets channel tests reach plain-http loopback receivers (development and the demo only). */
  allowHttpLoopback?: boolean;
}
