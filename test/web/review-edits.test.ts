// The review form's script edits in-process (app.request): typed, checked, and made by the next version.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../web/routes/web.ts';
import { createSessionStore } from '../../services/session.ts';
import { createUser } from '../../db/user-repo.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import type { Script } from '../../shared/types.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
let app: ReturnType<typeof webRoutes>;
let campaignId: string;
let segmentId: string;
let reviewer: { cookie: string; csrf: string };

const path = () => `/review/${campaignId}/${segmentId}`;
const page = async (language = 'en') =>
  (await app.request(path(), { headers: { cookie: reviewer.cookie, 'accept-language': language } })).text();
const sha = (html: string) => /name="scriptSha256" value="([0-9a-f]{64})"/.exec(html)?.[1] ?? '';
const post = (fields: Record<string, string>) =>
  app.request(path(), {
    method: 'POST',
    headers: { cookie: reviewer.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ _csrf: reviewer.csrf, decision: 'request-changes', ...fields }).toString(),
  });
const inReview = (round: number) =>
  eventually(
    async () => {
      const item = await h.reviewer
        .get<{ state: { status: string; round: number }; script: Script }>(`/api/reviews/${campaignId}/${segmentId}`)
        .catch(() => undefined);
      return item?.state.status === 'IN_REVIEW' && item.state.round === round ? item : undefined;
    },
    30_000,
    `round ${round} in review`,
  );

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  app = webRoutes({ pool: h.pool, temporal: h.client, outDir: h.outDir });
  const example = await h.example({ segments: 1 });
  const wordings = {
    shortText: { de: 'Kurz gesagt: fragen Sie Ihre Praxis.' },
    alternatives: { de: ['Anders gesagt.'] },
  };
  const campaign = { ...example, claims: example.claims.map((c) => ({ ...c, ...wordings })) };
  segmentId = campaign.segments[0]!.id;
  campaignId = await h.launch(campaign);
  const id = `edits-reviewer-${randomBytes(3).toString('hex')}`;
  await createUser(h.pool, {
    id,
    displayName: 'Dr. Edits',
    role: 'medical_reviewer',
    password: 'a long enough password!',
  });
  const { cookieValue, csrfToken } = await createSessionStore(h.pool).create(id);
  reviewer = { cookie: `klartext_session=${cookieValue}`, csrf: csrfToken };
  await inReview(1);
});
afterAll(async () => {
  await h?.client.workflow
    .getHandle(campaignWorkflowId(campaignId))
    .terminate('test done')
    .catch(() => undefined);
  await h?.close();
});

describe('the review form’s script edits', () => {
  it('offers an edits field explained in the page’s language', async () => {
    const en = await page('en');
    expect(en).toContain('<textarea id="edits" name="edits"');
    expect(en).toContain('Edits for the next version');
    expect(en).toContain('<code lang="en">drop 3.2</code>');
    const de = await page('de');
    expect(de).toContain('Änderungen für die nächste Fassung');
    expect(de).not.toContain('Edits for the next version');
  });

  it('shows beside each cited claim its other approved wordings, which edits may ask for', async () => {
    const en = await page('en');
    expect(en).toContain('Other approved wordings');
    expect(en).toMatch(
      /<dt>Short wording \(edit: shorten\)<\/dt>\s*<dd lang="de">Kurz gesagt: fragen Sie Ihre Praxis\.<\/dd>/,
    );
    expect(en).toMatch(/<dt>Alternative 1 \(edit: alternative … 1\)<\/dt>\s*<dd lang="de">Anders gesagt\.<\/dd>/);
    expect(await page('de')).toContain('Weitere freigegebene Formulierungen');
  });

  it('refuses a mistyped or impossible edit, keeping what the reviewer typed', async () => {
    const scriptSha256 = sha(await page());
    const typo = await post({ scriptSha256, edits: 'drop 2\ncut 3' });
    expect(typo.status).toBe(400);
    const typoPage = await typo.text();
    expect(typoPage).toContain('Edit line 2: &#39;cut 3&#39;: unknown edit &#39;cut&#39;');
    expect(typoPage).toMatch(/<textarea id="edits"[^>]*>\s*drop 2\ncut 3<\/textarea>/);
    const impossible = await post({ scriptSha256, edits: 'drop 40' });
    expect(impossible.status).toBe(400);
    expect(await impossible.text()).toContain('Edit 1 (Drop scene 40): the script has scenes 1 to');
  });

  it('sends edits with a change request; the next version makes them', async () => {
    const before = await inReview(1);
    const res = await post({ scriptSha256: sha(await page()), edits: 'drop 2.1' });
    expect(res.status).toBe(303);
    const after = await inReview(2);
    const dropped = before.script.scenes[1]!.sentences.slice(1);
    if (dropped.length === 0) expect(after.script.scenes).toHaveLength(before.script.scenes.length - 1);
    else expect(after.script.scenes[1]!.sentences).toEqual(dropped);
  });
});
