// The claims library over HTTP: versions on change, withdrawn and expired claims never listed as usable.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import type { Claim } from '../../shared/types.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let app: ReturnType<typeof createApp>;
let curator: string;
let reviewer: string;
beforeAll(async () => {
  h = await createHarness();
  app = createApp({ pool: h.pool, temporal: h.client, outDir: h.outDir });
  const s = randomBytes(3).toString('hex');
  curator = await upsertUserWithToken(h.pool, { id: `lead-${s}`, displayName: 'Lead', role: 'lead_reviewer' });
  reviewer = await upsertUserWithToken(h.pool, { id: `rev-${s}`, displayName: 'Rev', role: 'medical_reviewer' });
});
afterAll(() => h?.close());

const request = (token: string, method: string, body?: unknown) =>
  app.request('/api/claims', {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const claim = (id: string, extra: Partial<Claim> = {}): Claim => ({
  id,
  text: { de: `Aussage ${id}.` },
  topics: ['safety'],
  source: { title: 'STIKO', publisher: 'RKI', url: 'https://www.rki.de', date: '2026-01-01' },
  status: 'active',
  ...extra,
});

interface Item {
  claim: Claim;
  versions: number;
  usable: boolean;
}

describe('claims library API', () => {
  it('keeps a new version when a claim changes and marks withdrawn or expired claims unusable', async () => {
    const s = randomBytes(3).toString('hex');
    const [a, b, c] = [`a-${s}`, `b-${s}`, `c-${s}`];
    const first = await request(curator, 'POST', {
      claims: [
        claim(a),
        claim(b, { status: 'withdrawn' }),
        claim(c, { validUntil: '2020-12-31', validFrom: '2020-01-01' }),
      ],
    });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ added: 3, changed: 0, unchanged: 0 });
    const second = await request(curator, 'POST', {
      claims: [claim(a, { text: { de: 'Neue Fassung.' } }), claim(b, { status: 'withdrawn' })],
    });
    expect(await second.json()).toEqual({ added: 0, changed: 1, unchanged: 1 });

    const list = (await (await request(reviewer, 'GET')).json()) as { items: Item[] };
    const byId = new Map(list.items.map((i) => [i.claim.id, i]));
    expect(byId.get(a)).toMatchObject({ versions: 2, usable: true, claim: { text: { de: 'Neue Fassung.' } } });
    expect(byId.get(b)).toMatchObject({ versions: 1, usable: false });
    expect(byId.get(c)).toMatchObject({ usable: false });
  });

  it('lets reviewers read but not import, and refuses a duplicate id in one import', async () => {
    expect((await request(reviewer, 'POST', { claims: [claim('x')] })).status).toBe(403);
    const dup = await request(curator, 'POST', { claims: [claim('dup'), claim('dup')] });
    expect(dup.status).toBe(400);
  });
});
