// Starts the HTTP API on a port with @hono/node-server; port 0 picks a free one.
import { serve, type ServerType } from '@hono/node-server';
import { ConfigError } from '../shared/errors.ts';
import { createApp } from './app.ts';
import type { AppDeps } from './deps.ts';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves the API; a taken port is a ConfigError saying which variable to change. */
export function startServer(deps: AppDeps, host: string, port: number): Promise<RunningServer> {
  const app = createApp(deps);
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
