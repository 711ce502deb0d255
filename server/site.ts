// The HTTP server: the JSON API (api/) and the workspace (web/) composed on one port; port 0 picks a free one.
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ConfigError } from '../shared/errors.ts';
import { createApp } from '../api/app.ts';
import type { AppDeps } from '../api/deps.ts';
import { paramGuard } from '../api/param-guard.ts';
import { errorResponse, notFoundResponse } from '../api/errors.ts';
import { createWorkspace } from '../web/app.ts';
import { transportSecurity } from '../api/session.ts';
import { securityHeaders } from './security-headers.ts';
import { metricsRoute, observeRequests, type Observability } from './observe.ts';

/**
 * The whole site: both route trees at the root (their paths do not overlap). Each tree's routes keep their own
 * `onError`; what neither serves is a JSON 404, and a failure in a route without its own handler is answered as JSON.
 * Security headers are added here, once, to every response; whether the browser used https is decided here too.
 */
export function createSite(deps: AppDeps, observability?: Observability): Hono {
  const site = new Hono();
  // `klartext serve` observes every request; `klartext dev` and the tests pass none and keep their console quiet.
  if (observability) site.use('*', observeRequests(observability));
  site.use('*', securityHeaders());
  site.use('*', transportSecurity(deps.proxy));
  site.use('*', paramGuard);
  site.use('*', requestBodyLimits());
  if (observability) site.get('/metrics', metricsRoute(observability));
  site.route('/', createApp(deps));
  site.route('/', createWorkspace(deps));
  site.notFound(notFoundResponse);
  site.onError(errorResponse);
  return site;
}

/** Body limits: workspace forms (login included) and JSON API bodies; respondent uploads have their own. */
export const FORM_BODY_LIMIT = 16 * 1024;
export const JSON_BODY_LIMIT = 1024 * 1024;
/** A launch carries its segments inline (~200 bytes each): room for some 40,000. */
export const LAUNCH_BODY_LIMIT = 8 * 1024 * 1024;
const UPLOAD_ROUTE = /^\/api\/campaigns\/[^/]+\/segment-sets\/?$/;

/**
 * Refuses a body over its route's limit with 413 while it is read (a declared Content-Length over the limit before
 * any of it), so an anonymous client cannot make the server take in 50 MB before the CSRF or session check.
 */
function requestBodyLimits(): MiddlewareHandler {
  const limited = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HTTPException(413, {
          message: `Request body over the ${maxSize / 1024} KiB limit for this route; send a smaller body.`,
        });
      },
    });
  const forms = limited(FORM_BODY_LIMIT);
  const json = limited(JSON_BODY_LIMIT);
  const launch = limited(LAUNCH_BODY_LIMIT);
  return (c, next) => {
    // The segment-set upload streams to disk and enforces KLARTEXT_MAX_UPLOAD_BYTES itself.
    if (c.req.method === 'POST' && UPLOAD_ROUTE.test(c.req.path)) return next();
    // The codec endpoint bounds its own bodies (a Temporal payload reaches 2 MB).
    if (c.req.path.startsWith('/codec/')) return next();
    if (c.req.method === 'POST' && /^\/api\/campaigns(\/files)?\/?$/.test(c.req.path)) return launch(c, next);
    // The console's uploads of campaign and claims files carry as much as a launch.
    if (c.req.method === 'POST' && /^\/(campaigns\/new|claims\/import)\/?$/.test(c.req.path)) return launch(c, next);
    return (c.req.path.startsWith('/api/') ? json : forms)(c, next);
  };
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * node:http's limits on what a client sends: headers must arrive within 20 s and fit 16 KiB (else 408 / 431), a
 * whole request within 15 min (a 1 GiB upload on a slow link); expiry is checked every 5 s.
 */
export const SERVER_LIMITS = {
  headersTimeout: 20_000,
  requestTimeout: 15 * 60_000,
  maxHeaderSize: 16 * 1024,
  connectionsCheckingInterval: 5_000,
};

/** Serves the API; a taken port is a ConfigError saying which variable to change. */
export function startServer(
  deps: AppDeps,
  host: string,
  port: number,
  limits: typeof SERVER_LIMITS = SERVER_LIMITS,
  observability?: Observability,
): Promise<RunningServer> {
  const app = createSite(deps, observability);
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    server = serve({ fetch: app.fetch, hostname: host, port, serverOptions: limits }, (info) => {
      resolve({
        url: `http://${host}:${info.port}`,
        stop: () => new Promise<void>((done) => server!.close(() => done())),
      });
    });
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new ConfigError(`Port ${port} on ${host} is in use; set KLARTEXT_HTTP_PORT to a free port (0 picks one).`)
          : err,
      );
    });
  });
}
