// Tests for the worker entry point: it refuses to start without a deployment to join or the keys shared with the API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { ConfigError } from '../../shared/errors.ts';
import { main } from '../../worker/main.ts';

const cwd = mkdtempSync(join(tmpdir(), 'klartext-worker-'));
const deployment = { TEMPORAL_ADDRESS: 'temporal.invalid:7233', DATABASE_URL: 'postgres://db.invalid/klartext' };

describe('worker main', () => {
  it('refuses to start without TEMPORAL_ADDRESS and DATABASE_URL', async () => {
    await expect(main(loadConfig({}, cwd))).rejects.toThrow(/TEMPORAL_ADDRESS .*and DATABASE_URL/);
  });

  it('refuses to start without the signing key the API uses', async () => {
    await expect(main(loadConfig(deployment, cwd))).rejects.toThrow(/KLARTEXT_SIGNING_KEY/);
  });

  it('refuses to start without the secrets key the API uses', async () => {
    const env = { ...deployment, KLARTEXT_SIGNING_KEY_FILE: join(cwd, 'signing.pem') };
    await expect(main(loadConfig(env, cwd))).rejects.toThrow(ConfigError);
    await expect(main(loadConfig(env, cwd))).rejects.toThrow(/KLARTEXT_SECRETS_KEY/);
  });

  it('refuses to start without the payload keys the API uses', async () => {
    const env = {
      ...deployment,
      KLARTEXT_SIGNING_KEY_FILE: join(cwd, 'signing.pem'),
      KLARTEXT_SECRETS_KEY_FILE: join(cwd, 'secrets-key'),
    };
    await expect(main(loadConfig(env, cwd))).rejects.toThrow(/KLARTEXT_PAYLOAD_KEYS/);
  });
});
