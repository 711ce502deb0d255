// Script variants end to end: variant B of a segment is drafted with its own call to action, reviewed and signed on
// its own, and delivered by channel (B to its channels, A to the others) or by schedule (B replaces A at its time).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentWorkflowId } from '../../shared/task-queues.ts';
import type { ChannelConfig } from '../../shared/types.ts';
import { variantSegmentId } from '../../shared/variants.ts';
import { reviewStateQuery } from '../../workflows/messages.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

/** A webhook channel of this campaign that posts to the harness's receiver. */
const hook = (id: string): ChannelConfig => ({ id, kind: 'webhook', url: h.receiver.url, secret: h.receiver.secret });

/** The second example campaign (not the demo's), one segment, with its own channels. */
async function measles(channels: ChannelConfig[], segments = 1) {
  const loaded = await h.example({
    segments,
    path: join(import.meta.dirname, '../../examples/measles-catch-up/campaign.yaml'),
  });
  return { ...loaded, brief: { ...loaded.brief, channels } };
}

async function deliveriesOf(campaignId: string) {
  const r = await h.pool.query<{ segment_id: string; channel_id: string; event_type: string; status: string }>(
    `SELECT segment_id, channel_id, event_type, status FROM deliveries WHERE campaign_id = $1
      ORDER BY segment_id, channel_id`,
    [campaignId],
  );
  return r.rows;
}

describe('script variants', () => {
  it('splits by channel: B is drafted with its own call to action and goes to its channels only', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const [toA, toB] = [`variant-a-${suffix}`, `variant-b-${suffix}`];
    const campaign = await measles([hook(toA), hook(toB)]);
    const cta = 'Fragen Sie in Ihrer Praxis nach dem Impfpass-Check.';
    const brief = {
      ...campaign.brief,
      variants: { split: 'channel' as const, channels: [toB], b: { name: 'record-check', callToAction: { de: cta } } },
    };
    const campaignId = await h.launch({ ...campaign, brief });
    const base = campaign.segments[0]!.id;
    const b = variantSegmentId(base);

    const segments = await h.pool.query<{ id: string; label: string; size: number }>(
      `SELECT id, label, size FROM segments WHERE campaign_id = $1 ORDER BY id`,
      [campaignId],
    );
    // Same audience, same aggregates: variant B is a copy of the segment under its own id.
    expect(segments.rows.map((r) => r.id).sort()).toEqual([base, b].sort());
    expect(new Set(segments.rows.map((r) => `${r.label}/${r.size}`)).size).toBe(1);

    const videoA = await h.signOff(campaignId, base);
    // The reviewer is told which script is variant B, of which segment, and what B changes.
    const shown = await h.reviewer.get<{ variant?: unknown }>(`/api/reviews/${campaignId}/${b}`);
    expect(shown.variant).toEqual({ name: 'record-check', callToAction: { de: cta }, of: base });
    expect((await h.reviewer.get<{ variant?: unknown }>(`/api/reviews/${campaignId}/${base}`)).variant).toBeUndefined();
    const videoB = await h.signOff(campaignId, b);
    expect(videoB.sha256).not.toBe(videoA.sha256);
    const result = await h.client.workflow.getHandle(`campaign/${campaignId}`).result();
    expect(result.counts).toEqual({ PUBLISHED: 2 });

    const scripts = await h.pool.query<{ segment_id: string; script: { callToAction: string } }>(
      `SELECT segment_id, script FROM script_versions WHERE campaign_id = $1`,
      [campaignId],
    );
    const ctaOf = (id: string) => scripts.rows.find((r) => r.segment_id === id)!.script.callToAction;
    expect(ctaOf(b)).toBe(cta);
    expect(ctaOf(base)).toBe(campaign.brief.callToAction.de);

    const delivered = (await deliveriesOf(campaignId)).filter((d) => d.status === 'delivered');
    expect(delivered.map((d) => [d.segment_id, d.channel_id, d.event_type])).toEqual(
      [
        [base, toA, 'video.approved'],
        [b, toB, 'video.approved'],
      ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    // Channels learn which variant they show, by the segment's id and the variant's name.
    const events = h.receiver.received.filter((r) => r.data.campaignId === campaignId);
    expect(events.map((e) => e.data.variant)).toEqual(
      expect.arrayContaining([
        { segmentId: base, letter: 'a', name: 'a' },
        { segmentId: base, letter: 'b', name: 'record-check' },
      ]),
    );
  }, 300_000);

  it('splits by schedule: A goes out at once; B, accepted, frees its review slot and at the switch replaces A', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const channel = `variant-both-${suffix}`;
    const campaign = await measles([hook(channel)], 2);
    const switchAt = new Date(Date.now() + 100_000).toISOString();
    const brief = {
      ...campaign.brief,
      // One segment open at a time: B waiting for its switch must not hold the campaign's only slot.
      review: { ...campaign.brief.review, maxInReview: 1 },
      variants: {
        split: 'schedule' as const,
        switchAt,
        segments: [campaign.segments[0]!.id],
        b: { name: 'greeting-first', wording: { de: { greeting: 'Guten Tag! Kurz und wichtig für {audience}.' } } },
      },
    };
    const campaignId = await h.launch({ ...campaign, brief });
    const [base, other] = campaign.segments.map((s) => s.id) as [string, string];
    const b = variantSegmentId(base);

    const videoA = await h.signOff(campaignId, base);
    const resultA = await h.client.workflow.getHandle(segmentWorkflowId(campaignId, base)).result();
    expect(resultA).toMatchObject({ status: 'PUBLISHED', videoSha256: videoA.sha256 });

    const videoB = await h.signOff(campaignId, b);
    // Accepted, B waits for its time: nothing of it reached the channel yet, and the next segment starts meanwhile.
    const handleB = h.client.workflow.getHandle(segmentWorkflowId(campaignId, b));
    await eventually(
      async () => ((await handleB.query(reviewStateQuery)).held === 'schedule' ? true : undefined),
      60_000,
      'variant B waiting for its schedule',
    );
    expect((await deliveriesOf(campaignId)).map((d) => d.segment_id)).toEqual([base]);
    const otherInReview = await eventually(
      async () => {
        const r = await h.reviewer
          .get<{ state: { status: string } }>(`/api/reviews/${campaignId}/${other}`)
          .catch(() => undefined);
        return r?.state.status === 'IN_REVIEW' ? Date.now() : undefined;
      },
      60_000,
      `${other} in review while variant B waits`,
    );
    expect(otherInReview).toBeLessThan(Date.parse(switchAt));

    const resultB = await handleB.result();
    expect(resultB).toMatchObject({ status: 'PUBLISHED', videoSha256: videoB.sha256 });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(switchAt));
    const events = h.receiver.received.filter((r) => r.data.campaignId === campaignId);
    expect(events.map((e) => [e.data.segmentId, e.type])).toEqual([
      [base, 'video.approved'],
      [b, 'video.replaced'],
    ]);
    expect(events[1]!.data).toMatchObject({ replaces: { videoSha256: videoA.sha256 } });
    // B's script greets as the variant says; A's does not.
    const scripts = await h.pool.query<{ segment_id: string; script: unknown }>(
      `SELECT segment_id, script FROM script_versions WHERE campaign_id = $1`,
      [campaignId],
    );
    const text = (id: string) => JSON.stringify(scripts.rows.find((r) => r.segment_id === id)!.script);
    expect(text(b)).toContain('Kurz und wichtig für');
    expect(text(base)).not.toContain('Kurz und wichtig für');
  }, 300_000);
});
