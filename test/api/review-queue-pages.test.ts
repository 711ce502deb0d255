// The review queue, dashboard and campaign page read a fixed number of queries per page, and page without gaps.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreActivities } from '../../activities/store.ts';
import type { ActivityDeps } from '../../activities/deps.ts';
import { createApp } from '../../api/app.ts';
import { createCampaign, setSegmentStatus } from '../../db/campaign-repo.ts';
import { addManager } from '../../db/manager-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { saveScriptVersion, setScriptFindings } from '../../db/script-repo.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createSessionStore } from '../../services/session.ts';
import type { Script } from '../../shared/types.ts';
import { createWorkspace } from '../../web/app.ts';
import { suiteDatabases, testBrief, testSegment } from '../support/fixtures.ts';

/** A stored script's content matters here only for its hash: each round's text differs. */
const script = (n: number) => ({ title: `Version ${n}`, scenes: [] }) as unknown as Script;

interface QueueAnswer {
  items: { campaignId: string; segmentId: string; stage: string; since: string; round: number; mine?: string }[];
  total: number;
  next?: string;
}

describe.each(suiteDatabases())('review queue pages on %s', (_name, url) => {
  const pool: Pool = createPool(url, 4);
  const suffix = randomBytes(3).toString('hex');
  const manager = { id: `qp-manager-${suffix}`, displayName: 'Manager', role: 'campaign_manager' as const };
  const reviewer = { id: `qp-reviewer-${suffix}`, displayName: 'Reviewer', role: 'medical_reviewer' as const };
  const second = { id: `qp-second-${suffix}`, displayName: 'Second', role: 'lead_reviewer' as const };
  const tokens: Record<string, string> = {};
  const store = createStoreActivities({ pool } as ActivityDeps);
  const deps = { pool, temporal: {} as Client, outDir: '/nonexistent' };
  const api = createApp(deps);
  const web = createWorkspace(deps);
  let cookie = '';
  let managerCookie = '';

  beforeAll(async () => {
    for (const u of [manager, reviewer, second]) tokens[u.id] = await upsertUserWithToken(pool, u);
    cookie = `klartext_session=${(await createSessionStore(pool).create(reviewer.id)).cookieValue}`;
    managerCookie = `klartext_session=${(await createSessionStore(pool).create(manager.id)).cookieValue}`;
  });
  const made: string[] = [];
  afterAll(async () => {
    // Off the queue again: suites after this one share the database and read the queue's first page.
    await pool.query(`UPDATE segments SET status = 'CANCELLED' WHERE campaign_id = ANY($1)`, [made]);
    await pool.query(`DELETE FROM review_queue WHERE campaign_id = ANY($1)`, [made]);
    await pool.end();
  });

  /** A campaign of `n` segments whose scripts wait for review; returns its id. */
  async function campaignInReview(n: number, approvalsRequired = 1): Promise<string> {
    const id = `qp-${randomBytes(4).toString('hex')}`;
    const segments = Array.from({ length: n }, (_, i) => testSegment(`s${String(i).padStart(3, '0')}`));
    const brief = testBrief({ name: id, title: `Queue pages ${id}`, review: { approvalsRequired } });
    await createCampaign(pool, { id, brief, segments, claims: [], createdBy: manager.id });
    made.push(id);
    for (const s of segments) await enterReview(id, s.id, 1);
    return id;
  }

  /** What the workflow's activities record for a version going to review: stored, checked, then IN_REVIEW. */
  async function enterReview(campaignId: string, segmentId: string, round: number): Promise<string> {
    const sha = await saveScriptVersion(pool, {
      campaignId,
      segmentId,
      script: script(round),
      provider: 't',
      templateHash: 't',
      round,
    });
    await setScriptFindings(pool, { campaignId, segmentId, sha256: sha }, [
      { code: 'x', severity: 'warning', message: 'a warning' },
    ]);
    await store.setSegmentStatus({ campaignId, segmentId, status: 'IN_REVIEW' });
    return sha;
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

  const asReviewer = (path: string) =>
    api.request(path, { headers: { authorization: `Bearer ${tokens[reviewer.id]}` } });
  const asManager = (path: string) => api.request(path, { headers: { authorization: `Bearer ${tokens[manager.id]}` } });
  const ok = async (res: Response | Promise<Response>) => {
    const r = await res;
    expect(r.status, await r.clone().text()).toBe(200);
    return r;
  };

  it('sends as many queries for a page of a long queue as for a short one', async () => {
    const small = await campaignInReview(3);
    const paths = (id: string) => ({
      api: [`/api/reviews?campaign=${id}&limit=20`, `/api/campaigns?limit=20`, `/api/campaigns/${id}/summary?limit=20`],
      reviewerWeb: [`/queue?campaign=${id}&limit=20`],
      managerWeb: [`/dashboard?limit=20`, `/campaigns/${id}?limit=20`],
    });
    const measure = async (id: string) => {
      const p = paths(id);
      const counts: number[] = [];
      for (const path of p.api) {
        const as = path.startsWith('/api/reviews') ? asReviewer : asManager;
        counts.push(await countQueries(() => ok(as(path))));
      }
      for (const path of p.reviewerWeb)
        counts.push(await countQueries(() => ok(web.request(path, { headers: { cookie } }))));
      for (const path of p.managerWeb) {
        counts.push(await countQueries(() => ok(web.request(path, { headers: { cookie: managerCookie } }))));
      }
      return counts;
    };
    const few = await measure(small);
    const large = await campaignInReview(60);
    const many = await measure(large);
    expect(many).toEqual(few);
    // And small: the page itself is one or two queries besides the session or token check.
    expect(Math.max(...many)).toBeLessThanOrEqual(10);
    const page = (await (await ok(asReviewer(`/api/reviews?campaign=${large}&limit=20`))).json()) as QueueAnswer;
    expect([page.items.length, page.total, typeof page.next]).toEqual([20, 60, 'string']);
    // The workspace pages the same way: a next link keeping the filter, and from page 2 a link back to the first.
    const first = await (await ok(web.request(`/queue?campaign=${large}&limit=20`, { headers: { cookie } }))).text();
    const next = /<a href="([^"]+)" rel="next">/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(new RegExp(`^/queue\\?campaign=${large}&limit=20&cursor=`));
    const second = await (await ok(web.request(next!, { headers: { cookie } }))).text();
    expect(second).toContain(`href="/queue?campaign=${large}&amp;limit=20"`);
    expect(second).toContain('s020');
    expect(second).not.toContain('s019<');
  });

  it('pages through the queue oldest first, losing and repeating nothing while new items arrive', async () => {
    const id = await campaignInReview(23);
    // Ties on the waiting time are broken by campaign and segment id.
    await pool.query(
      `UPDATE review_queue SET waiting_since = now() - interval '1 hour' WHERE campaign_id = $1 AND segment_id < 's010'`,
      [id],
    );
    const seen: string[] = [];
    const times: number[] = [];
    let path: string | undefined = `/api/reviews?campaign=${id}&limit=5`;
    let added = 0;
    while (path) {
      const page = (await (await ok(asReviewer(path))).json()) as QueueAnswer;
      expect(page.items.length).toBeLessThanOrEqual(5);
      for (const i of page.items) {
        seen.push(i.segmentId);
        times.push(Date.parse(i.since));
      }
      // New work arrives between pages: a segment of this campaign goes back to review.
      if (added < 3) {
        await pool.query(
          `INSERT INTO segments (campaign_id, id, label, language, reading_level, size, concerns, tags)
           VALUES ($1, $2, 'New', 'de', 'plain', 40, '[]', '[]')`,
          [id, `t${added}`],
        );
        await enterReview(id, `t${added}`, 1);
        added += 1;
      }
      path = page.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((s) => s.startsWith('s')).sort()).toEqual(
      Array.from({ length: 23 }, (_, i) => `s${String(i).padStart(3, '0')}`),
    );
    expect(seen.filter((s) => s.startsWith('t'))).toEqual(['t0', 't1', 't2']);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(seen.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `s${String(i).padStart(3, '0')}`));
  });

  it('refuses a cursor it did not give out and a limit out of range, saying how to go on', async () => {
    const bad = await asReviewer('/api/reviews?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not one this list gave out/);
    const big = await asReviewer('/api/reviews?limit=5000');
    expect(big.status).toBe(400);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(
      /limit must be a whole number from 1 to 500/,
    );
  });

  it('keeps a round waiting until enough approvals, and takes it off at a change request or the last approval', async () => {
    const id = await campaignInReview(2, 2);
    const queue = async () =>
      ((await (await ok(asReviewer(`/api/reviews?campaign=${id}`))).json()) as QueueAnswer).items.map(
        (i) => `${i.segmentId}:${i.round}${i.mine ? `:${i.mine}` : ''}`,
      );
    const shaOf = async (segmentId: string) =>
      (
        await pool.query(`SELECT script_sha256 FROM review_queue WHERE campaign_id = $1 AND segment_id = $2`, [
          id,
          segmentId,
        ])
      ).rows[0].script_sha256 as string;
    const decide = async (
      segmentId: string,
      who: typeof reviewer | typeof second,
      decision: 'APPROVED' | 'CHANGES_REQUESTED',
    ) =>
      store.recordReviewDecision({
        campaignId: id,
        segmentId,
        scriptSha256: await shaOf(segmentId),
        round: 1,
        reviewerId: who.id,
        reviewerName: who.displayName,
        role: who.role,
        decision,
        comment: decision === 'APPROVED' ? '' : 'Shorter, please.',
        decidedAt: new Date().toISOString(),
      });
    expect(await queue()).toEqual(['s000:1', 's001:1']);
    await decide('s000', reviewer, 'APPROVED');
    // One of two approvals: still waiting, and the reviewer sees their own decision on it.
    expect(await queue()).toEqual(['s000:1:APPROVED', 's001:1']);
    await decide('s000', second, 'APPROVED');
    await decide('s001', second, 'CHANGES_REQUESTED');
    expect(await queue()).toEqual([]);
    // The redraft comes back as round 2, with the version checked last.
    const sha = await enterReview(id, 's001', 2);
    expect(await queue()).toEqual(['s001:2']);
    expect(await shaOf('s001')).toBe(sha);
    // Escalation marks it; a retried IN_REVIEW keeps both the mark and the waiting time.
    const before = (await (await ok(asReviewer(`/api/reviews?campaign=${id}`))).json()) as QueueAnswer;
    await store.notifyReview({ campaignId: id, segmentId: 's001', round: 2, kind: 'review.escalated' });
    await setSegmentStatus(pool, id, 's001', 'IN_REVIEW');
    const after = (await (await ok(asReviewer(`/api/reviews?campaign=${id}&escalated=1`))).json()) as QueueAnswer;
    expect(after.items.map((i) => [i.segmentId, i.since])).toEqual([['s001', before.items[0]!.since]]);
    await setSegmentStatus(pool, id, 's001', 'CANCELLED');
    expect(await queue()).toEqual([]);
  });

  it('leaves out of a reviewer’s queue the campaigns they manage, and shows a manager only theirs', async () => {
    const id = await campaignInReview(1);
    const other = `qp-other-${suffix}`;
    const items = async (token: string) =>
      (
        (await (
          await ok(api.request(`/api/reviews?campaign=${id}`, { headers: { authorization: `Bearer ${token}` } }))
        ).json()) as QueueAnswer
      ).items.length;
    expect(await items(tokens[second.id]!)).toBe(1);
    expect(await items(tokens[manager.id]!)).toBe(1);
    await addManager(pool, { campaignId: id, userId: second.id, grantedBy: manager.id });
    expect(await items(tokens[second.id]!)).toBe(0);
    const otherToken = await upsertUserWithToken(pool, { id: other, displayName: 'Other', role: 'campaign_manager' });
    expect(await items(otherToken)).toBe(0);
  });

  it('keeps the dashboard and queue counts equal to the rows they count, filters included', async () => {
    const id = await campaignInReview(4);
    await store.notifyReview({ campaignId: id, segmentId: 's001', round: 1, kind: 'review.escalated' });
    await setSegmentStatus(pool, id, 's002', 'DRAFTING');
    await pool.query(
      `UPDATE review_queue SET waiting_since = now() - interval '5 hours' WHERE campaign_id = $1 AND segment_id = 's003'`,
      [id],
    );
    // Segments of one campaign moving both ways at once, as several workers do: no deadlock, no count lost.
    const busy = await campaignInReview(12);
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          setSegmentStatus(pool, busy, `s${String(i).padStart(3, '0')}`, (i + round) % 2 ? 'DRAFTING' : 'IN_REVIEW'),
        ),
      );
    }
    const rows = async (sql: string) => (await pool.query(sql)).rows.map((r) => JSON.stringify(r)).sort();
    expect(await rows(`SELECT campaign_id, status, n FROM segment_status_counts WHERE n > 0`)).toEqual(
      await rows(`SELECT campaign_id, status, count(*)::int AS n FROM segments GROUP BY campaign_id, status`),
    );
    expect(await rows(`SELECT campaign_id, language, escalated, n FROM review_queue_counts WHERE n > 0`)).toEqual(
      await rows(`SELECT campaign_id, language, escalated, count(*)::int AS n FROM review_queue GROUP BY 1, 2, 3`),
    );
    const total = async (query: string) =>
      ((await (await ok(asReviewer(`/api/reviews?campaign=${id}${query}`))).json()) as QueueAnswer).total;
    expect([
      await total(''),
      await total('&escalated=1'),
      await total('&waiting=4'),
      await total('&language=tr'),
    ]).toEqual([3, 1, 1, 0]);
    const stages = (await (await ok(asManager(`/api/campaigns/${id}/summary`))).json()) as { segmentCount: number };
    expect(stages.segmentCount).toBe(4);
  });
});
