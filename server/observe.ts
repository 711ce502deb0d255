// What `klartext serve` tells its operators: a request id per request, one JSON log line per request, the HTTP
// metrics, and GET /metrics. The line holds method, route pattern, status and duration: never a query string (tokens
// travel there), a body or a header value, so no respondent value or credential reaches the logs.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../config/logger.ts';
import { FAILURE_LOGGER } from '../api/errors.ts';
import { metricsAllowed, scrape, type Metrics } from '../config/metrics.ts';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  /** KLARTEXT_METRICS_TOKEN: the bearer token GET /metrics asks for; absent, loopback only. */
  metricsToken?: string;
}

/** An incoming X-Request-Id is kept when it is short and plain (a proxy's or a client's); anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The route pattern that answered (`/api/campaigns/:id`), or `unmatched` for a 404 no route claimed. */
function routeOf(c: Context): string {
  const path = routePath(c);
  return c.res.status === 404 && (path === '*' || path === '/*' || path === '') ? 'unmatched' : path || 'unmatched';
}

/** Request id, request log line and HTTP metrics; the first middleware, so its duration covers all the others. */
export function observeRequests({ logger, metrics }: Observability): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const started = performance.now();
    c.set(FAILURE_LOGGER, (err: unknown) => logger.error({ requestId, err }, 'unexpected failure'));
    await next();
    try {
      c.res.headers.set('X-Request-Id', requestId);
    } catch {
      // A `fetch` result's headers are immutable: answer with a copy.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set('X-Request-Id', requestId);
    }
    const seconds = (performance.now() - started) / 1000;
    const labels = { method: c.req.method, route: routeOf(c), status: String(c.res.status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    const level = c.res.status >= 500 ? 'error' : 'info';
    logger[level]({ requestId, ...labels, status: c.res.status, durationMs: Math.round(seconds * 1000) }, 'request');
  };
}

/** GET /metrics in Prometheus text format, for a bearer of the token or (without one) a loopback scraper. */
export function metricsRoute({ metrics, metricsToken }: Observability): MiddlewareHandler {
  return async (c) => {
    const env = c.env as { incoming?: IncomingMessage } | undefined;
    const allowed = metricsAllowed(metricsToken, {
      authorization: c.req.header('authorization'),
      remoteAddress: env?.incoming?.socket?.remoteAddress,
      forwarded: Boolean(c.req.header('x-forwarded-for') ?? c.req.header('forwarded')),
    });
    if (!allowed) {
      return c.json(
        { error: metricsToken ? 'GET /metrics needs the bearer token.' : 'GET /metrics is served to loopback only.' },
        metricsToken ? 401 : 403,
      );
    }
    return c.body(await scrape(metrics), 200, {
      'content-type': metrics.registry.contentType,
      'cache-control': 'no-store',
    });
  };
}
