// `klartext review` from a terminal against a running API: list, show, and a signed approval read from stdin.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { upsertUserWithToken, setPassword } from '../../db/user-repo.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import type { Script } from '../../shared/types.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { klartext as spawnKlartext, type Ran } from './run.ts';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  token = await upsertUserWithToken(h.pool, {
    id: 'cli-reviewer',
    displayName: 'CLI reviewer',
    role: 'medical_reviewer',
  });
  await setPassword(h.pool, 'cli-reviewer', TEST_PASSWORD);
});
afterAll(() => h?.close());

function klartext(args: string[], stdin = ''): Promise<Ran> {
  return spawnKlartext(['review', ...args], {
    env: { KLARTEXT_API_URL: h.server.url, KLARTEXT_API_TOKEN: token },
    stdin,
  });
}

/** As on a machine running `klartext dev`: no API variables, only the session file in the data directory. */
async function withDevSession(args: string[], stdin: string): Promise<Ran> {
  const dataDir = await mkdtemp(join(inject('tmpRoot'), 'dev-session-'));
  await writeFile(
    join(dataDir, 'dev.json'),
    JSON.stringify({ apiUrl: h.server.url, tokens: { manager: '', reviewer: token } }),
  );
  const env = { KLARTEXT_DATA_DIR: dataDir, KLARTEXT_API_URL: undefined, KLARTEXT_API_TOKEN: undefined };
  return spawnKlartext(['review', ...args], { env, stdin });
}

describe('klartext review', () => {
  it('lists, shows and signs off a script and its video from the terminal', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    await eventually(async () => ((await klartext(['list'])).stdout.includes(campaignId) ? true : undefined));

    const shown = await klartext(['show', campaignId, segmentId, '--json']);
    expect(shown.code).toBe(0);
    const view = JSON.parse(shown.stdout) as { current: { sha256: string }; claims: unknown[] };
    expect(view.claims.length).toBeGreaterThan(0);
    const text = await klartext(['show', campaignId, segmentId]);
    expect(text.stdout).toMatch(/Claims and sources/);

    const wrong = await withDevSession(
      ['approve', campaignId, segmentId, '--sha', view.current.sha256, '--password-stdin'],
      'wrong\n',
    );
    expect(wrong.code).toBe(1);
    const [signing, refusal] = wrong.stderr.trim().split('\n');
    const session =
      /^Signing as cli-reviewer \(CLI reviewer, medical_reviewer\), from (.*dev-session-\w+\/dev\.json)$/.exec(
        signing ?? '',
      )?.[1];
    expect(session).toMatch(/^the dev stack session file /);
    expect(refusal).toBe(
      "klartext: The password does not match cli-reviewer's password; the approval was not signed. " +
        `(acted as cli-reviewer, from ${session}; to act as another user, set KLARTEXT_API_TOKEN or pass --token <their API token>)`,
    );
    const ok = await klartext(
      ['approve', campaignId, segmentId, '--sha', view.current.sha256, '--password-stdin'],
      `${TEST_PASSWORD}\n`,
    );
    expect(ok.stderr).toBe(
      'Signing as cli-reviewer (CLI reviewer, medical_reviewer), from the environment (KLARTEXT_API_TOKEN)\n',
    );
    expect(ok.stdout).toMatch(/Recorded\. .* is now RENDERING/);

    // The video check from the terminal: `show` names the render's hash, `accept-video` signs it.
    const videoSha = await eventually(
      async () => /--sha ([0-9a-f]{64})/.exec((await klartext(['show', campaignId, segmentId])).stdout)?.[1],
      60_000,
      'the video check',
    );
    const listed = await klartext(['list']);
    expect(listed.stdout).toMatch(new RegExp(`${campaignId}\\s+${segmentId}\\s+video`));
    const items = JSON.parse((await klartext(['list', '--json'])).stdout) as { campaignId: string; stage: string }[];
    expect(items.find((i) => i.campaignId === campaignId)?.stage).toBe('video');
    const accepted = await klartext(
      ['accept-video', campaignId, segmentId, '--sha', videoSha, '--password-stdin'],
      `${TEST_PASSWORD}\n`,
    );
    expect(accepted.stderr).toMatch(/^Signing as cli-reviewer /);
    expect(accepted.stdout).toMatch(/Recorded\. .* is now (VIDEO_REVIEW|PUBLISHING) \(render 1\)/);
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
  }, 150_000);

  it('sends script edits with a change request, refusing a mistyped one before anything is sent', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const current = () =>
      h.reviewer.get<{ state: { status: string; round: number; scriptSha256: string }; script: Script }>(
        `/api/reviews/${campaignId}/${segmentId}`,
      );
    const inReview = (round: number) =>
      eventually(async () => {
        const item = await current().catch(() => undefined);
        return item?.state.status === 'IN_REVIEW' && item.state.round === round ? item : undefined;
      });
    const first = await inReview(1);
    const sha = first.state.scriptSha256;
    const typo = await klartext(['request-changes', campaignId, segmentId, '--sha', sha, '--edit', 'remove 2']);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain("'remove 2': unknown edit 'remove'; use drop, shorten, alternative or move");
    const sent = await klartext(['request-changes', campaignId, segmentId, '--sha', sha, '--edit', 'drop 2']);
    expect(sent.stdout).toMatch(/^Recorded\. /);
    const second = await inReview(2);
    expect(second.script.scenes).toEqual(first.script.scenes.filter((_, i) => i !== 1));
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).terminate('test done');
  });
});
