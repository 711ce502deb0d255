// `klartext review` from a terminal against a running API: list, show, and a signed approval read from stdin.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUserWithToken, setPassword } from '../../db/user-repo.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'main.ts');
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

function klartext(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'review', ...args], {
      env: { ...process.env, KLARTEXT_API_URL: h.server.url, KLARTEXT_API_TOKEN: token },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
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

    const wrong = await klartext(
      ['approve', campaignId, segmentId, '--sha', view.current.sha256, '--password-stdin'],
      'wrong\n',
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe('klartext: The password does not match; the approval was not signed.');
    const ok = await klartext(
      ['approve', campaignId, segmentId, '--sha', view.current.sha256, '--password-stdin'],
      `${TEST_PASSWORD}\n`,
    );
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/Recorded\. .* is now RENDERING/);

    // The video check from the terminal: `show` names the render's hash, `accept-video` signs it.
    const videoSha = await eventually(
      async () => /--sha ([0-9a-f]{64})/.exec((await klartext(['show', campaignId, segmentId])).stdout)?.[1],
      60_000,
      'the video check',
    );
    const listed = await klartext(['list']);
    expect(listed.stdout).toMatch(new RegExp(`${campaignId}\\s+${segmentId}\\s+video`));
    const accepted = await klartext(
      ['accept-video', campaignId, segmentId, '--sha', videoSha, '--password-stdin'],
      `${TEST_PASSWORD}\n`,
    );
    expect(accepted.stderr).toBe('');
    expect(accepted.stdout).toMatch(/Recorded\. .* is now (VIDEO_REVIEW|PUBLISHING) \(render 1\)/);
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
  }, 150_000);
});
