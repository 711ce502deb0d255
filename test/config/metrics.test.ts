// The metrics serve and worker scrape: segments by stage read from the database, provider usage and cost from the
// price table, and further sources (the Temporal SDK's exporter) appended without ever failing a scrape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSegmentStageGauge, createMetrics, scrape } from '../../config/metrics.ts';
import { countSegmentsByStage } from '../../db/overview-repo.ts';
import { DEFAULT_PRICE_TABLE } from '../../shared/price-table.ts';
import { instrumentProviders } from '../../worker/instrument.ts';
import type { VideoProvider } from '../../video/providers/provider.ts';
import type { ScriptProvider } from '../../scripts/providers/provider.ts';
import { backends, isolated, type Isolated } from '../support/isolated-db.ts';

const value = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.split(' ')[1] ?? Number.NaN,
  );

describe.each(backends())('klartext_segments on %s', (backend) => {
  let db: Isolated;
  beforeAll(async () => {
    db = await isolated[backend]!();
    const campaign = (id: string, status: string) =>
      db.pool.query(`INSERT INTO campaigns (id, name, title, brief, status) VALUES ($1, $1, $1, '{}', $2)`, [
        id,
        status,
      ]);
    const segment = (campaignId: string, id: string, status: string) =>
      db.pool.query(
        `INSERT INTO segments (campaign_id, id, label, language, reading_level, size, concerns, tags, status)
         VALUES ($1, $2, $2, 'de', 'plain', 20, '[]', '[]', $3)`,
        [campaignId, id, status],
      );
    await campaign('running', 'RUNNING');
    await campaign('paused', 'PAUSED');
    await campaign('done', 'COMPLETED');
    await segment('running', 'a', 'IN_REVIEW');
    await segment('running', 'b', 'IN_REVIEW');
    await segment('paused', 'c', 'RENDERING');
    await segment('done', 'd', 'PUBLISHED');
  });
  afterAll(() => db?.close());

  it('counts the segments of running and paused campaigns by stage at each scrape, every stage reporting', async () => {
    const metrics = createMetrics({ processMetrics: false });
    addSegmentStageGauge(metrics, () => countSegmentsByStage(db.pool));
    const text = await scrape(metrics);
    expect(value(text, 'klartext_segments{stage="IN_REVIEW"}')).toBe(2);
    expect(value(text, 'klartext_segments{stage="RENDERING"}')).toBe(1);
    // A completed campaign's segments are not in the pipeline any more.
    expect(value(text, 'klartext_segments{stage="PUBLISHED"}')).toBe(0);
    await db.pool.query(`UPDATE segments SET status = 'RENDERING' WHERE campaign_id = 'running' AND id = 'a'`);
    const later = await scrape(metrics);
    expect(value(later, 'klartext_segments{stage="IN_REVIEW"}')).toBe(1);
    expect(value(later, 'klartext_segments{stage="RENDERING"}')).toBe(2);
  });
});

describe('scrape', () => {
  it('leaves out a gauge whose database read fails and a source that fails, and appends the sources that answer', async () => {
    const metrics = createMetrics({ processMetrics: false });
    addSegmentStageGauge(metrics, () => Promise.reject(new Error('connect ECONNREFUSED')));
    metrics.sources.push(
      () => Promise.reject(new Error('SDK exporter down')),
      () => Promise.resolve('# TYPE temporal_worker_start_total counter\ntemporal_worker_start_total 1'),
    );
    const text = await scrape(metrics);
    expect(text).not.toMatch(/^klartext_segments\{/m);
    expect(text).toMatch(/\ntemporal_worker_start_total 1\n$/);
  });
});

describe('instrumentProviders', () => {
  const prices = { ...DEFAULT_PRICE_TABLE, videoPerSecond: { ...DEFAULT_PRICE_TABLE.videoPerSecond, veo: 0.5 } };

  it('counts a finished video job’s seconds and cost once, however often it is polled', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const bare: VideoProvider = {
      name: 'veo',
      model: 'veo-3',
      allowedSeconds: [4, 8],
      maxClipSeconds: 8,
      submit: () => Promise.resolve({ jobId: 'job-1' }),
      poll: (jobId) => Promise.resolve(jobId === 'job-1' ? { status: 'completed', seconds: 8 } : { status: 'queued' }),
      download: () => Promise.resolve(),
    };
    const { video } = instrumentProviders({ video: bare }, metrics, prices);
    await video!.poll('job-2');
    await video!.poll('job-1');
    await video!.poll('job-1');
    const text = await scrape(metrics);
    expect(value(text, 'klartext_provider_seconds_total{kind="video",provider="veo"}')).toBe(8);
    expect(value(text, 'klartext_provider_estimated_cost_total{kind="video",provider="veo",currency="EUR"}')).toBe(4);
    expect(
      value(
        text,
        'klartext_provider_request_duration_seconds_count{kind="video",provider="veo",operation="poll",outcome="ok"}',
      ),
    ).toBe(3);
  });

  it('counts a model’s tokens but adds no cost for a provider the price table does not price', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const bare: ScriptProvider = {
      name: 'openai',
      draft: () =>
        Promise.resolve({
          script: {} as never,
          provider: 'openai',
          templateHash: 'h',
          usage: { promptTokens: 900, completionTokens: 300, totalTokens: 1200 },
        }),
    };
    const { script } = instrumentProviders({ script: bare }, metrics, prices);
    await script!.draft({} as never);
    const text = await scrape(metrics);
    expect(value(text, 'klartext_provider_tokens_total{provider="openai"}')).toBe(1200);
    expect(text).not.toMatch(/^klartext_provider_estimated_cost_total\{/m);
  });
});
