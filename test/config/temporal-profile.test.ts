// The Temporal connection as @temporalio/envconfig resolves it: a TOML profile, TEMPORAL_* overrides, TLS fields, and
// the queue settings beside it (prefix, per-queue concurrency and rate) validated by the config schema.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { resolveTemporalProfile } from '../../config/temporal-profile.ts';
import { ConfigError } from '../../shared/errors.ts';

let dir: string;
let file: string;
const PEM = {
  cert: '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n',
  key: '-----BEGIN PRIVATE KEY-----\nclient-key\n-----END PRIVATE KEY-----\n',
  ca: '-----BEGIN CERTIFICATE-----\nagency-ca\n-----END CERTIFICATE-----\n',
  otherCa: '-----BEGIN CERTIFICATE-----\nother-ca\n-----END CERTIFICATE-----\n',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-envconfig-'));
  for (const [name, text] of Object.entries(PEM)) await writeFile(join(dir, `${name}.pem`), text);
  file = join(dir, 'temporal.toml');
  await writeFile(
    file,
    [
      '[profile.default]',
      'address = "default.example:7233"',
      '',
      '[profile.prod]',
      'address = "temporal.agency.example:7233"',
      'namespace = "klartext-prod"',
      '[profile.prod.tls]',
      `client_cert_path = "${join(dir, 'cert.pem')}"`,
      `client_key_path = "${join(dir, 'key.pem')}"`,
      `server_ca_cert_path = "${join(dir, 'ca.pem')}"`,
      'server_name = "temporal.internal"',
      '',
      '[profile.cloud]',
      'address = "ns.acct.tmprl.cloud:7233"',
      'namespace = "ns.acct"',
      'api_key = "from-file"',
    ].join('\n'),
  );
});

type Tls = {
  serverNameOverride?: string;
  serverRootCACertificate?: Uint8Array;
  clientCertPair?: { crt: Uint8Array; key: Uint8Array };
};
/** envconfig hands certificates over as bytes. */
const text = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

describe('resolveTemporalProfile', () => {
  it('leaves the address unset with nothing configured, so the embedded dev server starts', () => {
    expect(resolveTemporalProfile({})).toEqual({ namespace: 'default' });
    expect(loadConfig({}).temporal).toMatchObject({ namespace: 'default', taskQueuePrefix: '' });
    expect(loadConfig({}).temporal.address).toBeUndefined();
  });

  it('reads no profile from an empty file, so TEMPORAL_CONFIG_FILE=/dev/null sets a machine profile aside', () => {
    expect(resolveTemporalProfile({ TEMPORAL_CONFIG_FILE: '/dev/null' })).toEqual({ namespace: 'default' });
    expect(resolveTemporalProfile({ TEMPORAL_CONFIG_FILE: '/dev/null', TEMPORAL_ADDRESS: 'own.example:7233' })).toEqual(
      { address: 'own.example:7233', namespace: 'default' },
    );
  });

  it('reads the default profile of TEMPORAL_CONFIG_FILE', () => {
    expect(resolveTemporalProfile({ TEMPORAL_CONFIG_FILE: file })).toEqual({
      address: 'default.example:7233',
      namespace: 'default',
    });
  });

  it('reads a TOML profile with mTLS: client certificate and key, server CA, server name', () => {
    const p = resolveTemporalProfile({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' });
    expect(p.address).toBe('temporal.agency.example:7233');
    expect(p.namespace).toBe('klartext-prod');
    const tls = p.tls as Tls;
    expect(tls.serverNameOverride).toBe('temporal.internal');
    expect(text(tls.serverRootCACertificate)).toBe(PEM.ca);
    expect(text(tls.clientCertPair?.crt)).toBe(PEM.cert);
    expect(text(tls.clientCertPair?.key)).toBe(PEM.key);
  });

  it('lets TEMPORAL_* variables override the profile, TLS fields included', () => {
    const p = resolveTemporalProfile({
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'prod',
      TEMPORAL_ADDRESS: 'other.example:7233',
      TEMPORAL_NAMESPACE: 'staging',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'otherCa.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'staging.internal',
      TEMPORAL_GRPC_META_X_TENANT: 'agency-a',
    });
    expect(p).toMatchObject({
      address: 'other.example:7233',
      namespace: 'staging',
      metadata: { 'x-tenant': 'agency-a' },
    });
    const tls = p.tls as Tls;
    expect(tls.serverNameOverride).toBe('staging.internal');
    expect(text(tls.serverRootCACertificate)).toBe(PEM.otherCa);
    // What the variables do not name stays as the profile has it.
    expect(text(tls.clientCertPair?.crt)).toBe(PEM.cert);
  });

  it('turns TLS on for an API key, and TEMPORAL_TLS=false turns it off', () => {
    expect(resolveTemporalProfile({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cloud' })).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      namespace: 'ns.acct',
      apiKey: 'from-file',
      tls: true,
    });
    expect(resolveTemporalProfile({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_API_KEY: 'k' }).tls).toBe(true);
    expect(
      resolveTemporalProfile({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).tls,
    ).toBe(false);
  });

  it('takes certificates given inline (TEMPORAL_TLS_*_DATA)', () => {
    const tls = resolveTemporalProfile({
      TEMPORAL_ADDRESS: 'x:7233',
      TEMPORAL_TLS_CLIENT_CERT_DATA: PEM.cert,
      TEMPORAL_TLS_CLIENT_KEY_DATA: PEM.key,
    }).tls as Tls;
    expect(text(tls.clientCertPair?.crt)).toBe(PEM.cert);
  });

  it('refuses an unknown profile and an unreadable certificate with a ConfigError', () => {
    expect(() => resolveTemporalProfile({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'nope' })).toThrow(ConfigError);
    expect(() => resolveTemporalProfile({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'nope' })).toThrow(/nope/);
    expect(() =>
      loadConfig({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'missing.pem') }),
    ).toThrow(/TEMPORAL_TLS_/);
  });
});

describe('queue settings', () => {
  it('reads the prefix and each queue’s concurrency and rate; video renders two at a time by default', () => {
    expect(loadConfig({}).temporal.queues).toEqual({
      orchestration: {},
      llm: {},
      video: { concurrency: 2 },
      publish: {},
    });
    const c = loadConfig({
      KLARTEXT_TASK_QUEUE_PREFIX: 'agency-a-',
      KLARTEXT_QUEUE_VIDEO_CONCURRENCY: '8',
      KLARTEXT_QUEUE_LLM_ACTIVITIES_PER_SECOND: '0.5',
      KLARTEXT_QUEUE_LLM_CONCURRENCY: '4',
    });
    expect(c.temporal.taskQueuePrefix).toBe('agency-a-');
    expect(c.temporal.queues.video).toEqual({ concurrency: 8 });
    expect(c.temporal.queues.llm).toEqual({ concurrency: 4, activitiesPerSecond: 0.5 });
  });

  it('refuses a bad prefix, concurrency or rate, naming the variable', () => {
    expect(() => loadConfig({ KLARTEXT_TASK_QUEUE_PREFIX: 'a b/' })).toThrow(/KLARTEXT_TASK_QUEUE_PREFIX/);
    expect(() => loadConfig({ KLARTEXT_QUEUE_VIDEO_CONCURRENCY: '0' })).toThrow(/KLARTEXT_QUEUE_VIDEO_CONCURRENCY/);
    expect(() => loadConfig({ KLARTEXT_QUEUE_PUBLISH_ACTIVITIES_PER_SECOND: 'fast' })).toThrow(
      /KLARTEXT_QUEUE_PUBLISH_ACTIVITIES_PER_SECOND/,
    );
  });
});
