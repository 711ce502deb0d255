// The history of a published campaign, read raw from Temporal, holds no reviewer name, comment or script text.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Payload } from '@temporalio/common';
// A CommonJS module whose named exports Node cannot detect: its default export is the whole namespace.
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiClient } from '../../cli/api-client.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { createLocalProvider } from '../../scripts/providers/local.ts';
import type { ScriptProvider } from '../../scripts/providers/provider.ts';
import { resolveTemporalCli } from '../../dev/temporal-binary.ts';
import { setPassword, upsertUserWithToken } from '../../db/user-repo.ts';
import { campaignWorkflowId, segmentWorkflowId } from '../../shared/task-queues.ts';
import type { Script } from '../../shared/types.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';

/** Text a failing model gateway echoes back (as some quote the prompt): it must not reach the history in plain text. */
const FAILURE_CANARY = `gateway echoed the prompt: Impfschutz-Kanarienvogel ${randomBytes(3).toString('hex')}`;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  // The first draft fails with the canary in its message; Temporal retries it, keeping the failure in the history.
  const local = createLocalProvider(loadTemplates());
  let calls = 0;
  const flaky: ScriptProvider = {
    name: local.name,
    draft: (input) => (calls++ === 0 ? Promise.reject(new Error(FAILURE_CANARY)) : local.draft(input)),
  };
  await h.startWorkers({ scriptProvider: flaky });
});
afterAll(() => h?.close());

/** Every event of a workflow's history as the server stores it: raw gRPC pages, nothing decoded. */
async function rawHistory(workflowId: string): Promise<proto.temporal.api.history.v1.IHistoryEvent[]> {
  const events: proto.temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await h.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** Every payload anywhere in `value` (an event, a failure, a header…): objects with `data` and `metadata`. */
/**
 * Every payload in `value`, search attributes apart: Temporal must read those to index them, so they stay plain and
 * klartext puts only ids, the language and the stage there (`searchAttributePayloads` collects them).
 */
function payloadsIn(value: unknown, found: Payload[] = [], readable?: Payload[]): Payload[] {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
  if ('metadata' in value && 'data' in value) found.push(value as Payload);
  const marker = 'markerName' in value ? value.markerName : undefined;
  for (const [key, child] of Object.entries(value)) {
    // Search attributes, and the SDK's own markers' bookkeeping (written by its core, around the codec).
    const plainByDesign = key === 'searchAttributes' || (key === 'details' && marker === 'core_patch');
    if (plainByDesign) payloadsIn(child, readable ?? [], readable);
    else if (key === 'details' && marker === 'core_local_activity') {
      // A local activity's marker: `data` says which activity ran when (plain), `result` is its result (encrypted).
      const { data, ...rest } = child as Record<string, unknown>;
      payloadsIn(data, readable ?? [], readable);
      payloadsIn(rest, found, readable);
    } else payloadsIn(child, found, readable);
  }
  return found;
}

/** What the SDK's markers may say in plain: a patch's name, a local activity's sequence, type, attempt and times. */
const SDK_MARKER_FIELDS = new Set([
  'id',
  'deprecated',
  'seq',
  'attempt',
  'activity_id',
  'activity_type',
  'complete_time',
  'backoff',
  'original_schedule_time',
]);

/** The payloads Temporal or its SDK must read (search attributes, marker bookkeeping), plain by design. */
function searchAttributePayloads(events: unknown): Payload[] {
  const attributes: Payload[] = [];
  payloadsIn(events, [], attributes);
  return attributes;
}

describe('encrypted workflow history', () => {
  it('keeps reviewer names, comments, script text and failure messages out of a published campaign’s raw history', async () => {
    const suffix = randomBytes(3).toString('hex');
    const reviewerName = `Dr. Quirina Zwetschgenbaum ${suffix}`;
    const changeComment = `Scene two overstates the booster, says reviewer ${suffix} (plaintext canary).`;
    const approvalComment = `Approved after the booster wording changed ${suffix}.`;
    const token = await upsertUserWithToken(h.pool, {
      id: `canary-${suffix}`,
      displayName: reviewerName,
      role: 'medical_reviewer',
    });
    await setPassword(h.pool, `canary-${suffix}`, TEST_PASSWORD);
    const reviewer = createApiClient(h.server.url, token);

    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segmentId = campaign.segments[0]!.id;
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    type Item = { state: { status: string; scriptSha256: string; round: number }; script: Script };
    const inReview = (round: number) =>
      eventually(
        async () => {
          const item = await reviewer.get<Item>(path).catch(() => undefined);
          return item?.state.status === 'IN_REVIEW' && item.state.round === round ? item : undefined;
        },
        60_000,
        `${segmentId} in review (round ${round})`,
      );
    const first = await inReview(1);
    await reviewer.post(`${path}/request-changes`, {
      scriptSha256: first.state.scriptSha256,
      comment: changeComment,
      sceneComments: { '0': `${changeComment} (scene)` },
    });
    const second = await inReview(2);
    await reviewer.post(`${path}/approve`, {
      scriptSha256: second.state.scriptSha256,
      comment: approvalComment,
      password: TEST_PASSWORD,
    });
    await h.acceptVideo(campaignId, segmentId, reviewer);
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();

    const sentence = second.script.scenes
      .flatMap((scene) => scene.sentences.map((x) => x.text))
      .reduce((a, b) => (b.length > a.length ? b : a));
    expect(sentence.length).toBeGreaterThan(20);
    const secrets = [reviewerName, changeComment, approvalComment, sentence, second.script.title, FAILURE_CANARY];
    for (const workflowId of [campaignWorkflowId(campaignId), segmentWorkflowId(campaignId, segmentId)]) {
      const events = await rawHistory(workflowId);
      const bytes = Buffer.concat(
        events.map((e) => Buffer.from(proto.temporal.api.history.v1.HistoryEvent.encode(e).finish())),
      ).toString('utf8');
      for (const secret of secrets) expect(bytes, `${workflowId} holds "${secret}"`).not.toContain(secret);
      // Search attributes and the SDK's markers, readable by design, name the run, its stage and the code's patches
      // and activities, nothing a reviewer wrote or read.
      const allowed = new Set([campaignId, segmentId, campaign.segments[0]!.language, 'RUNNING', 'COMPLETED']);
      for (const p of searchAttributePayloads(events)) {
        const value = JSON.parse(Buffer.from(p.data ?? []).toString('utf8')) as unknown;
        // TemporalChangeVersion and the SDK's markers name the code's patches and activities, never content.
        const codeName = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9-]+$/.test(v);
        const sdkMarker =
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(([k, v]) => SDK_MARKER_FIELDS.has(k) && (typeof v !== 'string' || codeName(v)));
        const patches = (Array.isArray(value) && value.every(codeName)) || sdkMarker;
        const plain = patches || (typeof value === 'string' && (allowed.has(value) || /^[A-Z_]+$/.test(value)));
        expect(plain, `search attribute value ${JSON.stringify(value)} of ${workflowId}`).toBe(true);
      }
      // Every other payload is encrypted; nothing went around the codec as plain JSON.
      const payloads = payloadsIn(events);
      expect(payloads.length).toBeGreaterThan(0);
      for (const p of payloads) {
        expect(Buffer.from(p.metadata?.encoding ?? []).toString(), `a payload of ${workflowId}`).toBe(
          'binary/encrypted',
        );
      }
    }

    // The same history decoded with the codec does carry the decisions: the check above was not vacuous.
    const segmentEvents = await rawHistory(segmentWorkflowId(campaignId, segmentId));
    const decoded = await h.payloadCodec.decode(payloadsIn(segmentEvents));
    const plain = decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
    expect(plain).toContain(reviewerName);
    expect(plain).toContain(changeComment);
    expect(plain).toContain(approvalComment);
    expect(plain).toContain(FAILURE_CANARY);

    // The Temporal CLI reads the history through the codec endpoint, as an operator would (asynchronously: the
    // endpoint is served by this process).
    const cli = resolveTemporalCli({
      env: process.env,
      cacheDir: resolve(import.meta.dirname, '../../.cache'),
      install: false,
      log: () => {},
    });
    if (!cli) throw new Error('No temporal binary: the global setup should have found one.');
    /** The payloads' contents of `temporal workflow show -o json` (which prints their data as base64). */
    const show = async (...extra: string[]) => {
      const { stdout } = await promisify(execFile)(cli.path, [
        ...['workflow', 'show', '-w', segmentWorkflowId(campaignId, segmentId), '-o', 'json'],
        ...['--address', inject('temporalAddress'), '--namespace', 'default', ...extra],
      ]);
      const shown = payloadsIn(JSON.parse(stdout)) as unknown as { data?: string }[];
      return shown.map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8')).join('\n');
    };
    const viaCodec = await show('--codec-endpoint', `${h.server.url}/codec`, '--codec-auth', `Bearer ${token}`);
    expect(viaCodec).toContain(changeComment);
    expect(viaCodec).toContain(reviewerName);
    expect(await show()).not.toContain(changeComment);
  });
});
