// A second campaign end to end from a terminal: files → validate → plan → launch → pause → resume → review → publish →
// a late channel linked with backfill → retract, every step a `klartext` command against a real stack.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setPassword, upsertUserWithToken } from '../../db/user-repo.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhook-receiver.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { klartextIn, type Ran } from './run.ts';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'measles-catch-up');

let h: Harness;
let late: FakeWebhookReceiver;
let dir: string;
let managerEnv: NodeJS.ProcessEnv;
let reviewerEnv: NodeJS.ProcessEnv;
const suffix = randomBytes(3).toString('hex');

/**
 * The example's files in a folder of the test's own, with one change: its folder channel becomes a webhook to the
 * harness's receiver (secrets from the environment, as a real campaign file keeps them). Two segments, one per
 * language, keep the renders few.
 */
async function writeCampaign(): Promise<string> {
  dir = await mkdtemp(join(inject('tmpRoot'), 'campaign-e2e-'));
  await copyFile(join(EXAMPLE, 'claims.yaml'), join(dir, 'claims.yaml'));
  const rows = (await readFile(join(EXAMPLE, 'segments.csv'), 'utf8')).trim().split('\n');
  const de = rows.slice(1).find((r) => r.split(',')[2] === 'de');
  const en = rows.slice(1).find((r) => r.split(',')[2] === 'en');
  await writeFile(join(dir, 'segments.csv'), [rows[0], de, en].join('\n') + '\n');
  const campaign = (await readFile(join(EXAMPLE, 'campaign.yaml'), 'utf8')).replace(
    /^channels:\n(?:(?: {2}.*)?\n)+/m,
    `channels:\n  - id: e2e-hook-${suffix}\n    kind: webhook\n    url: \${E2E_WEBHOOK_URL}\n    secret: \${E2E_WEBHOOK_SECRET}\n`,
  );
  expect(campaign).toContain(`e2e-hook-${suffix}`);
  await writeFile(join(dir, 'campaign.yaml'), campaign);
  return join(dir, 'campaign.yaml');
}

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  late = await startWebhookReceiver();
  const manager = await upsertUserWithToken(h.pool, {
    id: `e2e-manager-${suffix}`,
    displayName: 'E2E manager',
    role: 'campaign_manager',
  });
  const reviewer = await upsertUserWithToken(h.pool, {
    id: `e2e-reviewer-${suffix}`,
    displayName: 'E2E reviewer',
    role: 'medical_reviewer',
  });
  await setPassword(h.pool, `e2e-reviewer-${suffix}`, TEST_PASSWORD);
  const common = {
    ...process.env,
    KLARTEXT_API_URL: h.server.url,
    KLARTEXT_ALLOW_HTTP_LOOPBACK: 'true',
    E2E_WEBHOOK_URL: h.receiver.url,
    E2E_WEBHOOK_SECRET: h.receiver.secret,
  };
  managerEnv = { ...common, KLARTEXT_API_TOKEN: manager };
  reviewerEnv = { ...common, KLARTEXT_API_TOKEN: reviewer };
}, 60_000);
afterAll(async () => {
  // A failed run leaves no campaign of ours running for the next test file on this Temporal server.
  await h?.client.workflow
    .getHandle(campaignWorkflowId(`e2e-${suffix}`))
    .terminate('test file finished')
    .catch(() => undefined);
  await late?.close();
  await h?.close();
});

const asManager = (argv: string[]): Promise<Ran> => klartextIn(argv, { env: managerEnv });
const asReviewer = (argv: string[], stdin?: string): Promise<Ran> => klartextIn(argv, { env: reviewerEnv, stdin });

/** Signs off one segment from the terminal: approve the script, then accept the rendered video. */
async function review(campaignId: string, segmentId: string): Promise<void> {
  const sha = await eventually(
    async () => {
      const shown = await asReviewer(['review', 'show', campaignId, segmentId, '--json']).catch(() => undefined);
      const view = shown && (JSON.parse(shown.stdout) as { current: { sha256: string }; state: { status: string } });
      return view?.state.status === 'IN_REVIEW' ? view.current.sha256 : undefined;
    },
    90_000,
    `${segmentId} in review`,
  );
  const approved = await asReviewer(
    ['review', 'approve', campaignId, segmentId, '--sha', sha, '--password-stdin'],
    `${TEST_PASSWORD}\n`,
  );
  expect(approved.stdout).toMatch(/^Recorded\. .* is now RENDERING/);
  const videoSha = await eventually(
    async () => /--sha ([0-9a-f]{64})/.exec((await asReviewer(['review', 'show', campaignId, segmentId])).stdout)?.[1],
    120_000,
    `${segmentId}'s video check`,
  );
  const accepted = await asReviewer(
    ['review', 'accept-video', campaignId, segmentId, '--sha', videoSha, '--password-stdin'],
    `${TEST_PASSWORD}\n`,
  );
  expect(accepted.stdout).toMatch(/^Recorded\. /);
}

describe('klartext campaign, end to end', () => {
  it('runs a second campaign from its files to a retraction, from the terminal only', async () => {
    const file = await writeCampaign();
    const validated = await asManager(['campaign', 'validate', file]);
    expect(validated).toMatchObject({ code: 0 });
    expect(validated.stdout).toMatch(/2 segments, 8 claims, 1 channel\./);

    const planned = await asManager(['campaign', 'plan', file, '--json']);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout) as { ok: boolean; totals: { scripts: number; videoSeconds: number } };
    expect(plan.ok).toBe(true);
    expect(plan.totals.scripts).toBe(2);
    expect(plan.totals.videoSeconds).toBeGreaterThan(10);

    const campaignId = `e2e-${suffix}`;
    const launched = await asManager(['campaign', 'launch', file, '--id', campaignId]);
    // The two-segment copy leaves some of the example's concern headings unused: warned about, not refused.
    expect(launched.stderr).toMatch(/campaign\.yaml:\d+:\d+: warning: concerns\./);
    expect(launched.stdout.split('\n').slice(0, 3)).toEqual([
      `Launched ${campaignId}: 2 segments, "Masernschutz nachholen".`,
      'Next:',
      `  klartext campaign status ${campaignId}`,
    ]);

    const paused = await asManager(['campaign', 'pause', campaignId, '--reason', 'checking the proof rules first']);
    expect(paused.stdout).toMatch(new RegExp(`^Paused ${campaignId}`));
    const whilePaused = JSON.parse((await asManager(['campaign', 'status', campaignId, '--json'])).stdout) as {
      status: string;
      paused: boolean;
    };
    expect(whilePaused).toMatchObject({ status: 'PAUSED', paused: true });
    expect((await asManager(['campaign', 'status', campaignId])).stdout).toMatch(
      /^Campaign .*: PAUSED, workflow RUNNING\n\[/,
    );
    await asManager(['campaign', 'resume', campaignId, '--reason', 'proof rules confirmed']);

    const segmentIds = (await readFile(join(dir, 'segments.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((r) => r.split(',')[0]!);
    for (const segmentId of segmentIds) await review(campaignId, segmentId);

    const watched = await asManager(['campaign', 'watch', campaignId, '--interval', '0.5']);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/PUBLISHED 2 \(2\/2 finished\)\n.*ended COMPLETED; the campaign is COMPLETED\.$/);
    expect(
      h.receiver.received.filter((w) => w.data.campaignId === campaignId && w.type === 'video.approved'),
    ).toHaveLength(2);

    const channelId = `late-${suffix}`;
    const added = await asManager([
      'channels',
      'add',
      channelId,
      '--kind',
      'webhook',
      '--url',
      late.url,
      '--secret',
      late.secret,
    ]);
    expect(added.code).toBe(0);
    const linked = await asManager(['campaign', 'channels', 'link', campaignId, channelId, '--backfill']);
    expect(linked.stdout).toContain('Backfilled 2 published videos to the new channels.');
    const mine = (r: FakeWebhookReceiver, type: string) =>
      r.received.filter((w) => w.data.campaignId === campaignId && w.type === type);
    await eventually(async () => (mine(late, 'video.approved').length === 2 ? true : undefined), 60_000, 'backfill');

    const retracted = await asManager(['campaign', 'retract', campaignId, '--reason', 'superseded by new guidance']);
    expect(retracted.stdout).toMatch(new RegExp(`^Retracting ${campaignId} on every channel`));
    await eventually(
      async () =>
        mine(h.receiver, 'video.retracted').length === 2 && mine(late, 'video.retracted').length === 2
          ? true
          : undefined,
      60_000,
      'retractions on both channels',
    );
  }, 600_000);
});
