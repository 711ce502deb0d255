// What operators see of a real `klartext worker` process running a one-segment campaign: its /metrics (klartext's
// domain series and the Temporal SDK's own), its JSON log lines with campaign, segment and workflow ids, and its
// OpenTelemetry spans at a fake OTLP/HTTP collector, joined to the spans of a traced client's call.
import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectClient } from '../../config/temporal-connection.ts';
import { startTracing, type Tracing } from '../../config/tracing.ts';
import { freePort } from '../../dev/ports.ts';
import { campaignWorkflowId, segmentWorkflowId } from '../../shared/task-queues.ts';
import { reviewStateQuery } from '../../workflows/messages.ts';
import { startOtlpCollector, type FakeOtlpCollector } from '../fakes/otlp-collector.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
let collector: FakeOtlpCollector;
let worker: ChildProcess;
let metricsUrl: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  h = await createHarness();
  collector = await startOtlpCollector();
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  // Narration priced, so the cost counter has something to count (the local script composer reports no tokens).
  const prices = join(h.outDir, 'prices.yaml');
  await writeFile(prices, 'currency: EUR\nnarrationPerSecond:\n  espeak-ng: 0.01\n');
  worker = h.spawnWorker(
    {
      KLARTEXT_WORKER_HEALTH_PORT: String(port),
      KLARTEXT_LOG_LEVEL: 'debug',
      KLARTEXT_PRICE_TABLE: prices,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: 'klartext-worker-under-test',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
    { stdout: 'pipe' },
  );
  createInterface({ input: worker.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      lines.push({ unparsed: line });
    }
  });
  await eventually(
    () =>
      fetch(metricsUrl)
        .then((r) => (r.ok ? true : undefined))
        .catch(() => undefined),
    120_000,
  );
}, 180_000);

afterAll(async () => {
  await h?.close();
  await collector?.close();
});

/** The value of the first sample named `name` whose labels include every `labels` pair. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const has = Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`));
    if (has) return Number(m[3]);
  }
  return undefined;
}

describe('a klartext worker process, observed', () => {
  let tracing: Tracing;
  let campaignId: string;
  let segmentId: string;

  it('runs a one-segment campaign to its delivery', async () => {
    const campaign = await h.example({ segments: 1 });
    segmentId = campaign.segments[0]!.id;
    campaignId = await h.launch(campaign);
    await h.signOff(campaignId, segmentId);
    await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
  }, 240_000);

  it('serves klartext’s domain metrics and the Temporal SDK’s own on one /metrics', async () => {
    const text = await (await fetch(metricsUrl)).text();
    expect(sample(text, 'klartext_deliveries_total', { channel_kind: 'webhook', outcome: 'delivered' })).toBe(1);
    expect(sample(text, 'klartext_review_wait_seconds_count', { subject: 'script', decision: 'APPROVED' })).toBe(1);
    expect(sample(text, 'klartext_review_wait_seconds_count', { subject: 'video', decision: 'ACCEPTED' })).toBe(1);
    const waited = sample(text, 'klartext_review_wait_seconds_sum', { subject: 'script' })!;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThan(240);
    const drafts = { kind: 'script', provider: 'local', operation: 'draft', outcome: 'ok' };
    expect(sample(text, 'klartext_provider_request_duration_seconds_count', drafts)).toBeGreaterThanOrEqual(1);
    const voice = { kind: 'voice', provider: 'espeak-ng' };
    expect(sample(text, 'klartext_provider_request_duration_seconds_count', voice)).toBeGreaterThanOrEqual(1);
    const spoken = sample(text, 'klartext_provider_seconds_total', voice)!;
    expect(spoken).toBeGreaterThan(5);
    const cost = sample(text, 'klartext_provider_estimated_cost_total', { ...voice, currency: 'EUR' })!;
    expect(cost).toBeCloseTo(spoken * 0.01, 6);
    // No campaign or segment id is ever a label.
    expect(text).not.toContain(campaignId);
    // The SDK core's metrics, read from its own exporter into the same scrape.
    expect(sample(text, 'temporal_workflow_completed_total', { workflow_type: 'segmentWorkflow' })).toBeGreaterThan(0);
    expect(sample(text, 'temporal_activity_execution_latency_seconds_count')).toBeGreaterThan(0);
    expect(text).toMatch(/^# TYPE temporal_/m);
  });

  it('logs activity lines as JSON with the workflow, campaign and segment ids', () => {
    const workflowId = segmentWorkflowId(campaignId, segmentId);
    const drafted = lines.find((l) => l.activityType === 'draftScript' && l.workflowId === workflowId);
    expect(drafted).toMatchObject({
      process: 'worker',
      component: 'temporal',
      campaignId,
      segmentId,
      workflowType: 'segmentWorkflow',
      // This test file's deployment prefix, then the queue.
      taskQueue: `${process.env.KLARTEXT_TASK_QUEUE_PREFIX ?? ''}llm`,
    });
    expect(lines.filter((l) => 'unparsed' in l)).toEqual([]);
  });

  it('sends spans of the workflow run and its activities, joined to a traced client call, to the OTLP collector', async () => {
    tracing = startTracing({ url: `${collector.url}/v1/traces`, serviceName: 'klartext-serve-under-test' }, 'serve');
    const { client, close } = await connectClient(
      { address: inject('temporalAddress'), namespace: 'default' },
      h.dataConverter,
      { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] },
    );
    const state = await client.workflow.getHandle(segmentWorkflowId(campaignId, segmentId)).query(reviewStateQuery);
    expect(state.status).toBe('PUBLISHED');
    await close();
    await tracing.shutdown();

    const fromWorker = await eventually(async () => {
      const names = new Set(
        collector.spans.filter((s) => s.service === 'klartext-worker-under-test').map((s) => s.name),
      );
      const wanted = ['RunWorkflow:segmentWorkflow', 'RunActivity:draftScript', 'RunActivity:renderVideo'];
      return wanted.every((n) => names.has(n)) && [...names].some((n) => n.startsWith('HandleQuery'))
        ? names
        : undefined;
    }, 30_000);
    expect(collector.contentTypes.every((t) => t.startsWith('application/json'))).toBe(true);
    expect([...fromWorker]).toContain('StartActivity:draftScript');

    // The activity ran as the child of the workflow's StartActivity span: one trace from workflow to activity.
    const byId = new Map(collector.spans.map((s) => [s.spanId, s]));
    const draft = collector.spans.find(
      (s) =>
        s.name === 'RunActivity:draftScript' &&
        s.attributes.temporalWorkflowId === segmentWorkflowId(campaignId, segmentId),
    );
    expect(draft).toBeDefined();
    expect(byId.get(draft!.parentSpanId ?? '')?.name).toBe('StartActivity:draftScript');

    // The client's query span (serve's side) is the parent of the worker's span handling it.
    const query = collector.spans.find(
      (s) => s.service === 'klartext-serve-under-test' && s.name.startsWith('QueryWorkflow'),
    );
    expect(query).toBeDefined();
    const handled = await eventually(
      async () => collector.spans.find((s) => s.parentSpanId === query!.spanId),
      10_000,
      'the worker span handling the traced query',
    );
    expect(handled).toMatchObject({ service: 'klartext-worker-under-test', name: 'HandleQuery:reviewState' });
    expect(handled.traceId).toBe(query!.traceId);
  }, 60_000);
});
