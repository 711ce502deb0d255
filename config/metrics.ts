// Prometheus metrics of serve and worker (prom-client): one registry per process, names prefixed `klartext_`. Labels
// are bounded sets (route patterns, activity types, channel kinds, outcomes), never a campaign, segment or user id.
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  activityExecutions: Counter<'activity_type' | 'outcome'>;
  activityDuration: Histogram<'activity_type' | 'outcome'>;
  deliveries: Counter<'channel_kind' | 'outcome'>;
  providerDuration: Histogram<'kind' | 'provider' | 'operation' | 'outcome'>;
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
  };
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
