// Where Temporal is and how to reach it, resolved by Temporal's own @temporalio/envconfig: TOML profiles
// (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE) overridden by TEMPORAL_* variables, exactly as the Temporal CLI reads them.
import { readFileSync } from 'node:fs';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError } from '../shared/errors.ts';

/** The connection settings of the selected profile; no address means "start the embedded dev server". */
export interface TemporalProfile {
  address?: string;
  namespace: string;
  /** API key (Temporal Cloud); turns TLS on unless the profile turns it off. */
  apiKey?: string;
  /** `true`, `false`, or the client certificate pair, server CA and server name (SNI) read from the profile. */
  tls?: NativeConnectionOptions['tls'];
  /** gRPC headers sent with every call (`grpc_meta`, TEMPORAL_GRPC_META_*). */
  metadata?: Record<string, string>;
}

/**
 * Resolves the Temporal profile from `env` (which also locates the TOML file: TEMPORAL_CONFIG_FILE, else
 * `$XDG_CONFIG_HOME/temporalio/temporal.toml` or `~/.config/temporalio/temporal.toml`; a missing default file is fine).
 * Certificate and key paths are read here, so a wrong path stops the process at start, not at the first connection.
 *
 * @throws ConfigError when the named profile, the configuration file or a certificate file cannot be read.
 */
export function resolveTemporalProfile(env: NodeJS.ProcessEnv): TemporalProfile {
  const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  let resolved: ReturnType<typeof loadClientConnectConfig>;
  try {
    // An empty file (TEMPORAL_CONFIG_FILE=/dev/null sets a machine's own profile aside) holds no profile at all.
    resolved = loadClientConnectConfig({
      overrideEnvVars: vars,
      ...(emptyFile(vars.TEMPORAL_CONFIG_FILE) ? { disableFile: true } : {}),
    });
  } catch (err) {
    const file = vars.TEMPORAL_CONFIG_FILE ? ` (TEMPORAL_CONFIG_FILE=${vars.TEMPORAL_CONFIG_FILE})` : '';
    throw new ConfigError(
      `The Temporal connection settings cannot be read${file}: ${(err as Error).message}. ` +
        'Check TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE and the TEMPORAL_TLS_* paths.',
      { cause: err },
    );
  }
  const { address, apiKey, tls, metadata } = resolved.connectionOptions;
  return {
    address: address || undefined,
    namespace: resolved.namespace || 'default',
    ...(apiKey ? { apiKey: apiKey as string } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata: metadata as Record<string, string> } : {}),
  };
}

/** Whether `path` names a readable file with nothing but white space in it (such as /dev/null). */
function emptyFile(path: string | undefined): boolean {
  if (!path) return false;
  try {
    return readFileSync(path, 'utf8').trim() === '';
  } catch {
    return false;
  }
}
