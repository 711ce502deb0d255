// Hostile input at every JSON endpoint, form, path and query the site serves: each is a 4xx, never a 500.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createSite } from '../../server/site.ts';
import { createSessionStore } from '../../services/session.ts';
import type { Role } from '../../shared/roles.ts';
import { createHarness, type Harness } from '../support/harness.ts';

type Who = 'manager' | 'reviewer' | 'admin' | 'anonymous';
const SHA = 'a'.repeat(64);
const DEEP = '['.repeat(10_000) + ']'.repeat(10_000);
const DEEP_OBJECT = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
/** Strings refused everywhere; bidi overrides only where the field is a name, label or id. */
const STRINGS: [string, string, 'all' | 'names'][] = [
  ['a NUL', 'bad\u0000x', 'all'],
  ['a lone surrogate', 'bad\uD800x', 'all'],
  ['an escape character', 'bad\u001b[31mx', 'all'],
  ['a bidi override', 'invoice\u202Egpj.exe', 'names'],
  ['a bidi isolate', 'name\u2066x\u2069', 'names'],
  ['a 100k-character string', 'x'.repeat(100_001), 'all'],
];

let h: Harness;
let site: ReturnType<typeof createSite>;
const tokens: Partial<Record<Who, string>> = {};
let session: { cookie: string; csrf: string };
let example: Awaited<ReturnType<Harness['example']>>;

beforeAll(async () => {
  h = await createHarness();
  site = createSite({ pool: h.pool, temporal: h.client, outDir: h.outDir });
  const suffix = randomBytes(3).toString('hex');
  const roles: [Who, Role][] = [
    ['manager', 'campaign_manager'],
    ['reviewer', 'medical_reviewer'],
    ['admin', 'admin'],
  ];
  for (const [who, role] of roles) {
    tokens[who] = await upsertUserWithToken(h.pool, { id: `hostile-${who}-${suffix}`, displayName: who, role });
  }
  const { cookieValue, csrfToken } = await createSessionStore(h.pool).create(`hostile-reviewer-${suffix}`);
  session = { cookie: `klartext_session=${cookieValue}`, csrf: csrfToken };
  example = await h.example({ segments: 1 });
}, 60_000);
afterAll(() => h?.close());

function send(method: string, path: string, who: Who, body?: string) {
  const token = tokens[who];
  return site.request(path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
}

/** Every JSON endpoint that takes text, with the body that puts the hostile string `v` where the field is. */
const JSON_ENDPOINTS: [string, string, Who, 'name' | 'text', (v: string) => unknown][] = [
  ['POST', '/api/campaigns', 'manager', 'name', (v) => ({ ...example, brief: { ...example.brief, title: v } })],
  ['POST', '/api/claims', 'manager', 'name', (v) => ({ claims: [{ ...example.claims[0], topics: [v] }] })],
  ['PUT', '/api/campaigns/hostile-none/segmentation', 'manager', 'text', (v) => ({ spec: v })],
  ['POST', '/api/campaigns/hostile-none/cancel', 'manager', 'text', (v) => ({ reason: v })],
  ['POST', '/api/campaigns/hostile-none/retract', 'manager', 'name', (v) => ({ reason: 'why', segmentIds: [v] })],
  ['POST', '/api/claims/hostile-none/withdraw', 'manager', 'text', (v) => ({ reason: v })],
  ['POST', '/api/channels/hostile-none/replay', 'manager', 'name', (v) => ({ since: v })],
  ['POST', '/api/channels', 'manager', 'name', (v) => ({ id: 'hostile-feed', kind: 'feed', name: v })],
  [
    'POST',
    '/api/reviews/hostile-none/s/request-changes',
    'reviewer',
    'text',
    (v) => ({ scriptSha256: SHA, comment: v }),
  ],
  [
    'POST',
    '/api/reviews/hostile-none/s/reject',
    'reviewer',
    'text',
    (v) => ({ scriptSha256: SHA, sceneComments: { 0: v } }),
  ],
  [
    'POST',
    '/api/reviews/hostile-none/s/request-rerender',
    'reviewer',
    'text',
    (v) => ({ videoSha256: SHA, comment: v }),
  ],
  ['POST', '/api/users', 'admin', 'name', (v) => ({ id: 'hostile-new', displayName: v, role: 'medical_reviewer' })],
  ['POST', '/api/users/hostile-none/role', 'admin', 'name', (v) => ({ role: v })],
  ['POST', '/api/users/hostile-none/tokens', 'admin', 'name', (v) => ({ label: v })],
];

const status = async (res: Response | Promise<Response>) => (await res).status;
const isClientError = (s: number) => s >= 400 && s < 500;

describe('hostile input', () => {
  it.each(JSON_ENDPOINTS)(
    '%s %s refuses hostile strings, deep and invalid JSON with a 4xx',
    async (m, path, who, kind, body) => {
      const results: Record<string, number> = {};
      for (const [what, value, where] of STRINGS) {
        if (where === 'names' && kind === 'text') continue;
        results[what] = await status(send(m, path, who, JSON.stringify(body(value))));
      }
      results['10,000 nested arrays'] = await status(send(m, path, who, DEEP));
      results['10,000 nested objects'] = await status(send(m, path, who, DEEP_OBJECT));
      results['invalid JSON'] = await status(send(m, path, who, '{"reason": "unterminated'));
      for (const [what, s] of Object.entries(results)) expect([what, isClientError(s)]).toEqual([what, true]);
      expect(results['a NUL']).toBe(400);
    },
  );

  const paths: [string, Who, (v: string) => string][] = [
    ['a campaign path', 'manager', (v) => `/api/campaigns/${v}`],
    ['a review path', 'reviewer', (v) => `/api/reviews/${v}/s`],
    ['a provenance path', 'anonymous', (v) => `/api/provenance/${v}`],
    ['the unauthenticated feed', 'anonymous', (v) => `/api/feeds/${v}`],
    ['an asset path', 'anonymous', (v) => `/assets/${v}/x.mp4`],
    ['a workspace path', 'reviewer', (v) => `/review/${v}/s`],
    ['a delivery query', 'manager', (v) => `/api/deliveries?campaign=${v}`],
    ['an audit query', 'admin', (v) => `/api/audit?after=${v}`],
    ['the login query', 'anonymous', (v) => `/login?next=${v}`],
  ];
  it.each(paths)('refuses control and broken characters in %s with a 400 naming the part', async (_what, who, url) => {
    for (const raw of ['%00', 'a%0Ab', '%ED%A0%80', '%E2%80%AE', encodeURIComponent('x'.repeat(5_000))]) {
      const res = await send('GET', url(raw), who);
      expect([raw, res.status]).toEqual([raw, 400]);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Path segment|Query/);
    }
  });

  it('refuses a hostile user name at the login form with a 400 that does not repeat it', async () => {
    const page = await site.request('/login');
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    // Form encoding turns a lone surrogate into U+FFFD, so only the other strings reach the server as sent.
    for (const [what, value] of STRINGS.filter(([w, v]) => v.length < 1_000 && !w.includes('surrogate'))) {
      const res = await site.request('/login', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, username: value, password: 'whatever it is' }).toString(),
      });
      expect([what, res.status]).toEqual([what, 400]);
      expect(await res.text()).not.toContain(value);
    }
  });

  it('refuses hostile comments at the workspace decision forms with a 4xx', async () => {
    for (const [path, decision, field] of [
      ['/review/hostile-none/s', 'request-changes', 'comment'],
      ['/review/hostile-none/s', 'request-changes', 'scene-0'],
      ['/review/hostile-none/s/video', 'request-rerender', 'comment'],
    ] as const) {
      for (const [what, value, where] of STRINGS) {
        if (where === 'names') continue;
        const res = await site.request(path, {
          method: 'POST',
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: session.csrf, decision, scriptSha256: SHA, [field]: value }).toString(),
        });
        expect([path, field, what, isClientError(res.status)]).toEqual([path, field, what, true]);
      }
    }
  });
});
