// What a process joining a deployment (`klartext serve`, `klartext worker`) must be given: it starts nothing
// embedded and generates no key of its own, since every replica must agree with the others.
import { ConfigError } from '../shared/errors.ts';
import type { Config } from './config.ts';

/**
 * Checks that `config` names an existing Temporal and PostgreSQL and the keys shared by all processes.
 *
 * @throws ConfigError naming the missing variables, for `command` (`klartext serve`, `klartext worker`).
 */
export function assertJoinsDeployment(
  config: Config,
  command: string,
): asserts config is Config & {
  databaseUrl: string;
  temporal: { address: string };
} {
  if (!config.temporal.address || !config.databaseUrl) {
    throw new ConfigError(
      `${command} joins an existing deployment: set TEMPORAL_ADDRESS (or a TEMPORAL_PROFILE with an address) and ` +
        'DATABASE_URL (or run `klartext dev`).',
    );
  }
  if (!config.signingKey.privateKeyPem && !config.signingKey.privateKeyFile) {
    // A process with a key of its own would sign or vouch for manifests the others cannot verify.
    throw new ConfigError(
      `${command} shares the provenance signing key: set KLARTEXT_SIGNING_KEY or KLARTEXT_SIGNING_KEY_FILE (the same key for API and workers).`,
    );
  }
  if (!config.secretsKey.key && !config.secretsKey.keyFile) {
    // A process with a key of its own could not decrypt the channel secrets the others stored.
    throw new ConfigError(
      `${command} shares the channel-secrets key: set KLARTEXT_SECRETS_KEY or KLARTEXT_SECRETS_KEY_FILE (the same key for API and workers).`,
    );
  }
  if (!config.payloads.keys && !config.payloads.keysFile) {
    // A process with a key of its own would write histories the others cannot read.
    throw new ConfigError(
      `${command} shares the workflow payload keys: set KLARTEXT_PAYLOAD_KEYS or KLARTEXT_PAYLOAD_KEYS_FILE (the same keys for API and workers).`,
    );
  }
}
