// The reviewer workspace in-process (app.request) with real sessions, workers and a launched example campaign.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../web/routes/web.ts';
import { createSessionStore } from '../../services/session.ts';
import { createUser } from '../../db/user-repo.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

const LABEL = '<script>alert("x")</script> Seniors 75+';
const PASSWORD = 'correct horse battery staple';
// Every claim gets a short German wording, so every scene that cites a claim has a key fact (markup escaped).
const keyFact = (claimId: string) => `Kurz <${claimId}> & klar.`;

let h: Harness;
let app: ReturnType<typeof webRoutes>;
let campaignId: string;
let segmentId: string;
let reviewer: { cookie: string; csrf: string };
let manager: { cookie: string; csrf: string };

async function sessionFor(userId: string) {
  const { cookieValue, csrfToken } = await createSessionStore(h.pool).create(userId);
  return { cookie: `klartext_session=${cookieValue}`, csrf: csrfToken };
}

const get = (path: string, who = reviewer) => app.request(path, { headers: { cookie: who.cookie } });
const post = (path: string, fields: Record<string, string>, who = reviewer) =>
  app.request(path, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  app = webRoutes({ pool: h.pool, temporal: h.client, outDir: h.outDir });
  const campaign = await h.example({ segments: 1 });
  campaign.segments[0]!.label = LABEL;
  campaign.claims = campaign.claims.map((c) => (c.text.de ? { ...c, shortText: { de: keyFact(c.id) } } : c));
  segmentId = campaign.segments[0]!.id;
  campaignId = await h.launch(campaign);
  const id = `web-reviewer-${randomBytes(3).toString('hex')}`;
  await createUser(h.pool, { id, displayName: 'Dr. Web Reviewer', role: 'medical_reviewer', password: PASSWORD });
  reviewer = await sessionFor(id);
  const owner = await h.pool.query(`SELECT created_by FROM campaigns WHERE id = $1`, [campaignId]);
  manager = await sessionFor(owner.rows[0].created_by);
  await eventually(
    async () =>
      // The queue is paged, oldest first: this campaign's filter keeps the items of other suites off its page.
      (await (await get(`/queue?campaign=${campaignId}`)).text()).includes(`/review/${campaignId}/${segmentId}"`)
        ? true
        : undefined,
    30_000,
    'the segment in the queue',
  );
});
afterAll(async () => {
  await h?.client.workflow
    .getHandle(campaignWorkflowId(campaignId))
    .terminate('test done')
    .catch(() => undefined);
  await h?.close();
});

const reviewPath = () => `/review/${campaignId}/${segmentId}`;
/** The review page's scenes, each `<li class="scene">` as text, in order. */
const scenesOf = (page: string) =>
  page
    .split('<li class="scene" id="scene-')
    .slice(1)
    .map((chunk) => chunk.split('</ol>')[0]!);
const sha = (page: string) => /name="scriptSha256" value="([0-9a-f]{64})"/.exec(page)?.[1] ?? '';

describe('webRoutes', () => {
  it('sends a visitor without a session to the login page', async () => {
    const res = await app.request('/queue');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fqueue');
  });

  it('lists a waiting script in the queue with its waiting time, campaign and findings', async () => {
    const res = await get('/queue');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain(`href="/review/${campaignId}/${segmentId}"`);
    expect(page).toMatch(/<time datetime="[^"]+">(&lt; 1|\d+) min<\/time>/);
    expect(page).toContain('<caption>');
    expect(page).toContain('<label for="f-campaign">Campaign</label>');
  });

  it('escapes a segment label that contains markup', async () => {
    const queue = await (await get(`/queue?campaign=${campaignId}`)).text();
    for (const page of [queue, await (await get(reviewPath())).text()]) {
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Seniors 75+');
      expect(page).not.toContain('<script>alert');
    }
  });

  it('shows the findings before the script, claim evidence anchors and the signing form', async () => {
    const page = await (await get(reviewPath())).text();
    expect(page.indexOf('id="findings"')).toBeGreaterThan(0);
    expect(page.indexOf('id="findings"')).toBeLessThan(page.indexOf('id="script"'));
    const refs = [...page.matchAll(/href="#claim-([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const id of refs) expect(page).toContain(`id="claim-${id}"`);
    expect(page).toMatch(/rel="noopener noreferrer"/);
    expect(page).toContain(`name="_csrf" value="${reviewer.csrf}"`);
    expect(page).toContain('autocomplete="current-password"');
    expect(page).toContain('medically accurate and appropriate for this audience');
    expect(page).toContain('name="scene-0"');
    expect(sha(page)).toHaveLength(64);
  });

  it("shows each scene's text on screen, and a key fact with its claim only in scenes that have one", async () => {
    const scenes = scenesOf(await (await get(reviewPath())).text());
    // The first claim the scene's spoken sentences cite (their evidence column).
    const firstClaim = (scene: string) =>
      /href="#claim-([^"]+)"/.exec(scene.split('<table class="sentences">')[1]!)?.[1];
    const withFact = scenes.filter((s) => firstClaim(s) !== undefined);
    const without = scenes.filter((s) => firstClaim(s) === undefined);
    expect(withFact.length).toBeGreaterThan(0);
    expect(without.length).toBeGreaterThan(0);
    for (const scene of withFact) {
      const id = firstClaim(scene)!;
      expect(scene).toContain('On-screen text');
      expect(scene).toContain('<dt>Heading</dt>');
      expect(scene).toContain('<dt>Key fact</dt>');
      expect(scene).toContain(`<p class="screen-main" lang="de">Kurz &lt;${id}&gt; &amp; klar.</p>`);
      expect(scene).toContain(`Approved short wording of claim <a href="#claim-${id}" class="claim-link">${id}</a>`);
      // The key fact sits above the narration, apart from the spoken sentences.
      expect(scene.indexOf('class="key-fact"')).toBeLessThan(scene.indexOf('<table class="sentences">'));
    }
    for (const scene of without) {
      expect(scene).toContain('On-screen text');
      expect(scene).toContain('<dt>Main text</dt>');
      expect(scene).not.toContain('Key fact');
      expect(scene).not.toContain('class="key-fact"');
      expect(scene).not.toContain('short wording');
    }
    const german = await (
      await app.request(reviewPath(), { headers: { cookie: reviewer.cookie, 'accept-language': 'de' } })
    ).text();
    const scene = scenesOf(german).find((s) => firstClaim(s) !== undefined)!;
    expect(scene).toContain('Text im Bild');
    expect(scene).toContain('<dt>Kernaussage</dt>');
    expect(scene).toContain(`Freigegebene Kurzfassung der Aussage <a href="#claim-${firstClaim(scene)}"`);
  });

  it('sets each sentence beside its rendering for a reader of another language, and none for one of the script’s', async () => {
    const german = await (
      await app.request(reviewPath(), { headers: { cookie: reviewer.cookie, 'accept-language': 'de' } })
    ).text();
    expect(german).not.toContain('class="rendering-cell"');
    expect(german).not.toContain('rückübersetzt');
    // The harness's workers have no translation provider: claim wordings are rendered, the rest is marked so.
    const english = await (await get(reviewPath())).text();
    expect(english).toContain('<th scope="col">In English (en)</th>');
    expect(english).toMatch(
      /<p class="rendering" lang="en">[^<]+<\/p>\s*<p class="rendering-source">Approved wording of claim/,
    );
    expect(english).toContain('<span class="tag tag-warning">Not back-translated</span>');
    expect(english).toContain('No translation provider is configured');
    const form = english.slice(english.indexOf('id="decide"'));
    expect(form).toMatch(
      /\d+ sentences of this script are not back-translated into English \(en\)\. If you do not read German \(de\)/,
    );
  });

  it('refuses a form without the CSRF token', async () => {
    const res = await post(reviewPath(), { decision: 'reject', comment: 'x', scriptSha256: 'a'.repeat(64) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('reload the page');
  });

  it('shows refusals verbatim with their status, keeping what the reviewer wrote', async () => {
    const scriptSha256 = sha(await (await get(reviewPath())).text());
    const base = { _csrf: reviewer.csrf, scriptSha256 };
    const empty = await post(reviewPath(), { ...base, decision: 'request-changes' });
    expect(empty.status).toBe(409);
    expect(await empty.text()).toMatch(
      /role="alert"[\s\S]*A change request needs a comment or an edit saying what to change\./,
    );
    const unsigned = await post(reviewPath(), { ...base, decision: 'approve', comment: 'Looks right.' });
    expect(unsigned.status).toBe(400);
    const page = await unsigned.text();
    expect(page).toContain('Signing needs your password');
    expect(page).toMatch(/<textarea id="comment"[^>]*>\s*Looks right\.<\/textarea>/);
    const wrong = await post(reviewPath(), { ...base, decision: 'approve', password: 'not my password at all' });
    expect(wrong.status).toBe(403);
    const stale = await post(reviewPath(), { ...base, scriptSha256: 'b'.repeat(64), decision: 'reject', comment: 'x' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Stale decision');
  });

  it('shows a manager the campaign counted per stage, and no decision form', async () => {
    const dashboard = await (await get('/dashboard', manager)).text();
    expect(dashboard).toContain(`href="/campaigns/${campaignId}"`);
    const campaign = await (await get(`/campaigns/${campaignId}`, manager)).text();
    expect(campaign).toContain('In review');
    const review = await (await get(reviewPath(), manager)).text();
    expect(review).not.toContain('name="password"');
    expect((await get('/dashboard')).status).toBe(403);
  });

  it('records a change request and returns to the queue with a confirmation', async () => {
    const scriptSha256 = sha(await (await get(reviewPath())).text());
    const res = await post(reviewPath(), {
      _csrf: reviewer.csrf,
      scriptSha256,
      decision: 'request-changes',
      'scene-0': 'Shorter intro, please.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/queue?done=changes-requested');
    expect(await (await get('/queue?done=changes-requested')).text()).toContain('Your change request was recorded.');
  });

  it('serves the stylesheet for a year', async () => {
    const res = await app.request('/static/workspace.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(res.headers.get('cache-control')).toContain('max-age=31536000');
  });
});
