// `klartext demo`: the example campaign end to end on the embedded stack, with an automated, labelled demo reviewer.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { startWebhookReceiver } from '../../dev/receiver.ts';
import { generateWebhookSecret } from '../../channels/signing.ts';
import { randomBytes } from 'node:crypto';
import { verifyAudit } from '../../db/audit-repo.ts';
import { setPassword, setUserLanguages, upsertUserWithToken } from '../../db/user-repo.ts';
import { missingSignOffs, type ReaderSignOffKind } from '../../shared/reader-sign-offs.ts';
import type { ReviewState } from '../../workflows/messages.ts';
import type { CampaignSummary } from '../../services/summary.ts';
import { loadConfig } from '../../config/config.ts';
import { startStack, type Stack } from '../../dev/stack.ts';
import { createApiClient, type ApiClient } from '../api-client.ts';
import { loadCampaign, type LoadedCampaign } from '../load-campaign.ts';
import { campaignState } from './campaign-status.ts';
import { printSummaryTable } from '../summary-table.ts';

export const DEFAULT_EXAMPLE = join(
  import.meta.dirname,
  '..',
  '..',
  'examples',
  'autumn-vaccination-2026',
  'campaign.yaml',
);
const DEMO_REVIEWER = {
  id: 'demo-reviewer',
  // Said plainly, because a signature must never look like a clinician's when it is not.
  displayName: 'Demo reviewer (automated, not a medical professional)',
  role: 'medical_reviewer',
} as const;

/** Automated readers for the sign-offs the demo's scripts need (languages other than German and English, easy ones). */
const DEMO_READERS = {
  language: {
    id: 'demo-language-reviewer',
    displayName: 'Demo language reviewer (automated, reads no language)',
    role: 'language_reviewer',
  },
  'test-reading': {
    id: 'demo-test-reader',
    displayName: 'Demo test reader (automated, no reader from the target group)',
    role: 'test_reader',
  },
} as const satisfies Record<ReaderSignOffKind, { id: string; displayName: string; role: string }>;

/** A reader able to sign: its API client and one-off password. */
type DemoReaders = Record<ReaderSignOffKind, { api: ApiClient; password: string }>;

interface CampaignStatus {
  workflowStatus: string;
  progress?: { total: number; finished: number };
  segments: { segmentId: string; status: string }[];
}

/** Runs the demo; returns the process exit code. */
export async function runDemo(opts: { campaignFile?: string; timeoutMs?: number }): Promise<number> {
  const started = Date.now();
  const log = (line: string) => console.log(line);
  const secret = generateWebhookSecret();
  const receiver = await startWebhookReceiver({ secret });
  let stack: Stack | undefined;
  const stopAll = async () => {
    await stack?.stop();
    await receiver.close();
  };
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const feedToken = `kft_${randomBytes(24).toString('base64url')}`;
    const env = {
      ...process.env,
      KLARTEXT_DEMO_WEBHOOK_URL: receiver.url,
      KLARTEXT_DEMO_WEBHOOK_SECRET: secret,
      KLARTEXT_DEMO_FEED_TOKEN: feedToken,
    };
    // Input is checked before anything else starts: a broken file costs nothing.
    const campaign = await loadCampaign(opts.campaignFile ?? DEFAULT_EXAMPLE, env);
    log(`Campaign "${campaign.brief.title}": ${campaign.segments.length} segments, ${campaign.claims.length} claims`);
    log(`Webhook receiver     ${receiver.url}  (verifies Standard Webhooks signatures)`);
    const config = loadConfig({ ...env, KLARTEXT_ALLOW_HTTP_LOOPBACK: 'true' });
    stack = await startStack(config, { worker: true, log, httpPort: 0 });

    const manager = await upsertUserWithToken(stack.pool, {
      id: 'demo-manager',
      displayName: 'Demo campaign manager',
      role: 'campaign_manager',
    });
    const reviewerToken = await upsertUserWithToken(stack.pool, DEMO_REVIEWER);
    // Approvals are signatures that need the password re-entered: the automated reviewer gets a one-off one.
    const reviewerPassword = randomBytes(18).toString('base64url');
    await setPassword(stack.pool, DEMO_REVIEWER.id, reviewerPassword);
    // The automated readers "read" every language of the campaign, so the demo runs end to end; labelled as such.
    const languages = [...new Set(campaign.segments.map((seg) => seg.language))];
    const readers = {} as DemoReaders;
    for (const [kind, user] of Object.entries(DEMO_READERS) as [
      ReaderSignOffKind,
      (typeof DEMO_READERS)[ReaderSignOffKind],
    ][]) {
      const token = await upsertUserWithToken(stack.pool, user);
      const password = randomBytes(18).toString('base64url');
      await setPassword(stack.pool, user.id, password);
      await setUserLanguages(stack.pool, user.id, languages);
      readers[kind] = { api: createApiClient(stack.apiUrl, token), password };
    }
    const asManager = createApiClient(stack.apiUrl, manager);
    const asReviewer = createApiClient(stack.apiUrl, reviewerToken);
    const launched = await asManager.post<{ campaignId: string }>('/api/campaigns', campaign);
    log(`Launched             ${launched.campaignId}`);
    log(`Reviewing as         ${DEMO_REVIEWER.displayName}, through the HTTP API`);

    await driveCampaign(
      asManager,
      asReviewer,
      reviewerPassword,
      readers,
      launched.campaignId,
      opts.timeoutMs ?? 15 * 60_000,
      log,
    );
    const summary = await asManager.get<CampaignSummary>(`/api/campaigns/${launched.campaignId}/summary`);
    const outDir = join(config.outDir, launched.campaignId);
    await mkdir(outDir, { recursive: true });
    const summaryPath = join(outDir, 'summary.json');
    await writeFile(summaryPath, JSON.stringify(summary, null, 2) + '\n');
    printSummaryTable(summary, log);
    log(`Webhooks received    ${receiver.received.length} (duplicates dropped: ${receiver.duplicates})`);
    await logOtherChannels(campaign.brief.channels, launched.campaignId, stack.apiUrl, feedToken, log);
    const audit = await verifyAudit(stack.pool);
    log(
      `Audit chain          ${audit.ok ? `intact, ${audit.entries} entries` : `BROKEN at seq ${audit.firstBroken.seq}`}`,
    );
    log(`Summary              ${relative(process.cwd(), summaryPath)}`);
    log(`Wall time            ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const allPublished = summary.segments.every((s) => s.status === 'PUBLISHED');
    return allPublished ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
  }
}

/** Approves every script and accepts every video of this campaign as they arrive in the queue, and shows progress until the campaign closes. */
async function driveCampaign(
  manager: ApiClient,
  reviewer: ApiClient,
  password: string,
  readers: DemoReaders,
  campaignId: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastLine = '';
  for (;;) {
    // Only this campaign's queue: other campaigns' items need not be paged through.
    const queue = await reviewer.get<{ items: { campaignId: string; segmentId: string }[] }>(
      `/api/reviews?campaign=${encodeURIComponent(campaignId)}&limit=500`,
    );
    for (const item of queue.items.filter((i) => i.campaignId === campaignId)) {
      const path = `/api/reviews/${campaignId}/${item.segmentId}`;
      const detail = await reviewer.get<{ state: ReviewState }>(path);
      if (detail.state.status === 'IN_REVIEW' && detail.state.scriptSha256) {
        const { signOffs } = detail.state;
        // The demo reviewer reads German and English (no languages on record): other scripts need a language sign-off.
        for (const kind of signOffs ? missingSignOffs(signOffs.required, ['de', 'en'], signOffs.given) : []) {
          await readers[kind].api.post(`${path}/sign-offs`, {
            kind,
            scriptSha256: detail.state.scriptSha256,
            comment: 'Automated demo sign-off: read by no human.',
            password: readers[kind].password,
          });
        }
        await reviewer.post(`${path}/approve`, {
          scriptSha256: detail.state.scriptSha256,
          comment: 'Automated demo approval: checked by no human.',
          password,
        });
      } else if (detail.state.status === 'VIDEO_REVIEW' && detail.state.video) {
        await reviewer.post(`${path}/accept-video`, {
          videoSha256: detail.state.video.sha256,
          comment: 'Automated demo acceptance: watched by no human.',
          password,
        });
      }
    }
    const status: CampaignStatus = await campaignState(manager, campaignId);
    const counts = new Map<string, number>();
    for (const s of status.segments) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
    const line = `Progress             ${[...counts].map(([k, v]) => `${k} ${v}`).join(' · ')}`;
    if (line !== lastLine) log(line);
    lastLine = line;
    if (status.workflowStatus !== 'RUNNING') {
      if (status.workflowStatus !== 'COMPLETED')
        throw new Error(`The campaign workflow ended ${status.workflowStatus}.`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`The campaign did not finish within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** What the folder and feed channels of the campaign hold now: the demo shows every channel kind at work. */
async function logOtherChannels(
  channels: LoadedCampaign['brief']['channels'],
  campaignId: string,
  apiUrl: string,
  feedToken: string,
  log: (line: string) => void,
): Promise<void> {
  for (const ch of channels) {
    if (!('kind' in ch)) continue;
    if (ch.kind === 'folder' && ch.directory) {
      const dir = join(ch.directory, campaignId);
      const segments = await readdir(dir).catch(() => [] as string[]);
      log(`Folder channel       ${segments.length} segment folders in ${relative(process.cwd(), dir)}`);
    } else if (ch.kind === 'feed') {
      const res = await fetch(`${apiUrl}/api/feeds/${encodeURIComponent(ch.id)}?limit=500`, {
        headers: { authorization: `Bearer ${feedToken}` },
      });
      const page = (await res.json()) as { entries?: { data: { campaignId?: string } }[] };
      const mine = (page.entries ?? []).filter((e) => e.data.campaignId === campaignId).length;
      log(`Feed channel         ${mine} entries at ${apiUrl}/api/feeds/${ch.id} (bearer token)`);
    }
  }
}
