// The worker's metrics: activity attempts counted by type and outcome, provider calls timed, /metrics on the health
// listener behind the token; and the SDK's log metadata turned into the log fields operators search by.
import { Context } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idsOfWorkflow, sdkFields } from '../../config/logger.ts';
import { createMetrics } from '../../config/metrics.ts';
import { startHealthListener, type HealthListener } from '../../worker/health.ts';
import { instrumentActivities, instrumentProvider } from '../../worker/instrument.ts';

const counted = async (metrics: ReturnType<typeof createMetrics>, type: string, outcome: string) =>
  (await metrics.activityExecutions.get()).values.find(
    (v) => v.labels.activity_type === type && v.labels.outcome === outcome,
  )?.value ?? 0;

describe('instrumentActivities', () => {
  const activities = {
    async draftScript(input: { fail: boolean }): Promise<string> {
      if (input.fail) throw new Error('provider refused');
      return `drafted in attempt ${Context.current().info.attempt}`;
    },
  };

  it('counts a completed attempt under its activity type, and returns its result', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const wrapped = instrumentActivities(activities, metrics);
    const result = await new MockActivityEnvironment({ attempt: 2 }).run(wrapped.draftScript, { fail: false });
    expect(result).toBe('drafted in attempt 2');
    expect(await counted(metrics, 'draftScript', 'completed')).toBe(1);
    expect(await counted(metrics, 'draftScript', 'failed')).toBe(0);
  });

  it('counts a failed attempt as failed and rethrows its error', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const wrapped = instrumentActivities(activities, metrics);
    await expect(new MockActivityEnvironment().run(wrapped.draftScript, { fail: true })).rejects.toThrow(
      'provider refused',
    );
    expect(await counted(metrics, 'draftScript', 'failed')).toBe(1);
    expect(await counted(metrics, 'draftScript', 'completed')).toBe(0);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/klartext_activity_duration_seconds_count\{activity_type="draftScript",outcome="failed"\} 1/);
  });
});

describe('instrumentProvider', () => {
  it('times the named operations by provider and outcome and passes other members through', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const provider = instrumentProvider(
      { name: 'fake', model: 'm1', draft: (text: string) => Promise.resolve(text.toUpperCase()) },
      'script',
      ['draft'],
      metrics,
    );
    expect(provider.model).toBe('m1');
    expect(await provider.draft('hallo')).toBe('HALLO');
    expect(await metrics.registry.metrics()).toMatch(
      /klartext_provider_request_duration_seconds_count\{kind="script",provider="fake",operation="draft",outcome="ok"\} 1/,
    );
  });
});

describe('worker /metrics', () => {
  const token = 'worker-metrics-token-42';
  const metrics = createMetrics();
  let health: HealthListener;
  beforeAll(async () => {
    metrics.deliveries.inc({ channel_kind: 'webhook', outcome: 'delivered' });
    const up = () => Promise.resolve();
    health = await startHealthListener({ database: up, temporal: up, workersRunning: () => true }, '127.0.0.1', 0, {
      metrics,
      token,
    });
  });
  afterAll(() => health?.stop());

  it('refuses without the bearer token and serves the metrics, process ones included, with it', async () => {
    expect((await fetch(`${health.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${health.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('klartext_deliveries_total{channel_kind="webhook",outcome="delivered"} 1');
    expect(text).toContain('klartext_process_cpu_seconds_total');
  });
});

describe('SDK log fields', () => {
  it('names the campaign and segment of a segment workflow id', () => {
    expect(idsOfWorkflow('campaign/c1/segment/s-9')).toEqual({ campaignId: 'c1', segmentId: 's-9' });
    expect(idsOfWorkflow('campaign/c1')).toEqual({ campaignId: 'c1' });
    expect(idsOfWorkflow('other')).toEqual({});
  });

  it('keeps the plain metadata and the error, and drops objects that may hold payloads', () => {
    const error = new Error('render failed');
    const fields = sdkFields({
      workflowId: 'campaign/c1/segment/s2',
      activityType: 'renderVideo',
      attempt: 3,
      input: { script: 'Impfen schützt' },
      error,
    });
    expect(fields).toEqual({
      workflowId: 'campaign/c1/segment/s2',
      activityType: 'renderVideo',
      attempt: 3,
      err: error,
      campaignId: 'c1',
      segmentId: 's2',
    });
  });
});
