// What the services need, passed in by the server entry point (or a test): they construct no clients themselves.
import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool.ts';
import type { SecretBox } from '../db/secrets.ts';

export interface ServiceDeps {
  pool: Pool;
  temporal: Client;
  /** Encrypts channel secrets at rest; without it, channels with secrets cannot be stored or tested. */
  secrets?: SecretBox;
}
