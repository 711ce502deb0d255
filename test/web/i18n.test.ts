// The workspace in German and English in-process: every page per language, the stored setting, no English on German pages.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../db/user-repo.ts';
import { createSessionStore } from '../../services/session.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { loginRoutes } from '../../web/routes/login.ts';
import { webRoutes } from '../../web/routes/web.ts';
import { formatDate } from '../../web/views/format.ts';
import { loginPage } from '../../web/views/login.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { englishLeftovers, germanReaderText } from './i18n-leftovers.ts';

const TITLE = 'Masern-Nachholimpfung Testkampagne';
const LABEL = 'Ältere Menschen in Testhausen';

let h: Harness;
let app: Hono;
let campaignId: string;
let segmentId: string;
type Who = { cookie: string; csrf: string; id: string };
let reviewer: Who;
let manager: Who;

async function sessionFor(id: string): Promise<Who> {
  const { cookieValue, csrfToken } = await createSessionStore(h.pool).create(id);
  return { cookie: `klartext_session=${cookieValue}`, csrf: csrfToken, id };
}

const get = (path: string, who: Who | undefined, lang?: string) =>
  app.request(path, {
    headers: { ...(who ? { cookie: who.cookie } : {}), ...(lang ? { 'accept-language': lang } : {}) },
  });

const post = (path: string, fields: Record<string, string>, who: Who, lang?: string) =>
  app.request(path, {
    method: 'POST',
    headers: {
      cookie: who.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      ...(lang ? { 'accept-language': lang } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });

/** Each page of the workspace, who reads it, and a text it shows in English and in German. */
const pages = () =>
  [
    { name: 'login', path: '/login', who: undefined, en: 'User name', de: 'Benutzername' },
    { name: 'queue', path: '/queue', who: reviewer, en: 'Review queue', de: 'Prüfliste' },
    {
      name: 'queue after a decision',
      path: '/queue?done=changes-requested',
      who: reviewer,
      en: 'Your change request was recorded.',
      de: 'Ihre Änderungsanforderung wurde protokolliert.',
    },
    { name: 'dashboard', path: '/dashboard', who: manager, en: 'Segments per stage', de: 'Segmente je Phase' },
    {
      name: 'campaign',
      path: `/campaigns/${campaignId}`,
      who: manager,
      en: 'Segments of this campaign',
      de: 'Segmente dieser Kampagne',
    },
    {
      name: 'review',
      path: `/review/${campaignId}/${segmentId}`,
      who: reviewer,
      en: 'Evidence: cited claims',
      de: 'Belege: zitierte Aussagen',
    },
    {
      name: 'review as manager',
      path: `/review/${campaignId}/${segmentId}`,
      who: manager,
      en: 'Only medical reviewers decide on scripts',
      de: 'Nur medizinische Prüferinnen und Prüfer entscheiden über Skripte',
    },
    {
      name: 'unknown campaign (404)',
      path: '/campaigns/no-such-campaign',
      who: manager,
      en: 'Campaign not found',
      de: 'Kampagne nicht gefunden',
    },
    {
      name: 'wrong role (403)',
      path: '/dashboard',
      who: reviewer,
      en: 'This needs one of the roles',
      de: 'Dafür ist eine der Rollen',
    },
  ] as const;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  app = new Hono();
  app.route('/', loginRoutes({ pool: h.pool, page: loginPage }));
  app.route('/', webRoutes({ pool: h.pool, temporal: h.client, outDir: h.outDir }));
  const campaign = await h.example({ segments: 1 });
  campaign.brief.title = TITLE;
  campaign.segments[0]!.label = LABEL;
  // Short wordings give the scenes key facts, so the review page is checked with its on-screen text labels too.
  campaign.claims = campaign.claims.map((c) => (c.text.de ? { ...c, shortText: { de: `Kurz: ${c.id}.` } } : c));
  segmentId = campaign.segments[0]!.id;
  campaignId = await h.launch(campaign);
  const id = `i18n-reviewer-${randomBytes(3).toString('hex')}`;
  await createUser(h.pool, { id, displayName: 'Dr. Lena Vogt', role: 'medical_reviewer', password: 'x'.repeat(16) });
  reviewer = await sessionFor(id);
  const owner = await h.pool.query(`SELECT created_by FROM campaigns WHERE id = $1`, [campaignId]);
  manager = await sessionFor(owner.rows[0].created_by);
  await eventually(
    async () =>
      (await (await get(`/queue?campaign=${campaignId}`, reviewer)).text()).includes(`/review/${campaignId}/`)
        ? true
        : undefined,
    60_000,
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

describe('workspace languages', () => {
  it('shows every page in English without Accept-Language and for English', async () => {
    for (const page of pages()) {
      for (const lang of [undefined, 'en-GB,en;q=0.8']) {
        const html = await (await get(page.path, page.who, lang)).text();
        expect(html, `${page.name} (${lang ?? 'no header'})`).toContain('<html lang="en">');
        expect(html, page.name).toContain(page.en);
        // The scan below finds the English texts on the English page: it would find them on a German one.
        expect(englishLeftovers(germanReaderText(html)).length, page.name).toBeGreaterThan(0);
      }
    }
  });

  it('shows every page in German for Accept-Language de, with no English catalog text left', async () => {
    for (const page of pages()) {
      const html = await (await get(page.path, page.who, 'de-DE,de;q=0.9,en;q=0.5')).text();
      expect(html, page.name).toContain('<html lang="de">');
      expect(html, page.name).toContain(page.de);
      expect(englishLeftovers(germanReaderText(html)), page.name).toEqual([]);
      if (process.env.KLARTEXT_DUMP_PAGES) console.log(germanReaderText(html).replace(/\s+/g, ' '));
    }
  });

  it('formats dates and numbers for the language', async () => {
    const created = (await h.pool.query(`SELECT created_at FROM campaigns WHERE id = $1`, [campaignId])).rows[0]
      .created_at as Date;
    const de = await (await get('/dashboard', manager, 'de')).text();
    expect(de).toContain(formatDate(created, 'de'));
    expect(formatDate(created, 'de')).toMatch(/^\d{1,2}\. \S+ \d{4}$/);
    const en = await (await get('/dashboard', manager, 'en')).text();
    expect(en).toContain(formatDate(created, 'en'));
    const size = (await h.pool.query(`SELECT size FROM segments WHERE campaign_id = $1`, [campaignId])).rows[0]
      .size as number;
    if (size >= 1000) {
      const review = async (lang: string) => (await get(`/review/${campaignId}/${segmentId}`, reviewer, lang)).text();
      expect(await review('de')).toContain(new Intl.NumberFormat('de-DE').format(size));
      expect(await review('en')).toContain(new Intl.NumberFormat('en-GB').format(size).replace(/,/g, '\u202f'));
    }
  });

  it('keeps the language a user chose over Accept-Language, and follows the browser again when reset', async () => {
    const who = await sessionFor(reviewer.id);
    const res = await post('/settings/language', { _csrf: who.csrf, locale: 'de', next: '/queue?language=de' }, who);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/queue?language=de');
    const chosen = await (await get('/queue', who, 'en')).text();
    expect(chosen).toContain('<html lang="de">');
    expect(chosen).toMatch(/<option value="de" lang="de"\s+selected/);
    // The setting belongs to the user, not the session: a new login speaks it too.
    expect(await (await get('/queue', await sessionFor(reviewer.id), 'en')).text()).toContain('<html lang="de">');
    await post('/settings/language', { _csrf: who.csrf, locale: '', next: '/queue' }, who);
    expect(await (await get('/queue', who, 'en')).text()).toContain('<html lang="en">');
  });

  it('sends the language switch back only to a path of this site', async () => {
    const res = await post(
      '/settings/language',
      { _csrf: reviewer.csrf, locale: 'en', next: '//evil.example/' },
      reviewer,
    );
    expect(res.headers.get('location')).toBe('/');
    await post('/settings/language', { _csrf: reviewer.csrf, locale: '', next: '/' }, reviewer);
  });

  it('refuses a language change without the CSRF token, in the page language', async () => {
    const res = await post('/settings/language', { locale: 'de' }, reviewer, 'de');
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Dieses Formular ist veraltet');
    expect(englishLeftovers(germanReaderText(page))).toEqual([]);
  });

  it('shows the video check, the signed decisions and the published campaign in German', async () => {
    const api = `/api/reviews/${campaignId}/${segmentId}`;
    const { state } = await h.reviewer.get<{ state: { scriptSha256: string } }>(api);
    await h.reviewer.post(`${api}/approve`, { scriptSha256: state.scriptSha256, password: TEST_PASSWORD });
    const review = async (lang: string) => (await get(`/review/${campaignId}/${segmentId}`, reviewer, lang)).text();
    const de = await eventually(
      async () => ((await review('de')).includes('name="videoSha256"') ? review('de') : undefined),
      90_000,
      'the rendered video waiting for its check',
    );
    expect(de).toContain('<html lang="de">');
    expect(de).toContain('Freigegeben (signiert)');
    expect(de).toContain('Mit der Annahme signieren Sie');
    expect(englishLeftovers(germanReaderText(de))).toEqual([]);
    const en = await review('en');
    expect(en).toContain('Approved (signed)');
    expect(en).toContain('By accepting, you sign that video');

    await h.acceptVideo(campaignId, segmentId);
    const campaignPage = async (lang: string) => (await get(`/campaigns/${campaignId}`, manager, lang)).text();
    const published = await eventually(
      async () => ((await campaignPage('de')).includes('status-PUBLISHED') ? campaignPage('de') : undefined),
      90_000,
      'the segment published',
    );
    expect(published).toContain('Veröffentlicht');
    expect(englishLeftovers(germanReaderText(published))).toEqual([]);
    expect(await campaignPage('en')).toMatch(/status-PUBLISHED">Published</);
  }, 240_000);

  it('says login errors in the browser language', async () => {
    const page = await (await app.request('/login', { method: 'POST', headers: { 'accept-language': 'de' } })).text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Dieses Formular war abgelaufen.');
  });
});
