// Replacing a published video: the segment runs through review again and channels are told which copy to swap.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../scripts/providers/local.ts';
import type { ScriptProvider } from '../../scripts/providers/provider.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { segmentWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
/** Drafts like the local composer; once guidance "changes", titles carry the new season, so the video differs. */
let revised = false;
const local = createLocalProvider(loadTemplates());
const provider: ScriptProvider = {
  name: local.name,
  async draft(input) {
    const out = await local.draft(input);
    return revised ? { ...out, script: { ...out.script, title: `${out.script.title} (2027)` } } : out;
  },
};

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers({ scriptProvider: provider });
});
afterAll(() => h?.close());

// A delivery is sent until the receiver answers it 2xx, and never again after that (counted per test).
let repeatsBefore = 0;
beforeEach(() => void (repeatsBefore = h.receiver.repeatsAfterSuccess));
afterEach(() => expect(h.receiver.repeatsAfterSuccess - repeatsBefore).toBe(0));

describe('video replacement', () => {
  it('sends video.replaced naming the old video, which the provenance endpoint then calls replaced', async () => {
    const example = await h.example({ segments: 1 });
    const campaignId = await h.launch(example);
    const segmentId = example.segments[0]!.id;
    const old = await h.signOff(campaignId, segmentId);
    await h.client.workflow.getHandle(`campaign/${campaignId}`).result();

    revised = true;
    const replace = await h.manager.post<{ replaces: string }>(
      `/api/campaigns/${campaignId}/segments/${segmentId}/replace`,
      { reason: 'New dosing advice' },
    );
    expect(replace.replaces).toBe(old.sha256);
    // The reason is kept with who asked, in the audit log.
    const audit = await h.pool.query<{ actor: string; details: unknown }>(
      `SELECT actor, details FROM audit_log WHERE action = 'video.replacement.started' AND subject = $1`,
      [`campaign/${campaignId}`],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]?.details).toMatchObject({
      segmentId,
      replaces: old.sha256,
      reason: 'New dosing advice',
    });
    // While the new run is under way, a second replacement is refused.
    const twice = await h.manager
      .post(`/api/campaigns/${campaignId}/segments/${segmentId}/replace`, {})
      .catch((e) => e);
    expect(twice).toMatchObject({ status: 409 });
    const fresh = await h.signOff(campaignId, segmentId);
    expect(fresh.sha256).not.toBe(old.sha256);
    const result = await h.client.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)).result();
    expect(result).toMatchObject({ status: 'PUBLISHED', videoSha256: fresh.sha256 });

    const events = h.receiver.received.filter((r) => r.data.campaignId === campaignId);
    expect(events.map((r) => r.type)).toEqual(['video.approved', 'video.replaced']);
    expect(events[1]!.data).toMatchObject({ video: { sha256: fresh.sha256 }, replaces: { videoSha256: old.sha256 } });
    const before = await (await fetch(`${h.server.url}/api/provenance/${old.sha256}`)).json();
    expect(before).toMatchObject({ status: 'replaced', replacedBy: fresh.sha256 });
    const now = await (await fetch(`${h.server.url}/api/provenance/${fresh.sha256}`)).json();
    expect(now).toMatchObject({ status: 'endorsed' });
  }, 240_000);
});
