// `npm run bench:queue`: 10,000 items waiting for review (BENCH_ITEMS to change) in a fresh PostgreSQL database of its
// own, the real HTTP server in front, and p50/p95 of the review queue, dashboard and campaign page (API and web), and of
// the manager's console page of one campaign of as many segments.
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { setSegmentStatus } from '../db/campaign-repo.ts';
import { encodeCursor } from '../db/keyset.ts';
import { migrate } from '../db/migrate.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { upsertUserWithToken } from '../db/user-repo.ts';
import { startServer } from '../server/site.ts';
import { createSessionStore } from '../services/session.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
/** Requests timed per page kind (after WARMUP untimed ones). */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = 20;
const TARGET_MS = 100;
/** The server whose `postgres` database is used to create (and drop) the bench's own database. */
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CAMPAIGNS = 40;
/** Besides the items in review, per campaign: published segments (videos, decisions, deliveries) and idle ones. */
const PUBLISHED_PER_CAMPAIGN = 75;
const IDLE_PER_CAMPAIGN = 50;
/** The console page's campaign: ITEMS segments, every other one published with two deliveries and their outcomes. */
const CONSOLE_CAMPAIGN = 'bench-console';

/** Queries sent through the pool once seeded, counted by wrapping its `query` (what the page repositories call). */
const counted = { n: 0 };

const dbName = `klartext_bench_queue_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;
let closing = false;
// Dropping the database at the end ends the pool's last connections; that is expected then, and not reported.
const pool = createPool(url.toString(), 8, 5_000, (line) => closing || console.warn(line));
let stopServer: (() => Promise<void>) | undefined;

try {
  await migrate(pool);
  const seeded = await seed(pool);
  console.log(
    `seeded ${seeded.waiting.toLocaleString('en')} items waiting for review (${seeded.videos.toLocaleString('en')} of them videos) ` +
      `and ${seeded.other.toLocaleString('en')} other segments in ${CAMPAIGNS} campaigns in ${seeded.seconds.toFixed(1)} s ` +
      `(each item put on the queue by the recording path, setSegmentStatus); the console's campaign has ` +
      `${seeded.console.toLocaleString('en')} segments of these, half of them published with outcomes`,
  );

  // The measured pages read no workflow; the client is lazy, so no Temporal server is needed.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const server = await startServer({ pool, temporal, outDir: '/nonexistent' }, '127.0.0.1', 0);
  stopServer = server.stop;
  const reviewerToken = await upsertUserWithToken(pool, {
    id: 'bench-reviewer',
    displayName: 'Reviewer',
    role: 'medical_reviewer',
  });
  const managerToken = await upsertUserWithToken(pool, {
    id: 'bench-manager',
    displayName: 'Manager',
    role: 'campaign_manager',
  });
  const sessions = createSessionStore(pool);
  const reviewerCookie = `klartext_session=${(await sessions.create('bench-reviewer')).cookieValue}`;
  const managerCookie = `klartext_session=${(await sessions.create('bench-manager')).cookieValue}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const rows: Row[] = [];
  const campaign = seeded.biggest;
  rows.push(await measure('API  review queue (walk all pages)', '/api/reviews', bearer(reviewerToken), nextFromJson));
  rows.push(await measure('web  review queue (walk all pages)', '/queue', { cookie: reviewerCookie }, nextFromHtml));
  rows.push(await measure('API  dashboard (campaign list)', '/api/campaigns', bearer(managerToken), nextFromJson));
  rows.push(await measure('web  dashboard', '/dashboard', { cookie: managerCookie }, nextFromHtml));
  rows.push(
    await measure(
      'API  campaign page (segments)',
      `/api/campaigns/${campaign}/summary?limit=100`,
      bearer(managerToken),
      nextFromJson,
    ),
  );
  rows.push(await measure('web  campaign page', `/campaigns/${campaign}`, { cookie: managerCookie }, nextFromHtml));
  const console_ = `/campaigns/${CONSOLE_CAMPAIGN}/console`;
  rows.push(await measure('web  console page (first page)', console_, { cookie: managerCookie }, () => undefined));
  // From the middle of the campaign on, through its next links to the last page (and again).
  const middle = `${console_}?cursor=${encodeCursor([`seg-${String(Math.floor(ITEMS / 2)).padStart(5, '0')}`])}`;
  rows.push(await measure('web  console page (later pages)', middle, { cookie: managerCookie }, nextFromHtml));

  console.log('');
  console.log(
    `${'page'.padEnd(36)} ${'n'.padStart(4)} ${'queries'.padStart(7)} ${'CPU ms'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)}  p95/target`,
  );
  for (const r of rows) {
    console.log(
      `${r.what.padEnd(36)} ${String(r.n).padStart(4)} ${r.queries.toFixed(1).padStart(7)} ${r.cpu.toFixed(1).padStart(7)} ${r.p50.toFixed(1).padStart(7)} ` +
        `${r.p95.toFixed(1).padStart(7)} ${r.max.toFixed(1).padStart(7)}  ${(r.p95 / TARGET_MS).toFixed(2)}`,
    );
  }
  const [load] = loadavg();
  console.log(
    `\ntarget: p95 < ${TARGET_MS} ms per page with ${ITEMS.toLocaleString('en')} items waiting; queries: database queries per request (session or token check included); CPU ms: this process's CPU time per request, server and client (the database's is not in it)`,
  );
  console.log(
    `load average at the end ${load?.toFixed(1)} on ${availableParallelism()} cores (figures mean little when it is above the cores)`,
  );
  console.log(rows.every((r) => r.p95 < TARGET_MS) ? 'targets met' : 'TARGETS MISSED');

  /** Times REQUESTS requests of one page kind, following its next links (and starting over at the end). */
  async function measure(
    what: string,
    first: string,
    headers: Record<string, string>,
    next: (body: string) => string | undefined,
  ): Promise<Row> {
    const times: number[] = [];
    let queries = 0;
    let cpu = 0;
    let path = first;
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const before = counted.n;
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers });
      const body = await res.text();
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpuBefore);
      if (res.status !== 200) throw new Error(`${what}: ${path} answered ${res.status}: ${body.slice(0, 300)}`);
      if (i >= WARMUP) {
        times.push(ms);
        queries += counted.n - before;
        cpu += (used.user + used.system) / 1000;
      }
      path = next(body) ?? first;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    const n = times.length;
    return { what, n, queries: queries / n, cpu: cpu / n, p50: at(0.5), p95: at(0.95), max: times.at(-1)! };
  }
} finally {
  closing = true;
  await stopServer?.();
  await pool.end();
  if (process.env.BENCH_KEEP_DATABASE) console.log(`kept database ${dbName} (BENCH_KEEP_DATABASE)`);
  else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

interface Row {
  what: string;
  n: number;
  queries: number;
  /** CPU milliseconds of this process (server and client) per request: what the load on the machine does not change. */
  cpu: number;
  p50: number;
  p95: number;
  max: number;
}

function nextFromJson(body: string): string | undefined {
  return (JSON.parse(body) as { next?: string }).next;
}

function nextFromHtml(body: string): string | undefined {
  return /<a href="([^"]+)" rel="next">/.exec(body)?.[1]?.replaceAll('&amp;', '&');
}

/**
 * Campaigns, segments, script versions with findings, decisions, videos and deliveries in bulk SQL; then each waiting
 * segment is put on the queue one statement at a time by setSegmentStatus, as the workflow's activity does it.
 */
async function seed(db: Pool) {
  const started = performance.now();
  await db.query(
    `INSERT INTO users (id, display_name, role, token_sha256) VALUES ('bench-creator', 'Creator', 'campaign_manager', 'x')`,
  );
  const perCampaign = Math.ceil(ITEMS / CAMPAIGNS);
  const brief = { name: 'bench', title: 'Bench', review: { approvalsRequired: 1 }, callToAction: { de: '…' } };
  await db.query(
    `INSERT INTO campaigns (id, name, title, brief, status, created_by, created_at)
     SELECT 'bench-' || lpad(c::text, 3, '0'), 'bench-' || c, 'Bench campaign ' || c, $1, 'RUNNING', 'bench-creator',
            now() - (c || ' hours')::interval
       FROM generate_series(1, $2) c`,
    [JSON.stringify(brief), CAMPAIGNS],
  );
  const total = perCampaign + PUBLISHED_PER_CAMPAIGN + IDLE_PER_CAMPAIGN;
  // Segment n of a campaign: the first `perCampaign` wait for review, then published ones, then idle ones.
  await db.query(
    `INSERT INTO segments (campaign_id, id, label, language, reading_level, size, concerns, tags, status)
     SELECT 'bench-' || lpad(c::text, 3, '0'), 'seg-' || lpad(n::text, 5, '0'), 'Segment ' || n,
            (ARRAY['de', 'en', 'tr', 'uk'])[1 + n % 4], 'plain', 40 + n % 500, '["safety"]', '[]',
            CASE WHEN n <= $2 THEN 'DRAFTING' WHEN n <= $2 + $3 THEN 'PUBLISHED' ELSE 'PENDING' END
       FROM generate_series(1, $1) c, generate_series(1, $4) n
      WHERE n > $2 OR (c - 1) * $2 + n <= $5`,
    [CAMPAIGNS, perCampaign, PUBLISHED_PER_CAMPAIGN, total, ITEMS],
  );
  await db.query(
    `INSERT INTO campaigns (id, name, title, brief, status, created_by) VALUES ($1, $1, 'Bench console', $2, 'RUNNING', 'bench-creator')`,
    // The console reads the brief's video settings (its budget).
    [CONSOLE_CAMPAIGN, JSON.stringify({ ...brief, video: { width: 1280, height: 720, budgetSeconds: 36_000 } })],
  );
  // Published or in other stages than review (the queue's count stays ITEMS); published ones get what the others get.
  await db.query(
    `INSERT INTO segments (campaign_id, id, label, language, reading_level, size, concerns, tags, status)
     SELECT $1, 'seg-' || lpad(n::text, 5, '0'), 'Segment ' || n, (ARRAY['de', 'en', 'tr', 'uk'])[1 + n % 4], 'plain',
            40 + n % 500, '["safety"]', '[]', (ARRAY['PUBLISHED', 'PENDING', 'PUBLISHED', 'RENDERING'])[1 + n % 4]
       FROM generate_series(1, $2) n`,
    [CONSOLE_CAMPAIGN, ITEMS],
  );
  const findings = JSON.stringify([
    { code: 'readability', severity: 'warning', message: 'Long sentence.' },
    { code: 'length', severity: 'info', message: 'Near the length limit.' },
  ]);
  await db.query(
    `INSERT INTO script_versions (sha256, campaign_id, segment_id, script, provider, template_hash, findings, round, checked_at)
     SELECT md5(s.campaign_id || s.id) || md5(s.id || s.campaign_id), s.campaign_id, s.id, '{"title":"Bench"}', 'local', 't', $1, 1, now()
       FROM segments s WHERE s.status IN ('DRAFTING', 'PUBLISHED')`,
    [findings],
  );
  await db.query(
    `INSERT INTO review_decisions (campaign_id, segment_id, script_sha256, round, reviewer_id, reviewer_name, decision, comment, decided_at)
     SELECT s.campaign_id, s.id, md5(s.campaign_id || s.id) || md5(s.id || s.campaign_id), 1, 'bench-creator', 'Earlier reviewer',
            CASE s.status WHEN 'PUBLISHED' THEN 'APPROVED' ELSE 'CHANGES_REQUESTED' END, '', now() - interval '1 day'
       FROM segments s
      WHERE s.status = 'PUBLISHED' OR (s.status = 'DRAFTING' AND right(s.id, 1) = '3')`,
  );
  // Every fifth waiting segment waits with its rendered video; published ones have theirs, and two deliveries each.
  await db.query(
    `INSERT INTO videos (campaign_id, segment_id, generation_key, script_sha256, video_path, video_sha256, duration_seconds, captions_path)
     SELECT s.campaign_id, s.id, 'gen-' || s.campaign_id || '-' || s.id, md5(s.campaign_id || s.id) || md5(s.id || s.campaign_id),
            '/bench/' || s.id || '.mp4', md5(s.id) || md5(s.campaign_id), 45, '/bench/' || s.id || '.vtt'
       FROM segments s WHERE s.status = 'PUBLISHED' OR (s.status = 'DRAFTING' AND right(s.id, 1) IN ('0', '5'))`,
  );
  await db.query(
    `INSERT INTO deliveries (id, campaign_id, segment_id, channel_id, event_type, video_sha256, status, attempts)
     SELECT 'del-' || s.campaign_id || '-' || s.id || '-' || ch, s.campaign_id, s.id, ch, 'video.published',
            md5(s.id) || md5(s.campaign_id), 'delivered', 1
       FROM segments s, unnest(ARRAY['web-cms', 'messenger']) ch WHERE s.status = 'PUBLISHED'`,
  );
  await db.query(
    `INSERT INTO campaign_managers (campaign_id, user_id, granted_by)
     SELECT id, 'bench-creator', 'bench-creator' FROM campaigns`,
  );
  await upsertUserWithToken(db, { id: 'bench-manager', displayName: 'Manager', role: 'campaign_manager' });
  await db.query(
    `INSERT INTO campaign_managers (campaign_id, user_id, granted_by) SELECT id, 'bench-manager', 'bench-creator' FROM campaigns`,
  );
  await seedConsoleCampaign(db);
  const waiting = (
    await db.query<{ campaign_id: string; id: string; video: boolean }>(
      `SELECT s.campaign_id, s.id, EXISTS (SELECT 1 FROM videos v WHERE v.campaign_id = s.campaign_id AND v.segment_id = s.id) AS video
         FROM segments s WHERE s.status = 'DRAFTING' ORDER BY s.campaign_id, s.id`,
    )
  ).rows;
  // Four at a time, as several workers would record them.
  for (let i = 0; i < waiting.length; i += 4) {
    await Promise.all(
      waiting
        .slice(i, i + 4)
        .map((s) => setSegmentStatus(db, s.campaign_id, s.id, s.video ? 'VIDEO_REVIEW' : 'IN_REVIEW')),
    );
  }
  const consoleSegments = (
    await db.query(`SELECT count(*)::int AS n FROM segments WHERE campaign_id = $1`, [CONSOLE_CAMPAIGN])
  ).rows[0].n as number;
  await db.query('ANALYZE');
  const queued = (await db.query(`SELECT count(*)::int AS n FROM review_queue`)).rows[0].n as number;
  if (queued !== ITEMS) throw new Error(`expected ${ITEMS} items on the queue, found ${queued}`);
  const other = (await db.query(`SELECT count(*)::int AS n FROM segments`)).rows[0].n - queued;
  const query = db.query.bind(db);
  db.query = ((...args: Parameters<typeof query>) => {
    counted.n += 1;
    return (query as (...a: unknown[]) => unknown)(...args);
  }) as typeof db.query;
  return {
    waiting: queued,
    videos: waiting.filter((s) => s.video).length,
    other,
    biggest: 'bench-001',
    console: consoleSegments,
    seconds: (performance.now() - started) / 1000,
  };
}

/** What channels reported for each delivery of the console campaign: its outcomes table has a row per delivery. */
async function seedConsoleCampaign(db: Pool) {
  await db.query(
    `INSERT INTO delivery_outcomes (delivery_id, views, completions, cta_clicks, observed_at, webhook_id)
     SELECT d.id, 20 + abs(hashtext(d.id)) % 900, 5, 3, now() - interval '1 hour', 'bench-outcomes'
       FROM deliveries d WHERE d.campaign_id = $1`,
    [CONSOLE_CAMPAIGN],
  );
}
