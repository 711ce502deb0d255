// Prometheus metrics of serve and worker (prom-client): one registry per process, names prefixed `klartext_`. Labels
// are bounded sets (route patterns, activity types, channel kinds, outcomes), never a campaign, segment or user id.
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SEGMENT_STAGES } from '../shared/types.ts';

/** What a provider generated or consumed: script (model), video (footage), voice (narration). */
export type ProviderKind = 'script' | 'video' | 'voice';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  activityExecutions: Counter<'activity_type' | 'outcome'>;
  activityDuration: Histogram<'activity_type' | 'outcome'>;
  deliveries: Counter<'channel_kind' | 'outcome'>;
  providerDuration: Histogram<'kind' | 'provider' | 'operation' | 'outcome'>;
  /** Seconds of media providers generated: footage (`video`) and narration (`voice`). */
  providerSeconds: Counter<'kind' | 'provider'>;
  /** Tokens model providers reported using (prompt and answer). */
  providerTokens: Counter<'provider'>;
  /** Estimated cost from the price table (KLARTEXT_PRICE_TABLE), in its currency; unpriced providers add nothing. */
  providerCost: Counter<'kind' | 'provider' | 'currency'>;
  /** From a script version or a rendered video awaiting review to each reviewer's decision on it. */
  reviewWait: Histogram<'subject' | 'decision'>;
  /**
   * Further Prometheus text appended to every scrape: the Temporal SDK's own metrics, read from its exporter on
   * loopback. A source that fails is left out of that scrape rather than failing it.
   */
  sources: (() => Promise<string>)[];
}

/** Creates the metrics on a fresh registry; `processMetrics` adds Node's defaults (CPU, memory, event loop, GC). */
export function createMetrics(opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'klartext_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'klartext_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'klartext_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    activityExecutions: new Counter({
      name: 'klartext_activity_executions_total',
      help: 'Activity executions (each attempt), by activity type and outcome (completed, failed, cancelled)',
      labelNames: ['activity_type', 'outcome'],
      registers,
    }),
    activityDuration: new Histogram({
      name: 'klartext_activity_duration_seconds',
      help: 'Time one activity attempt ran, by activity type and outcome',
      labelNames: ['activity_type', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800],
      registers,
    }),
    deliveries: new Counter({
      name: 'klartext_deliveries_total',
      help: 'Channel deliveries, by channel kind and outcome (delivered, failed, disabled, not-routed, retry)',
      labelNames: ['channel_kind', 'outcome'],
      registers,
    }),
    providerDuration: new Histogram({
      name: 'klartext_provider_request_duration_seconds',
      help: 'Script and video provider calls, by provider kind, provider, operation and outcome (ok, error)',
      labelNames: ['kind', 'provider', 'operation', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    providerSeconds: new Counter({
      name: 'klartext_provider_seconds_total',
      help: 'Seconds of media generated, by provider kind (video: footage, voice: narration) and provider',
      labelNames: ['kind', 'provider'],
      registers,
    }),
    providerTokens: new Counter({
      name: 'klartext_provider_tokens_total',
      help: 'Tokens script providers reported using (prompt and answer), by provider',
      labelNames: ['provider'],
      registers,
    }),
    providerCost: new Counter({
      name: 'klartext_provider_estimated_cost_total',
      help: 'Provider cost estimated with the price table, by provider kind, provider and the table currency',
      labelNames: ['kind', 'provider', 'currency'],
      registers,
    }),
    reviewWait: new Histogram({
      name: 'klartext_review_wait_seconds',
      help: 'From a script version or rendered video awaiting review to a decision on it, by subject and decision',
      labelNames: ['subject', 'decision'],
      // Seconds (tests, demos) up to a week: reminders and escalations work in hours and days.
      buckets: [1, 10, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 345_600, 604_800],
      registers,
    }),
    sources: [],
  };
}

/**
 * `klartext_segments{stage}`: the segments of running and paused campaigns by stage, read from the database at each
 * scrape (`serve` registers it; every replica reports the same numbers, so aggregate with max, not sum). A failed
 * read leaves the series out of that scrape.
 */
export function addSegmentStageGauge(metrics: Metrics, read: () => Promise<{ stage: string; count: number }[]>): void {
  new Gauge({
    name: 'klartext_segments',
    help: 'Segments of running and paused campaigns, by stage (DRAFTING, IN_REVIEW, RENDERING, VIDEO_REVIEW, …)',
    labelNames: ['stage'],
    registers: [metrics.registry],
    async collect() {
      const rows = await read().catch(() => undefined);
      this.reset();
      if (!rows) return;
      // Every stage reports, 0 included: an alert on "nothing in review" needs the series to exist.
      for (const stage of SEGMENT_STAGES) this.set({ stage }, 0);
      for (const { stage, count } of rows) this.set({ stage }, count);
    },
  });
}

/**
 * `klartext_channel_outcomes{channel_kind, measure}`: the newest totals channels reported (views, completions,
 * cta_clicks) summed over every campaign, read from the database at each scrape like the stage gauge (aggregate
 * replicas with max). Campaigns and segments are no labels: per-segment numbers, suppressed below k, are the console's.
 */
export function addChannelOutcomeGauge(
  metrics: Metrics,
  read: () => Promise<{ channelKind: string; views: number; completions: number; ctaClicks: number }[]>,
): void {
  new Gauge({
    name: 'klartext_channel_outcomes',
    help: 'Views, completions and call-to-action clicks channels reported, by channel kind and measure',
    labelNames: ['channel_kind', 'measure'],
    registers: [metrics.registry],
    async collect() {
      const rows = await read().catch(() => undefined);
      this.reset();
      for (const row of rows ?? []) {
        this.set({ channel_kind: row.channelKind, measure: 'views' }, row.views);
        this.set({ channel_kind: row.channelKind, measure: 'completions' }, row.completions);
        this.set({ channel_kind: row.channelKind, measure: 'cta_clicks' }, row.ctaClicks);
      }
    },
  });
}

/** The text a scrape answers: klartext's registry, then every further source that answers (config/sdk-runtime.ts). */
export async function scrape(metrics: Metrics): Promise<string> {
  const own = await metrics.registry.metrics();
  const more = await Promise.all(metrics.sources.map((source) => source().catch(() => '')));
  return [own, ...more.filter(Boolean)].map((text) => (text.endsWith('\n') ? text : `${text}\n`)).join('');
}

/**
 * Whether a scrape may read `/metrics`: with a token, only a request bearing it; without one, only from loopback and
 * not through a proxy (a forwarded request on loopback comes from elsewhere).
 */
export function metricsAllowed(
  token: string | undefined,
  request: { authorization?: string | null; remoteAddress?: string; forwarded: boolean },
): boolean {
  if (token) {
    const given = Buffer.from(/^Bearer (.+)$/i.exec(request.authorization ?? '')?.[1]?.trim() ?? '');
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return !request.forwarded && isLoopback(request.remoteAddress);
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}
