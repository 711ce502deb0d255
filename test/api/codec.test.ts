// The codec endpoint in-process: Temporal's remote codec protocol for the Web UI, staff only, CORS for its origin.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPayloadCodec } from '../../config/payload-codec.ts';
import { createPool } from '../../db/pool.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createSite } from '../../server/site.ts';
import { createSessionStore } from '../../services/session.ts';

const UI = 'https://temporal.example.org';
const pool = createPool(inject('pgliteUrl'), 2);
const codec = createPayloadCodec([{ id: 'k1', key: randomBytes(32) }]);
// The codec routes never reach Temporal; the rest of the site is only constructed.
const site = createSite({
  pool,
  temporal: {} as Client,
  outDir: '/nonexistent',
  payloadCodec: codec,
  temporalUiOrigin: UI,
});
const tokens: Record<'reviewer' | 'channel', string> = { reviewer: '', channel: '' };
let cookie = '';

beforeAll(async () => {
  const suffix = randomBytes(3).toString('hex');
  tokens.reviewer = await upsertUserWithToken(pool, {
    id: `cx-r-${suffix}`,
    displayName: 'R',
    role: 'medical_reviewer',
  });
  tokens.channel = await upsertUserWithToken(pool, { id: `cx-c-${suffix}`, displayName: 'C', role: 'channel' });
  cookie = `klartext_session=${(await createSessionStore(pool).create(`cx-r-${suffix}`)).cookieValue}`;
});
afterAll(() => pool.end());

type Json = { metadata?: Record<string, string>; data?: string };
const toJson = (p: Payload): Json => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const fromJson = (p: Json): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

/** A request as the Web UI sends it: JSON, `X-Namespace`, its origin, and the session cookie (credentials: include). */
const fromUi = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  site.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI, cookie, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const withToken = (path: string, token: string | undefined, body: unknown) =>
  site.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

describe('codec endpoint', () => {
  it('decodes an encrypted payload for the Web UI, answering its origin with credentials', async () => {
    const original = defaultPayloadConverter.toPayload({ comment: 'Dr. Zwetschgenbaum: scene two overstates it.' });
    const [encrypted] = await codec.encode([original]);
    const res = await fromUi('/codec/decode', { payloads: [toJson(encrypted!)] });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { payloads } = (await res.json()) as { payloads: Json[] };
    expect(payloads.map(fromJson).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { comment: 'Dr. Zwetschgenbaum: scene two overstates it.' },
    ]);
  });

  it('encodes payloads the codec (and so every worker) decodes', async () => {
    const res = await withToken('/codec/encode', tokens.reviewer, {
      payloads: [toJson(defaultPayloadConverter.toPayload('signal from the UI'))],
    });
    expect(res.status).toBe(200);
    const [p] = ((await res.json()) as { payloads: Json[] }).payloads.map(fromJson);
    expect(Buffer.from(p!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(defaultPayloadConverter.fromPayload((await codec.decode([p!]))[0]!)).toBe('signal from the UI');
  });

  it('answers the UI origin’s preflight, allowing X-Namespace and credentials, and no other origin’s', async () => {
    const preflight = (origin: string) =>
      site.request('/codec/decode', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const res = await preflight(UI);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves signed-in staff only', async () => {
    const body = { payloads: [] };
    expect((await withToken('/codec/decode', undefined, body)).status).toBe(401);
    const signedOut = await fromUi('/codec/decode', body, { cookie: '' });
    expect(signedOut.status).toBe(401);
    // The UI may read the refusal, to tell the operator to log in.
    expect(signedOut.headers.get('access-control-allow-origin')).toBe(UI);
    expect((await fromUi('/codec/decode', body, { cookie: 'klartext_session=forged' })).status).toBe(401);
    const channel = await withToken('/codec/decode', tokens.channel, body);
    expect(channel.status).toBe(403);
    expect(await message(channel)).toMatch(/medical_reviewer/);
    expect((await withToken('/codec/decode', tokens.reviewer, body)).status).toBe(200);
  });

  it('refuses a session sent from an origin other than the configured UI', async () => {
    const res = await fromUi('/codec/decode', { payloads: [] }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await message(res)).toMatch(/KLARTEXT_TEMPORAL_UI_ORIGIN/);
  });

  it('answers bad bodies with 400 and a message saying what to send', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /not JSON/],
      [{}, /payloads/],
      [{ payloads: 'x' }, /payloads/],
      [{ payloads: [{ data: 'not base64!' }] }, /payloads\.0\.data.*base64/],
      [{ payloads: [{ metadata: { encoding: 42 } }] }, /payloads\.0\.metadata\.encoding/],
      [{ payloads: [{ data: '', extra: 1 }] }, /payloads\.0/],
    ];
    for (const [body, expected] of cases) {
      const res = await fromUi('/codec/decode', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await message(res)).toMatch(expected);
    }
    const wrongType = await fromUi('/codec/decode', { payloads: [] }, { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
  });

  it('answers a damaged payload or an unknown key with 400 naming the problem, never 500', async () => {
    const [p] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    const damaged = toJson({ ...p!, data: Buffer.from(p!.data!).map((b, i) => (i === 14 ? b ^ 1 : b)) });
    const res = await fromUi('/codec/decode', { payloads: [damaged] });
    expect(res.status).toBe(400);
    expect(await message(res)).toMatch(/integrity check/);
    const [foreign] = await createPayloadCodec([{ id: 'retired-2025', key: randomBytes(32) }]).encode([p!]);
    const unknown = await fromUi('/codec/decode', { payloads: [toJson(foreign!)] });
    expect(unknown.status).toBe(400);
    expect(await message(unknown)).toMatch(/key id "retired-2025".*KLARTEXT_PAYLOAD_KEYS/);
  });

  it('bounds the body size with 413, above what a 2 MB payload needs', async () => {
    const big = { payloads: [{ data: Buffer.alloc(2 * 1024 * 1024).toString('base64') }] };
    expect((await fromUi('/codec/decode', big)).status).toBe(200);
    const huge = { payloads: [{ data: Buffer.alloc(4 * 1024 * 1024).toString('base64') }] };
    const res = await fromUi('/codec/decode', huge);
    expect(res.status).toBe(413);
  });
});
