// The campaign benchmark's baseline: one segment's activities in the order segmentWorkflow runs them (status, draft,
// checks, an approval, render, video acceptance, manifest, delivery), called as plain async functions in this process
// on the same database, providers and receiver, without Temporal: what the orchestration costs is the difference.
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivitiesByQueue } from '../activities/index.ts';
import type { Config } from '../config/config.ts';
import type { SecretBox } from '../db/secrets.ts';
import type { ChaosCampaign } from '../dev/chaos-campaign.ts';
import type { Stack } from '../dev/stack.ts';
import { signedDecision } from '../review/sign-off.ts';
import { createScriptProvider } from '../scripts/providers/index.ts';
import { createCampaignWithChannels } from '../services/launch.ts';
import type { SegmentStatus } from '../shared/types.ts';
import { loadOrCreateSigningKey } from '../video/provenance/keys.ts';
import { instantRenderVideo } from './instant-video.ts';

/** Segments processed at once by the baseline: about what the worker's queues run at once. */
const AT_ONCE = 50;

/** Runs a function as an activity (heartbeats and cancellation go to a mock context), with no Temporal server. */
const call = <I, O>(fn: (input: I) => Promise<O>, input: I): Promise<O> => new MockActivityEnvironment().run(fn, input);

export async function runBaseline(opts: {
  config: Config;
  stack: Stack;
  secrets: SecretBox;
  files: ChaosCampaign;
  receiverUrl: string;
  secret: string;
  N: number;
}): Promise<{ seconds: number; atOnce: number }> {
  const { config, stack, secrets, files } = opts;
  const pool = stack.pool;
  const acts = createActivitiesByQueue({
    pool,
    outDir: config.outDir,
    publicBaseUrl: stack.apiUrl,
    allowHttpLoopback: true,
    scriptProvider: createScriptProvider(config.scripts),
    signingKey: await loadOrCreateSigningKey({ ...config.signingKey, dataDir: config.dataDir }),
    secrets,
  });
  const renderVideo = instantRenderVideo(pool, config.outDir);
  const campaignId = `baseline-${opts.N}-${Date.now().toString(36)}`;
  const deps = { pool, temporal: stack.client, secrets, allowHttpLoopback: true, outDir: config.outDir };
  await createCampaignWithChannels(deps, { id: campaignId, ...files, createdBy: 'bench-manager' });
  const reviewer = { id: 'bench-reviewer', displayName: 'Reviewer', role: 'medical_reviewer' };
  const channelIds = files.brief.channels.map((ch) => ('ref' in ch ? ch.ref : ch.id));

  const one = async (segmentId: string) => {
    const ids = { campaignId, segmentId };
    const status = (s: SegmentStatus) => call(acts.orchestration.setSegmentStatus, { ...ids, status: s });
    await status('DRAFTING');
    const draft = await call(acts.llm.draftScript, { ...ids, round: 1, reviewerComments: [] });
    await call(acts.orchestration.checkScript, { ...ids, scriptSha256: draft.scriptSha256 });
    await status('IN_REVIEW');
    const approval = {
      ...signedDecision({ reviewer, signature: { meaning: 'approved' } }, 'APPROVED', 'APPROVED', ''),
      scriptSha256: draft.scriptSha256,
      round: 1,
    };
    await call(acts.orchestration.recordReviewDecision, { ...ids, ...approval, claimSetSha256: draft.claimSetSha256 });
    await status('RENDERING');
    const video = await call(renderVideo, { ...ids, scriptSha256: draft.scriptSha256 });
    await status('VIDEO_REVIEW');
    const acceptance = signedDecision({ reviewer, signature: { meaning: 'accepted' } }, 'ACCEPTED', 'ACCEPTED', '');
    await call(acts.orchestration.recordVideoDecision, {
      ...ids,
      ...acceptance,
      videoSha256: video.videoSha256,
      attempt: 1,
      scriptSha256: draft.scriptSha256,
      generationKey: video.generationKey,
    });
    await call(acts.video.writeManifest, { ...ids, generationKey: video.generationKey, approvals: [approval] });
    await status('PUBLISHING');
    for (const channelId of channelIds) {
      await call(acts.publish.deliverToChannel, { ...ids, channelId, generationKey: video.generationKey });
    }
    await status('PUBLISHED');
  };

  const segmentIds = files.segments.map((s) => s.id);
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      while (next < segmentIds.length) await one(segmentIds[next++]!);
    }),
  );
  await call(acts.orchestration.finishCampaign, { campaignId, counts: { PUBLISHED: segmentIds.length } });
  return { seconds: (performance.now() - t0) / 1000, atOnce: AT_ONCE };
}
