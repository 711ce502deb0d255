// The HTTP server: the JSON API (api/) and the workspace (web/) composed on one port; port 0 picks a free one.
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { ConfigError } from '../shared/errors.ts';
import { createApp } from '../api/app.ts';
import type { AppDeps } from '../api/deps.ts';
import { errorResponse, notFoundResponse } from '../api/errors.ts';
import { createWorkspace } from '../web/app.ts';

/**
 * The whole site: both route trees at the root (their paths do not overlap). Each tree's routes keep their own
 * `onError`; what neither serves is a JSON 404, and a failure in a route without its own handler is answered as JSON.
 */
export function createSite(deps: AppDeps): Hono {
  const site = new Hono();
  site.route('/', createApp(deps));
  site.route('/', createWorkspace(deps));
  site.notFound(notFoundResponse);
  site.onError(errorResponse);
  return site;
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves the API; a taken port is a ConfigError saying which variable to change. */
export function startServer(deps: AppDeps, host: string, port: number): Promise<RunningServer> {
  const app = createSite(deps);
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
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
