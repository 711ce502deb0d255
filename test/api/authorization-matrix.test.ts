// Who may do what: every role against every registered API route and workspace page, on a campaign of their own and
// on another manager's. The table must name every route the apps register, so a new route cannot go unchecked.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { queueViewer } from '../../api/ownership.ts';
import type { AppDeps } from '../../api/deps.ts';
import { listAudit } from '../../db/audit-repo.ts';
import { getCampaign, setSegmentStatus } from '../../db/campaign-repo.ts';
import { listQueuePage } from '../../db/queue-page-repo.ts';
import { ensureDelivery } from '../../db/delivery-repo.ts';
import { saveScriptVersion } from '../../db/script-repo.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { conflictedUserIds } from '../../services/launch.ts';
import { createSessionStore } from '../../services/session.ts';
import type { Role } from '../../shared/roles.ts';
import { campaignWorkflowId, segmentUploadWorkflowId } from '../../shared/task-queues.ts';
import type { Script } from '../../shared/types.ts';
import { loadOrCreateSigningKey } from '../../video/provenance/keys.ts';
import { createWorkspace } from '../../web/app.ts';
import { createHarness, type Harness } from '../support/harness.ts';

/** The roles of the matrix: the campaign's creator, another manager, a co-manager added by delegation, and the rest. */
const WHO = ['owner', 'other', 'co', 'admin', 'medical', 'lead', 'language', 'tester', 'channel', 'anonymous'] as const;
type Who = (typeof WHO)[number];
const ROLE: Record<Exclude<Who, 'anonymous'>, Role> = {
  owner: 'campaign_manager',
  other: 'campaign_manager',
  co: 'campaign_manager',
  admin: 'admin',
  medical: 'medical_reviewer',
  lead: 'lead_reviewer',
  language: 'language_reviewer',
  tester: 'test_reader',
  channel: 'channel',
};

/** The 404 of a campaign the caller does not manage, told apart from other 404s by its message. */
const H = 'hidden';
type Outcome = number | typeof H;
/** Per role: one outcome for both campaigns, or [on the owner's campaign, on the other manager's]. */
type Expect = Record<Who, Outcome | [Outcome, Outcome]>;

/** Manager-only and campaign-scoped: the campaign's managers and admins get `ok`, other managers the hidden 404. */
const managed = (ok: Outcome): Expect => ({
  owner: [ok, H],
  other: [H, ok],
  co: [ok, H],
  admin: ok,
  medical: 403,
  lead: 403,
  language: 403,
  tester: 403,
  channel: 403,
  anonymous: 401,
});
/** Campaign-scoped and read by reviewers too, who review every campaign. */
const readable = (ok: Outcome, reviewers: Outcome = ok): Expect => ({
  ...managed(ok),
  medical: reviewers,
  lead: reviewers,
  language: reviewers,
  tester: reviewers,
});
/** Not campaign-scoped: `allowed` roles get `ok`, other roles 403, anonymous 401. */
const roles = (ok: Outcome, allowed: readonly Who[]): Expect =>
  Object.fromEntries(WHO.map((w) => [w, allowed.includes(w) ? ok : w === 'anonymous' ? 401 : 403])) as Expect;
const everyone = (ok: Outcome): Expect => Object.fromEntries(WHO.map((w) => [w, ok])) as Expect;

const MANAGERS = ['owner', 'other', 'co', 'admin'] as const;
const STAFF = [...MANAGERS, 'medical', 'lead'] as const;
/** Staff and the readers who sign scripts off (language reviewers, test readers): the queue, scripts, claims. */
const READERS = [...STAFF, 'language', 'tester'] as const;
const SHA = 'a'.repeat(64);

/** What a row's request may use: the campaign (own or other's) and the fixtures seeded for it. */
interface Ctx {
  campaign: string;
  segment: string;
  /** A running upload workflow of this campaign. */
  upload: string;
  unique: string;
}

interface Row {
  /** `METHOD /path` exactly as the app registers it. */
  route: string;
  url: (x: Ctx) => string;
  body?: (x: Ctx) => unknown;
  /** Campaign-scoped: asked on the owner's campaign and on the other manager's. */
  scoped?: boolean;
  /** A new pair of draft campaigns for every request (the request changes the campaign). */
  fresh?: boolean;
  expect: Expect;
  /** The hidden 404's message, when not "No campaign <id>.". */
  hidden?: RegExp;
}

let h: Harness;
let deps: AppDeps;
let api: Hono;
let web: Hono;
let suffix: string;
const tokens: Partial<Record<Who, string>> = {};
const ids = {} as Record<Exclude<Who, 'anonymous'> | 'spare' | 'extra' | 'victim', string>;
let live: { own: string; other: string };
let segmentId: string;
let example: Awaited<ReturnType<Harness['example']>>;
let spec: string;
let channelId: string;
let claimId: string;
const uploads: Record<string, string> = {};
/** Workflows this file started without a worker; terminated at the end so no other file's worker picks them up. */
const started: string[] = [];

const script: Script = {
  title: 'Matrix',
  language: 'de',
  readingLevel: 'plain',
  scenes: [{ sentences: [{ text: 'N', claimIds: [] }], onScreenText: 'O', visual: 'V', durationSeconds: 4 }],
  callToAction: 'C',
  aiDisclosure: 'KI',
  sources: [],
};

async function call(who: Who, method: string, url: string, body?: unknown): Promise<Response> {
  const token = tokens[who];
  return api.request(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function ok<T>(res: Promise<Response>): Promise<T> {
  const r = await res;
  const json = (await r.json()) as T;
  if (r.status >= 300) throw new Error(`setup request failed with ${r.status}: ${JSON.stringify(json)}`);
  return json;
}

/** A draft campaign of `creator`'s; the creator delegates it to `spare` (and, for the owner's, to `co`). */
async function draft(creator: 'owner' | 'other'): Promise<string> {
  const campaignId = `mx-${creator}-${randomBytes(4).toString('hex')}`;
  await ok(call(creator, 'POST', '/api/campaigns', { ...example, campaignId, launch: false }));
  const delegate = creator === 'owner' ? [ids.co, ids.spare] : [ids.spare];
  for (const userId of delegate) await ok(call(creator, 'POST', `/api/campaigns/${campaignId}/managers`, { userId }));
  return campaignId;
}

const pair = async () => ({ own: await draft('owner'), other: await draft('other') });

beforeAll(async () => {
  h = await createHarness();
  const signingKey = await loadOrCreateSigningKey({ dataDir: h.outDir });
  deps = {
    pool: h.pool,
    temporal: h.client,
    outDir: h.outDir,
    secrets: h.secrets,
    allowHttpLoopback: true,
    provenanceKey: signingKey.publicKey,
    payloadCodec: h.payloadCodec,
    // No workers run here: a claim withdrawal answers at once that its cascade is still to run.
    cascadeWaitMs: 0,
  };
  api = createApp(deps);
  web = createWorkspace(deps);
  suffix = randomBytes(3).toString('hex');
  for (const [who, role] of Object.entries(ROLE) as [Exclude<Who, 'anonymous'>, Role][]) {
    ids[who] = `mx-${who}-${suffix}`;
    tokens[who] = await upsertUserWithToken(h.pool, { id: ids[who], displayName: `Matrix ${who}`, role });
  }
  for (const extra of ['spare', 'extra', 'victim'] as const) {
    ids[extra] = `mx-${extra}-${suffix}`;
    await upsertUserWithToken(h.pool, { id: ids[extra], displayName: extra, role: 'campaign_manager' });
  }
  example = await h.example({ segments: 1 });
  segmentId = example.segments[0]!.id;
  spec = await readFile(join(import.meta.dirname, '..', '..', 'examples', 'hps-week22', 'segmentation.yaml'), 'utf8');

  // Two running campaigns (no worker: nothing moves), each with a script, an asset, a delivery and an upload.
  live = await pair();
  channelId = `mx-chan-${suffix}`;
  await ok(call('admin', 'POST', '/api/channels', { id: channelId, kind: 'feed', name: 'Matrix feed' }));
  claimId = `mx-claim-${suffix}`;
  await ok(call('admin', 'POST', '/api/claims', { claims: [{ ...example.claims[0], id: claimId }] }));
  for (const [creator, campaignId] of [
    ['owner', live.own],
    ['other', live.other],
  ] as const) {
    await ok(call(creator, 'POST', `/api/campaigns/${campaignId}/launch`));
    // Launched, then stopped: the campaign reads as RUNNING, and its page asks no workflow query no worker would answer.
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).terminate('authorization matrix fixture');
    await setSegmentStatus(h.pool, campaignId, segmentId, 'IN_REVIEW');
    await saveScriptVersion(h.pool, { campaignId, segmentId, script, provider: 'local', templateHash: 'matrix' });
    await mkdir(join(h.outDir, campaignId, segmentId), { recursive: true });
    await writeFile(join(h.outDir, campaignId, segmentId, 'transcript.txt'), 'matrix transcript');
    await ensureDelivery(h.pool, {
      id: `mx-del-${campaignId}`,
      campaignId,
      segmentId,
      channelId,
      eventType: 'video.published',
      videoSha256: SHA,
    });
    uploads[campaignId] = randomUUID();
    const workflowId = segmentUploadWorkflowId(campaignId, uploads[campaignId]);
    await h.client.workflow.start('segmentUploadWorkflow', {
      workflowId,
      taskQueue: `matrix-no-worker-${suffix}`,
      args: [{}],
    });
    started.push(workflowId);
  }
}, 120_000);

afterAll(async () => {
  for (const workflowId of started) {
    await h?.client.workflow
      .getHandle(workflowId)
      .terminate('authorization matrix finished')
      .catch(() => undefined);
  }
  await h?.close();
});

/** Remembers the workflow a request started (launch, revocation, redelivery), to terminate it at the end. */
async function track(res: Response): Promise<void> {
  if (res.status !== 201 && res.status !== 202) return;
  const body = (await res.clone().json()) as { workflowId?: string; revocations?: { workflowId: string }[] };
  if (body.workflowId) started.push(body.workflowId);
  for (const r of body.revocations ?? []) started.push(r.workflowId);
}

const unique = () => randomBytes(4).toString('hex');

/** The second example's files as texts, its folder channel left out (a relative directory the server refuses). */
const exampleFile = (name: string) => ({ name, text: readFileSync(`examples/measles-catch-up/${name}`, 'utf8') });
const exampleFiles = () => {
  const campaign = exampleFile('campaign.yaml');
  const text = campaign.text.replace(/^channels:\n(?:\s+.*\n)+?(?=segments:)/m, 'channels: []\n');
  return { campaign: { ...campaign, text }, segments: exampleFile('segments.csv'), claims: exampleFile('claims.yaml') };
};

const API: Row[] = [
  { route: 'GET /health', url: () => '/health', expect: everyone(200) },
  { route: 'GET /healthz', url: () => '/healthz', expect: everyone(200) },
  { route: 'GET /readyz', url: () => '/readyz', expect: everyone(200) },
  {
    route: 'POST /api/campaigns',
    url: () => '/api/campaigns',
    body: (x) => ({ ...example, campaignId: `mx-new-${x.unique}`, launch: false }),
    expect: roles(201, MANAGERS),
  },
  {
    route: 'POST /api/campaigns/files',
    url: () => '/api/campaigns/files',
    body: (x) => ({ ...exampleFiles(), campaignId: `mx-files-${x.unique}`, launch: false }),
    expect: roles(201, MANAGERS),
  },
  {
    route: 'POST /api/campaigns/:id/launch',
    url: (x) => `/api/campaigns/${x.campaign}/launch`,
    scoped: true,
    fresh: true,
    expect: managed(201),
  },
  { route: 'GET /api/campaigns', url: () => '/api/campaigns', expect: roles(200, MANAGERS) },
  {
    route: 'GET /api/campaigns/:id',
    url: (x) => `/api/campaigns/${x.campaign}`,
    scoped: true,
    // Readers sign scripts off; the campaign's own record is not theirs to read.
    expect: { ...readable(200), language: 403, tester: 403 },
  },
  {
    route: 'GET /api/campaigns/:id/summary',
    url: (x) => `/api/campaigns/${x.campaign}/summary`,
    scoped: true,
    expect: { ...readable(200), language: 403, tester: 403 },
  },
  {
    route: 'GET /api/campaigns/:id/managers',
    url: (x) => `/api/campaigns/${x.campaign}/managers`,
    scoped: true,
    expect: managed(200),
  },
  {
    route: 'POST /api/campaigns/:id/managers',
    url: (x) => `/api/campaigns/${x.campaign}/managers`,
    body: () => ({ userId: ids.extra }),
    scoped: true,
    fresh: true,
    expect: managed(201),
  },
  {
    route: 'DELETE /api/campaigns/:id/managers/:userId',
    url: (x) => `/api/campaigns/${x.campaign}/managers/${ids.spare}`,
    scoped: true,
    fresh: true,
    expect: managed(200),
  },
  {
    route: 'PUT /api/campaigns/:id/segmentation',
    url: (x) => `/api/campaigns/${x.campaign}/segmentation`,
    body: () => ({ spec }),
    scoped: true,
    expect: managed(200),
  },
  // A running campaign's segments are fixed: its managers get as far as that 409.
  {
    route: 'POST /api/campaigns/:id/segment-sets',
    url: (x) => `/api/campaigns/${x.campaign}/segment-sets`,
    scoped: true,
    expect: managed(409),
  },
  {
    route: 'GET /api/campaigns/:id/segment-sets/uploads/:uploadId',
    url: (x) => `/api/campaigns/${x.campaign}/segment-sets/uploads/${x.upload}`,
    scoped: true,
    expect: managed(200),
  },
  {
    route: 'GET /api/campaigns/:id/segment-sets',
    url: (x) => `/api/campaigns/${x.campaign}/segment-sets`,
    scoped: true,
    expect: managed(200),
  },
  { route: 'GET /api/reviews', url: () => '/api/reviews', expect: roles(200, READERS) },
  // No segment workflow runs (no worker): whoever may read it learns that, with a 404 that is not the hidden one.
  {
    route: 'GET /api/reviews/:campaignId/:segmentId',
    url: (x) => `/api/reviews/${x.campaign}/${x.segment}`,
    scoped: true,
    expect: readable(404),
  },
  {
    route: 'POST /api/reviews/:campaignId/:segmentId/:decision',
    url: (x) => `/api/reviews/${x.campaign}/${x.segment}/request-changes`,
    body: () => ({ scriptSha256: SHA, comment: 'matrix' }),
    scoped: true,
    // Managers may read a campaign's reviews but never decide (403); reviewers reach the (absent) workflow.
    expect: { ...managed(403), medical: 404, lead: 404 },
  },
  {
    route: 'POST /api/reviews/:campaignId/:segmentId/sign-offs',
    url: (x) => `/api/reviews/${x.campaign}/${x.segment}/sign-offs`,
    body: () => ({ kind: 'language', scriptSha256: SHA }),
    scoped: true,
    // Only a language reviewer gives a language sign-off (403 for everyone else); theirs needs the password (400).
    expect: { ...managed(403), language: 400 },
  },
  { route: 'GET /api/claims', url: () => '/api/claims', expect: roles(200, READERS) },
  {
    route: 'POST /api/claims',
    url: () => '/api/claims',
    body: () => ({ claims: [{ ...example.claims[0], id: claimId }] }),
    expect: roles(201, [...MANAGERS, 'lead']),
  },
  { route: 'GET /api/channels', url: () => '/api/channels', expect: roles(200, MANAGERS) },
  {
    route: 'POST /api/channels',
    url: () => '/api/channels',
    body: (x) => ({ id: `mx-ch-${x.unique}`, kind: 'feed', name: 'Matrix' }),
    expect: roles(201, MANAGERS),
  },
  {
    route: 'POST /api/channels/:id/disable',
    url: () => `/api/channels/${channelId}/disable`,
    body: () => ({}),
    expect: roles(200, MANAGERS),
  },
  {
    route: 'POST /api/channels/:id/enable',
    url: () => `/api/channels/${channelId}/enable`,
    expect: roles(200, MANAGERS),
  },
  { route: 'POST /api/channels/:id/test', url: () => `/api/channels/${channelId}/test`, expect: roles(200, MANAGERS) },
  {
    route: 'POST /api/campaigns/:id/channels',
    url: (x) => `/api/campaigns/${x.campaign}/channels`,
    body: () => ({ channelIds: [channelId] }),
    scoped: true,
    expect: managed(200),
  },
  // The feed takes its own token only: no user token opens it.
  { route: 'GET /api/feeds/:channelId', url: () => `/api/feeds/${channelId}`, expect: everyone(401) },
  // A channel's outcome report proves itself by its signature (or feed token): a user token opens nothing, and without
  // the message's webhook-id and webhook-timestamp every caller is told to send them.
  {
    route: 'POST /api/channels/:channelId/outcomes',
    url: () => `/api/channels/${channelId}/outcomes`,
    body: () => ({}),
    expect: everyone(400),
  },
  {
    route: 'GET /api/campaigns/:id/outcomes',
    url: (x) => `/api/campaigns/${x.campaign}/outcomes`,
    scoped: true,
    expect: managed(200),
  },
  {
    route: 'GET /api/campaigns/:id/outcomes.csv',
    url: (x) => `/api/campaigns/${x.campaign}/outcomes.csv`,
    scoped: true,
    expect: managed(200),
  },
  {
    route: 'GET /api/campaigns/:id/variants',
    url: (x) => `/api/campaigns/${x.campaign}/variants`,
    scoped: true,
    expect: managed(200),
  },
  // The live campaigns' workflows were stopped: pause and resume are refused with 409 to those allowed to ask.
  {
    route: 'POST /api/campaigns/:id/pause',
    url: (x) => `/api/campaigns/${x.campaign}/pause`,
    body: () => ({ reason: 'authorization matrix' }),
    scoped: true,
    expect: managed(409),
  },
  {
    route: 'POST /api/campaigns/:id/resume',
    url: (x) => `/api/campaigns/${x.campaign}/resume`,
    body: () => ({ reason: 'authorization matrix' }),
    scoped: true,
    expect: managed(409),
  },
  {
    route: 'POST /api/campaigns/:id/budget',
    url: (x) => `/api/campaigns/${x.campaign}/budget`,
    body: () => ({ budgetSeconds: 600, reason: 'authorization matrix' }),
    scoped: true,
    expect: managed(200),
  },
  {
    route: 'GET /api/campaigns/:id/channels/:channelId/backfill',
    url: (x) => `/api/campaigns/${x.campaign}/channels/${channelId}/backfill`,
    scoped: true,
    expect: managed(200),
  },
  {
    route: 'POST /api/campaigns/:id/cancel',
    url: (x) => `/api/campaigns/${x.campaign}/cancel`,
    body: () => ({ reason: 'authorization matrix' }),
    scoped: true,
    fresh: true,
    expect: managed(202),
  },
  {
    route: 'POST /api/campaigns/:id/retract',
    url: (x) => `/api/campaigns/${x.campaign}/retract`,
    body: () => ({ reason: 'authorization matrix' }),
    scoped: true,
    expect: managed(202),
  },
  // Nothing endorsed to replace yet: its managers get as far as that 409.
  {
    route: 'POST /api/campaigns/:id/segments/:segmentId/replace',
    url: (x) => `/api/campaigns/${x.campaign}/segments/${x.segment}/replace`,
    scoped: true,
    expect: managed(409),
  },
  // The claims library is shared: any campaign manager may withdraw a claim from it.
  {
    route: 'POST /api/claims/:id/withdraw',
    url: () => `/api/claims/${claimId}/withdraw`,
    body: () => ({ reason: 'authorization matrix' }),
    expect: roles(202, MANAGERS),
  },
  // Its outcome, once a manager withdrew it (the row above).
  {
    route: 'GET /api/claims/:id/withdrawal',
    url: () => `/api/claims/${claimId}/withdrawal`,
    expect: roles(200, MANAGERS),
  },
  {
    route: 'GET /api/deliveries',
    url: (x) => `/api/deliveries?campaign=${x.campaign}`,
    scoped: true,
    expect: managed(200),
  },
  {
    route: 'POST /api/deliveries/:id/redeliver',
    url: (x) => `/api/deliveries/mx-del-${x.campaign}/redeliver`,
    scoped: true,
    expect: managed(202),
    hidden: /^Nothing to deliver again/,
  },
  // Channels are shared; each manager replays the deliveries of their own campaigns through it.
  {
    route: 'POST /api/channels/:id/replay',
    url: () => `/api/channels/${channelId}/replay`,
    body: () => ({ since: '2000-01-01T00:00:00Z' }),
    expect: roles(202, MANAGERS),
  },
  { route: 'GET /api/users', url: () => '/api/users', expect: roles(200, ['admin']) },
  {
    route: 'POST /api/users',
    url: () => '/api/users',
    body: (x) => ({ id: `mx-u-${x.unique}`, displayName: 'New', role: 'medical_reviewer' }),
    expect: roles(201, ['admin']),
  },
  {
    route: 'POST /api/users/:id/disable',
    url: () => `/api/users/${ids.victim}/disable`,
    expect: roles(200, ['admin']),
  },
  {
    route: 'POST /api/users/:id/role',
    url: () => `/api/users/${ids.victim}/role`,
    body: () => ({ role: 'campaign_manager' }),
    expect: roles(200, ['admin']),
  },
  {
    route: 'POST /api/users/:id/languages',
    url: () => `/api/users/${ids.victim}/languages`,
    body: () => ({ languages: ['tr', 'de'] }),
    expect: roles(200, ['admin']),
  },
  {
    route: 'POST /api/users/:id/tokens',
    url: () => `/api/users/${ids.victim}/tokens`,
    body: () => ({ label: 'matrix' }),
    expect: roles(201, ['admin']),
  },
  {
    route: 'GET /api/me',
    url: () => '/api/me',
    expect: roles(
      200,
      WHO.filter((w) => w !== 'anonymous'),
    ),
  },
  // The Temporal Web UI's codec endpoint: staff read decrypted histories; channels and strangers do not.
  {
    route: 'POST /codec/encode',
    url: () => '/codec/encode',
    body: () => ({ payloads: [] }),
    expect: roles(200, STAFF),
  },
  {
    route: 'POST /codec/decode',
    url: () => '/codec/decode',
    body: () => ({ payloads: [] }),
    expect: roles(200, STAFF),
  },
  { route: 'GET /api/audit/verify', url: () => '/api/audit/verify', expect: roles(200, ['admin', 'lead']) },
  {
    route: 'POST /api/audit/verify',
    url: () => '/api/audit/verify',
    body: () => ({ expectHeads: [] }),
    expect: roles(200, ['admin', 'lead']),
  },
  { route: 'GET /api/audit/head', url: () => '/api/audit/head', expect: roles(200, ['admin', 'lead']) },
  { route: 'GET /api/audit', url: () => '/api/audit', expect: roles(200, ['admin', 'lead']) },
  // Provenance is public: platforms and citizens check videos without an account.
  {
    route: 'GET /.well-known/klartext-provenance-keys.json',
    url: () => '/.well-known/klartext-provenance-keys.json',
    expect: everyone(200),
  },
  { route: 'GET /api/provenance/:sha256', url: () => `/api/provenance/${SHA}`, expect: everyone(404) },
  {
    route: 'GET /api/scripts',
    url: (x) => `/api/scripts?segment=${x.segment}&campaign=${x.campaign}`,
    scoped: true,
    expect: readable(200),
    hidden: /^No script for segment/,
  },
  {
    route: 'GET /assets/:campaignId/:segmentId/:file',
    url: (x) => `/assets/${x.campaign}/${x.segment}/transcript.txt`,
    scoped: true,
    expect: readable(200),
    hidden: /^No such asset/,
  },
];

/** A workspace page for managers of the campaign (anonymous GETs go to the login page). */
const managedPage = (ok: Outcome): Expect => ({ ...managed(ok), anonymous: 302 });
const consoleHidden = /You have no campaign/;
const scopedPage = (route: string, path: (x: Ctx) => string, ok: Outcome = 200): Row => ({
  route,
  url: path,
  scoped: true,
  ...(route.startsWith('GET') ? { expect: managedPage(ok) } : { body: () => ({}), expect: managed(ok) }),
  hidden: consoleHidden,
});
const STEERING = ['pause', 'resume', 'budget', 'retract', 'cancel'] as const;

/**
 * The campaign console. Its forms are sent empty here: a manager's empty form is refused with 400 before anything
 * happens (no reason, no confirmation, no file), and a launch of a running campaign with 409.
 */
const CONSOLE: Row[] = [
  { route: 'GET /campaigns', url: () => '/campaigns', expect: { ...roles(200, MANAGERS), anonymous: 302 } },
  { route: 'GET /campaigns/new', url: () => '/campaigns/new', expect: { ...roles(200, MANAGERS), anonymous: 302 } },
  { route: 'POST /campaigns/new', url: () => '/campaigns/new', body: () => ({}), expect: roles(400, MANAGERS) },
  scopedPage('GET /campaigns/:id/plan', (x) => `/campaigns/${x.campaign}/plan`),
  scopedPage('POST /campaigns/:id/launch', (x) => `/campaigns/${x.campaign}/launch`, 409),
  scopedPage('POST /campaigns/:id/discard', (x) => `/campaigns/${x.campaign}/discard`, 303),
  scopedPage('GET /campaigns/:id/console', (x) => `/campaigns/${x.campaign}/console`),
  scopedPage('GET /campaigns/:id/outcomes.csv', (x) => `/campaigns/${x.campaign}/outcomes.csv`),
  ...STEERING.flatMap((a) => [
    scopedPage(`GET /campaigns/:id/${a}`, (x) => `/campaigns/${x.campaign}/${a}`),
    scopedPage(`POST /campaigns/:id/${a}`, (x) => `/campaigns/${x.campaign}/${a}`, 400),
  ]),
  scopedPage('GET /campaigns/:id/link', (x) => `/campaigns/${x.campaign}/link?channel=${channelId}&backfill=1`),
  scopedPage('POST /campaigns/:id/link', (x) => `/campaigns/${x.campaign}/link`, 400),
  scopedPage('GET /campaigns/:id/segments/:segmentId', (x) => `/campaigns/${x.campaign}/segments/${x.segment}`),
  scopedPage(
    'GET /campaigns/:id/segments/:segmentId/replace',
    (x) => `/campaigns/${x.campaign}/segments/${x.segment}/replace`,
  ),
  scopedPage(
    'POST /campaigns/:id/segments/:segmentId/replace',
    (x) => `/campaigns/${x.campaign}/segments/${x.segment}/replace`,
    400,
  ),
  { route: 'GET /channels', url: () => '/channels', expect: { ...roles(200, MANAGERS), anonymous: 302 } },
  { route: 'POST /channels', url: () => '/channels', body: () => ({}), expect: roles(400, MANAGERS) },
  ...(['test', 'disable', 'enable'] as const).map((a) => ({
    route: `POST /channels/:id/${a}`,
    url: (x: Ctx) => `/channels/mx-none-${x.unique}/${a}`,
    body: () => ({}),
    expect: roles(400, MANAGERS),
  })),
  { route: 'GET /claims', url: () => '/claims', expect: { ...roles(200, READERS), anonymous: 302 } },
  {
    route: 'POST /claims/import',
    url: () => '/claims/import',
    body: () => ({}),
    expect: roles(400, [...MANAGERS, 'lead']),
  },
  {
    route: 'GET /claims/:id/withdraw',
    url: () => `/claims/${claimId}/withdraw`,
    expect: { ...roles(200, MANAGERS), anonymous: 302 },
  },
  {
    route: 'POST /claims/:id/withdraw',
    url: () => `/claims/${claimId}/withdraw`,
    body: () => ({}),
    expect: roles(400, MANAGERS),
  },
];

/** Workspace pages, by session: anonymous GETs are sent to the login page (302). */
const WEB: Row[] = [
  { route: 'GET /login', url: () => '/login', expect: everyone(200) },
  {
    route: 'POST /login',
    url: () => '/login',
    body: (x) => ({ username: `nobody-${x.unique}`, password: 'wrong' }),
    // Without a session, the login form's own CSRF cookie is missing: 403.
    expect: { ...everyone(401), anonymous: 403 },
  },
  { route: 'POST /logout', url: () => '/logout', body: () => ({}), expect: everyone(303) },
  { route: 'GET /static/workspace.css', url: () => '/static/workspace.css', expect: everyone(200) },
  // The public video check: anyone, signed in or not, reads the same answers.
  { route: 'GET /check', url: () => `/check?v=${'0'.repeat(64)}`, expect: everyone(200) },
  { route: 'GET /c', url: () => '/c', expect: everyone(302) },
  { route: 'GET /c/:v', url: () => `/c/${'0'.repeat(64)}`, expect: everyone(302) },
  { route: 'GET /static/check.js', url: () => '/static/check.js', expect: everyone(200) },
  { route: 'GET /check/qr.svg', url: () => '/check/qr.svg', expect: everyone(200) },
  { route: 'GET /check/qr.png', url: () => '/check/qr.png', expect: everyone(200) },
  { route: 'GET /', url: () => '/', expect: { ...roles(302, READERS), anonymous: 302 } },
  { route: 'GET /queue', url: () => '/queue', expect: { ...roles(200, READERS), anonymous: 302 } },
  { route: 'GET /dashboard', url: () => '/dashboard', expect: { ...roles(200, MANAGERS), anonymous: 302 } },
  // The header's language switch stores the user's own choice ('' = as the browser asks, so other rows stay English).
  {
    route: 'POST /settings/language',
    url: () => '/settings/language',
    body: () => ({ locale: '' }),
    expect: roles(303, READERS),
  },
  {
    route: 'GET /campaigns/:id',
    url: (x) => `/campaigns/${x.campaign}`,
    scoped: true,
    expect: { ...managed(200), anonymous: 302 },
    hidden: /You have no campaign/,
  },
  {
    route: 'GET /review/:campaignId/:segmentId',
    url: (x) => `/review/${x.campaign}/${x.segment}`,
    scoped: true,
    expect: { ...readable(200), anonymous: 302 },
    hidden: /No script to review/,
  },
  // Deciding is for reviewers only: an empty decision comes back to them as 400.
  {
    route: 'POST /review/:campaignId/:segmentId',
    url: (x) => `/review/${x.campaign}/${x.segment}`,
    body: () => ({}),
    scoped: true,
    expect: { ...roles(403, []), medical: 400, lead: 400, anonymous: 401 },
  },
  {
    route: 'POST /review/:campaignId/:segmentId/sign-off',
    url: (x) => `/review/${x.campaign}/${x.segment}/sign-off`,
    body: () => ({}),
    scoped: true,
    // Readers only; an empty form is answered on the page (400).
    expect: { ...roles(403, []), language: 400, tester: 400, anonymous: 401 },
  },
  {
    route: 'POST /review/:campaignId/:segmentId/video',
    url: (x) => `/review/${x.campaign}/${x.segment}/video`,
    body: () => ({}),
    scoped: true,
    expect: { ...roles(403, []), medical: 400, lead: 400, anonymous: 401 },
  },
  ...CONSOLE,
];

/** Every `METHOD path` an app serves (its middleware entries, method ALL, left out). */
function registered(app: Hono): string[] {
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

const split = (route: string) => route.split(' ') as [string, string];

/** One request of `row` as `who` on `campaign`, reduced to its outcome (the hidden 404 told apart). */
async function outcome(tree: 'api' | 'web', row: Row, who: Who, x: Ctx): Promise<Outcome> {
  const [method] = split(row.route);
  let res: Response;
  if (tree === 'api') {
    res = await call(who, method, row.url(x), row.body?.(x));
    await track(res);
  } else {
    const headers: Record<string, string> = {};
    let csrf = '';
    if (who !== 'anonymous') {
      // A session of its own per request: a logout must not end the session the next row uses.
      const s = await createSessionStore(h.pool).create(ids[who]);
      headers.cookie = `klartext_session=${s.cookieValue}`;
      csrf = s.csrfToken;
    }
    const form = row.body
      ? new URLSearchParams({ ...(row.body(x) as Record<string, string>), _csrf: csrf })
      : undefined;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    res = await web.request(row.url(x), { method, headers, ...(form ? { body: form.toString() } : {}) });
  }
  if (res.status !== 404) return res.status;
  const text = await res.text();
  const message = tree === 'api' ? ((JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '') : text;
  const hidden = row.hidden ?? new RegExp(`^No campaign ${x.campaign}\\.$`);
  return hidden.test(message) ? H : 404;
}

/** The row's whole matrix, as the table writes it: one outcome per role, or a pair when own and other's differ. */
async function matrix(tree: 'api' | 'web', row: Row): Promise<Expect> {
  const seen = {} as Expect;
  for (const who of WHO) {
    const campaigns = row.scoped ? (row.fresh ? await pair() : live) : undefined;
    const ctx = (campaign: string): Ctx => ({
      campaign,
      segment: segmentId,
      upload: uploads[campaign] ?? '',
      unique: unique(),
    });
    if (!campaigns) {
      seen[who] = await outcome(tree, row, who, ctx(''));
      continue;
    }
    const own = await outcome(tree, row, who, ctx(campaigns.own));
    const other = await outcome(tree, row, who, ctx(campaigns.other));
    seen[who] = own === other ? own : [own, other];
  }
  return seen;
}

/** The table's expectation with pairs of equal outcomes folded, as `matrix` reports them. */
const folded = (e: Expect): Expect =>
  Object.fromEntries(Object.entries(e).map(([w, o]) => [w, Array.isArray(o) && o[0] === o[1] ? o[0] : o])) as Expect;

describe('authorization matrix', () => {
  it('covers every route the JSON API and the workspace register', () => {
    expect(registered(api).filter((r) => !API.some((row) => row.route === r))).toEqual([]);
    expect(registered(web).filter((r) => !WEB.some((row) => row.route === r))).toEqual([]);
    // And names no route that does not exist.
    expect(API.map((r) => r.route).filter((r) => !registered(api).includes(r))).toEqual([]);
    expect(WEB.map((r) => r.route).filter((r) => !registered(web).includes(r))).toEqual([]);
  });

  it.each(API.map((row) => [row.route, row] as const))('API %s', async (_route, row) => {
    expect(await matrix('api', row)).toEqual(folded(row.expect));
  });

  it.each(WEB.map((row) => [row.route, row] as const))('workspace %s', async (_route, row) => {
    expect(await matrix('web', row)).toEqual(folded(row.expect));
  });
});

describe('campaign lists', () => {
  /** The campaign ids of every page of a paged list, following its next links. */
  const campaignIds = async (who: Who, url: string) => {
    const ids: string[] = [];
    for (let next: string | undefined = url; next;) {
      const page: { items: { campaignId: string }[]; next?: string } = await ok(call(who, 'GET', next));
      ids.push(...page.items.map((i) => i.campaignId));
      next = page.next;
    }
    return ids;
  };

  it('shows a manager the review queue of the campaigns they manage, reviewers every campaign', async () => {
    // One campaign at a time: the queue is paged, and other suites' items may come first.
    const sees = async (who: Who) =>
      [
        (await campaignIds(who, `/api/reviews?campaign=${live.own}`)).includes(live.own),
        (await campaignIds(who, `/api/reviews?campaign=${live.other}`)).includes(live.other),
      ] as const;
    expect(await sees('owner')).toEqual([true, false]);
    expect(await sees('co')).toEqual([true, false]);
    expect(await sees('medical')).toEqual([true, true]);
  });

  it('lists on the API dashboard the campaigns a manager manages, every campaign to an admin', async () => {
    const of = async (who: Who) => {
      const seen = await campaignIds(who, '/api/campaigns');
      return [seen.includes(live.own), seen.includes(live.other)];
    };
    expect([await of('owner'), await of('co'), await of('other'), await of('admin')]).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [true, true],
    ]);
  });

  it("lists a channel's deliveries of the caller's campaigns only", async () => {
    const of = async (who: Who) =>
      (
        await ok<{ deliveries: { campaignId: string }[] }>(call(who, 'GET', `/api/deliveries?channel=${channelId}`))
      ).deliveries.map((d) => d.campaignId);
    expect([...new Set(await of('owner'))]).toEqual([live.own]);
    expect([...new Set(await of('other'))]).toEqual([live.other]);
    expect(new Set(await of('admin'))).toEqual(new Set([live.own, live.other]));
  });

  it('lists in the review queue rows the campaigns a manager manages; reviewers and admins see all', async () => {
    const rows = async (who: Who) => {
      const user = { id: ids[who as Exclude<Who, 'anonymous'>], role: ROLE[who as Exclude<Who, 'anonymous'>] };
      const seen = new Set<string>();
      for (const campaign of [live.own, live.other]) {
        const page = await listQueuePage(h.pool, queueViewer(user), { campaign }, { limit: 10 });
        for (const r of page.items) seen.add(r.campaignId);
      }
      return [who, seen.has(live.own), seen.has(live.other)];
    };
    expect(await rows('owner')).toEqual(['owner', true, false]);
    expect(await rows('co')).toEqual(['co', true, false]);
    expect(await rows('other')).toEqual(['other', false, true]);
    expect(await rows('lead')).toEqual(['lead', true, true]);
    expect(await rows('admin')).toEqual(['admin', true, true]);
  });

  it('lists on the dashboard the campaigns a manager manages, delegated ones included', async () => {
    const page = async (who: Who, path: string) => {
      const s = await createSessionStore(h.pool).create(ids[who as Exclude<Who, 'anonymous'>]);
      return (await web.request(path, { headers: { cookie: `klartext_session=${s.cookieValue}` } })).text();
    };
    for (const [who, own, other] of [
      ['owner', true, false],
      ['co', true, false],
      ['other', false, true],
      ['admin', true, true],
    ] as const) {
      // The dashboard is paged, newest first: the fixture's later campaigns push these two onto later pages.
      let html = '';
      for (let next: string | undefined = '/dashboard'; next;) {
        const text = await page(who, next);
        html += text;
        next = /<a href="([^"]+)" rel="next">/.exec(text)?.[1]?.replaceAll('&amp;', '&');
      }
      expect([who, html.includes(live.own), html.includes(live.other)]).toEqual([who, own, other]);
    }
  });
});

describe('delegation', () => {
  it('lets a co-manager act once added and not after removal, with both changes audited', async () => {
    const campaignId = await draft('other');
    const path = `/api/campaigns/${campaignId}/managers`;
    expect((await call('owner', 'GET', path)).status).toBe(404);
    expect((await call('other', 'POST', path, { userId: ids.owner })).status).toBe(201);
    // Adding again changes nothing.
    expect((await call('other', 'POST', path, { userId: ids.owner })).status).toBe(200);
    const listed = await ok<{ managers: { userId: string; grantedBy: string }[] }>(call('owner', 'GET', path));
    expect(listed.managers.map((m) => [m.userId, m.grantedBy])).toEqual([
      [ids.other, ids.other],
      [ids.spare, ids.other],
      [ids.owner, ids.other],
    ]);
    expect((await call('owner', 'DELETE', `${path}/${ids.owner}`)).status).toBe(200);
    expect((await call('owner', 'GET', `/api/campaigns/${campaignId}/summary`)).status).toBe(404);
    const entries = (await listAudit(h.pool, 0, 100_000)).filter((e) => e.subject === `campaign/${campaignId}`);
    expect(entries.map((e) => [e.actor, e.action, e.details.userId])).toEqual([
      [ids.other, 'campaign.manager.added', ids.spare],
      [ids.other, 'campaign.manager.added', ids.owner],
      [ids.owner, 'campaign.manager.removed', ids.owner],
    ]);
  });

  it('counts every manager of a campaign, delegated ones included, as conflicted for its review', async () => {
    const campaign = await getCampaign(h.pool, live.own);
    expect(new Set(await conflictedUserIds(h.pool, campaign!))).toEqual(new Set([ids.owner, ids.co, ids.spare]));
  });

  it('refuses to remove the last manager, so no campaign is left without one', async () => {
    const campaignId = await draft('other');
    const path = `/api/campaigns/${campaignId}/managers`;
    expect((await call('admin', 'DELETE', `${path}/${ids.spare}`)).status).toBe(200);
    const res = await call('other', 'DELETE', `${path}/${ids.other}`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/last manager/);
    const listed = await ok<{ managers: { userId: string }[] }>(call('admin', 'GET', path));
    expect(listed.managers.map((m) => m.userId)).toEqual([ids.other]);
  });

  it('adds only active campaign managers, naming what is wrong', async () => {
    const path = `/api/campaigns/${live.own}/managers`;
    const refusal = async (body: unknown) => {
      const res = await call('owner', 'POST', path, body);
      return [res.status, ((await res.json()) as { error: { message: string } }).error.message];
    };
    expect(await refusal({ userId: ids.medical })).toEqual([400, expect.stringMatching(/they are medical_reviewer/)]);
    expect(await refusal({ userId: `nobody-${suffix}` })).toEqual([400, expect.stringMatching(/no such user/)]);
    expect(await refusal({ userId: 'bad\u0000id' })).toEqual([400, expect.stringMatching(/userId/)]);
    expect(await refusal({ user: ids.extra })).toEqual([400, expect.stringMatching(/userId/)]);
    expect((await call('owner', 'DELETE', `${path}/${ids.extra}`)).status).toBe(404);
  });
});
