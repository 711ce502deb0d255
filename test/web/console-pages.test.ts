// The console campaign page reads a fixed number of queries per page of segments, pages without gaps in both UI
// languages, shows the outcomes of its page's segments, and still exports every outcome row as CSV.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, setSegmentStatus } from '../../db/campaign-repo.ts';
import { upsertChannel } from '../../db/channel-repo.ts';
import { ensureDelivery } from '../../db/delivery-repo.ts';
import { listCampaignOutcomes, recordOutcomeMessage } from '../../db/outcome-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { createUser } from '../../db/user-repo.ts';
import { outcomesCsvStream, segmentOutcomes } from '../../services/outcomes.ts';
import { createSessionStore } from '../../services/session.ts';
import { outcomesCsv, publishOutcomes } from '../../shared/outcomes.ts';
import { createWorkspace } from '../../web/app.ts';
import { suiteDatabases, testBrief, testSegment } from '../support/fixtures.ts';

const segId = (i: number) => `s${String(i).padStart(3, '0')}`;

describe.each(suiteDatabases())('console campaign pages on %s', (_name, url) => {
  const pool: Pool = createPool(url, 4);
  const suffix = randomBytes(3).toString('hex');
  const managerId = `cp-manager-${suffix}`;
  const channelId = `cp-cms-${suffix}`;
  const web = createWorkspace({ pool, temporal: {} as Client, outDir: '/nonexistent' });
  let cookie = '';

  beforeAll(async () => {
    await createUser(pool, {
      id: managerId,
      displayName: 'Manager',
      role: 'campaign_manager',
      password: 'correct horse battery staple',
    });
    cookie = `klartext_session=${(await createSessionStore(pool).create(managerId)).cookieValue}`;
    await upsertChannel(pool, undefined, { id: channelId, kind: 'folder', target: '/srv/cms' });
  });
  afterAll(() => pool.end());

  /**
   * A running campaign of `n` segments, every third one published with a video whose channel reported outcomes (the
   * second segment with two videos, observed at the same time); returns its id.
   */
  async function campaign(n: number): Promise<string> {
    const id = `cp-${randomBytes(4).toString('hex')}`;
    const segments = Array.from({ length: n }, (_, i) => testSegment(segId(i), { label: `Audience ${segId(i)}` }));
    const brief = testBrief({ name: id, title: `Console pages ${id}` });
    await createCampaign(pool, { id, brief, segments, claims: [], createdBy: managerId });
    await pool.query(`UPDATE campaigns SET status = 'RUNNING' WHERE id = $1`, [id]);
    const observedAt = new Date('2026-12-01T12:00:00Z');
    const reports = [];
    for (let i = 0; i < n; i += 3) {
      await setSegmentStatus(pool, id, segId(i), 'PUBLISHED');
      for (const video of i === 0 ? ['a', 'b'] : ['c']) {
        const delivery = `msg_${randomBytes(16).toString('hex')}`;
        await ensureDelivery(pool, {
          id: delivery,
          campaignId: id,
          segmentId: segId(i),
          channelId,
          eventType: 'video.approved',
          videoSha256: video.repeat(64),
        });
        reports.push({ deliveryId: delivery, observedAt, views: 100 + i, completions: 50, ctaClicks: 3 });
      }
    }
    for (let i = 1; i < n; i += 3) await setSegmentStatus(pool, id, segId(i), 'DRAFTING');
    if (reports.length > 0) {
      await recordOutcomeMessage(pool, { channelId, webhookId: `msg-${id}`, bodySha256: 'f'.repeat(64), reports });
    }
    return id;
  }

  /** Runs `fn` and counts the queries it sends through the pool. */
  async function countQueries(fn: () => Promise<unknown>): Promise<number> {
    const original = pool.query;
    let n = 0;
    pool.query = ((...args: Parameters<Pool['query']>) => {
      n += 1;
      return (original as (...a: unknown[]) => unknown).apply(pool, args);
    }) as Pool['query'];
    try {
      await fn();
    } finally {
      pool.query = original;
    }
    return n;
  }

  const get = (path: string, lang = 'en') => web.request(path, { headers: { cookie, 'accept-language': lang } });
  const page = async (path: string, lang = 'en') => {
    const res = await get(path, lang);
    const text = await res.text();
    expect(res.status, text.slice(0, 500)).toBe(200);
    return text;
  };
  const nextOf = (html: string) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  /** The segment ids of the page's segment table, in its order. */
  const segmentsOf = (html: string, id: string) =>
    [...html.matchAll(new RegExp(`href="/campaigns/${id}/segments/([^"]+)"`, 'g'))].map((m) => m[1]!);

  it('sends as many queries for a page of a long campaign as for a short one', async () => {
    const small = await campaign(3);
    const large = await campaign(60);
    const measure = (path: string) => countQueries(() => page(path));
    const few = await measure(`/campaigns/${small}/console?limit=20`);
    const first = await measure(`/campaigns/${large}/console?limit=20`);
    const later = await measure(nextOf(await page(`/campaigns/${large}/console?limit=20`))!);
    expect([first, later]).toEqual([few, few]);
    // Session, campaign and access, the summary's six, channels twice, stage counts, outcomes and their k.
    expect(few).toBeLessThanOrEqual(14);
  });

  it.each([
    ['en', '25 segments', 'Next page', 'Back to the first page', 'published'],
    ['de', '25 Segmente', 'Nächste Seite', 'Zurück zur ersten Seite', 'veröffentlicht'],
  ])('walks every segment once in id order by its next links, in %s', async (lang, count, next, first, published) => {
    const id = await campaign(25);
    const seen: string[] = [];
    let path: string | undefined = `/campaigns/${id}/console?limit=7`;
    let pages = 0;
    while (path) {
      const html = await page(path, lang);
      pages += 1;
      // The lede and the per-stage counts are the whole campaign's on every page.
      expect(html).toContain(count);
      expect(html).toMatch(new RegExp(`${published}</th>[\\s\\S]*?<td class="num">9</td>`));
      if (pages === 1) expect(html).toContain(`>${next}</a>`);
      if (pages > 1) expect(html).toContain(`href="/campaigns/${id}/console?limit=7">${first}</a>`);
      seen.push(...segmentsOf(html, id));
      path = nextOf(html);
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => segId(i)));
  });

  it('shows the outcomes of the page’s segments, and exports every row as CSV', async () => {
    const id = await campaign(25);
    const first = await page(`/campaigns/${id}/console?limit=10`);
    expect(first).toContain('For the segments on this page; the CSV lists every segment.');
    // s000 (two videos), s003, s006 and s009 are on the first page; s012 is not.
    expect(first.match(/<td class="num">10[0-9]<\/td>/g)).toHaveLength(5);
    expect(first).toContain('<bdi>Audience s009</bdi> <span class="sub">s009</span>');
    expect(first).not.toContain('<span class="sub">s012</span>');
    const last = await page(`/campaigns/${id}/console?limit=10&cursor=${encodeURIComponent(cursorAfter('s019'))}`);
    expect(last).toContain('<bdi>Audience s024</bdi> <span class="sub">s024</span>');
    const german = await page(`/campaigns/${id}/console?limit=10`, 'de');
    expect(german).toContain('Für die Segmente auf dieser Seite; die CSV-Datei enthält alle Segmente.');
    // A campaign that fits one page says nothing of pages.
    expect(await page(`/campaigns/${id}/console`)).not.toContain('on this page');
    const csv = await (await get(`/campaigns/${id}/outcomes.csv`)).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 10);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(
      ['s000', 's000', 's003', 's006', 's009', 's012', 's015', 's018', 's021', 's024'].sort(),
    );
  });

  it('shows a varied campaign’s variants A and B with their intervals after the outcomes, none for others', async () => {
    const id = `cp-hearing-${randomBytes(4).toString('hex')}`;
    const variants = {
      split: 'schedule' as const,
      switchAt: '2026-12-03T00:00:00+01:00',
      segments: ['older-adults'],
      b: { name: 'story-first' },
    };
    // The repository adds variant B's row (`older-adults.b`) from the brief.
    const segments = ['older-adults', 'partners'].map((s) => testSegment(s, { label: `Hearing ${s}` }));
    const brief = testBrief({ name: id, title: 'Hearing check at 60', variants });
    await createCampaign(pool, { id, brief, segments, claims: [], createdBy: managerId });
    const observedAt = new Date('2026-12-05T12:00:00Z');
    const reports = [];
    for (const [segmentId, views, completions] of [
      ['older-adults', 300, 150],
      ['older-adults.b', 280, 196],
      ['partners', 90, 3],
    ] as const) {
      const delivery = `msg_${randomBytes(16).toString('hex')}`;
      await ensureDelivery(pool, {
        id: delivery,
        campaignId: id,
        segmentId,
        channelId,
        eventType: 'video.approved',
        videoSha256: 'e'.repeat(64),
      });
      reports.push({ deliveryId: delivery, observedAt, views, completions, ctaClicks: 0 });
    }
    await recordOutcomeMessage(pool, { channelId, webhookId: `msg-${id}`, bodySha256: 'f'.repeat(64), reports });
    // A page holding only the B row still compares both variants of its segment.
    const html = await page(
      `/campaigns/${id}/console?limit=1&cursor=${encodeURIComponent(cursorAfter('older-adults'))}`,
    );
    expect(html.indexOf('Script variants')).toBeGreaterThan(html.indexOf('Outcomes from channels'));
    expect(html).toContain('split by time (B from the switch on)');
    expect(html).toContain('B (story-first)');
    expect(html).toContain('44.4–55.6 %');
    expect(html).toContain('64.4–75.1 %');
    expect(html.match(/role="img"/g)).toHaveLength(2);
    expect(html).not.toMatch(/winner|better|significant/i);
    const german = await page(`/campaigns/${id}/console`, 'de');
    expect(german).toContain('Skriptvarianten');
    expect(german).toContain('44,4–55,6 %');
    expect(await page(`/campaigns/${await campaign(3)}/console`)).not.toContain('Script variants');
  });

  it('writes the CSV a page at a time exactly as it was written whole, ties on time included', async () => {
    const id = await campaign(25);
    const whole = outcomesCsv(publishOutcomes(await listCampaignOutcomes(pool, id), 11));
    for (const size of [1, 2, 3, 100]) {
      expect(await new Response(await outcomesCsvStream(pool, id, size)).text()).toBe(whole);
    }
    // Nothing reported: the header alone.
    const none = await new Response(await outcomesCsvStream(pool, `cp-none-${suffix}`, 2)).text();
    expect(none).toMatch(/^segment_id,[^\n]*\r\n$/);
  });

  it('caps the outcome rows of a page, saying more exist', async () => {
    const id = await campaign(10);
    const ids = Array.from({ length: 10 }, (_, i) => segId(i));
    const capped = await segmentOutcomes(pool, id, ids, 3);
    expect([capped.outcomes.map((o) => o.segmentId), capped.more, capped.k]).toEqual([
      ['s000', 's000', 's003'],
      true,
      11,
    ]);
    expect((await segmentOutcomes(pool, id, ids, 5)).more).toBe(false);
  });

  it('answers a cursor it did not give out and a limit out of range with 400 and what to do', async () => {
    const id = await campaign(3);
    const bad = await get(`/campaigns/${id}/console?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not one this list gave out');
    const big = await get(`/campaigns/${id}/console?limit=5000`);
    expect(big.status).toBe(400);
    expect(await big.text()).toContain('limit must be a whole number from 1 to 500');
  });
});

/** The cursor the page gives out for the segments after `segmentId`. */
function cursorAfter(segmentId: string): string {
  return Buffer.from(JSON.stringify([segmentId]), 'utf8').toString('base64url');
}
