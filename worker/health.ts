// The worker's health listener (KLARTEXT_WORKER_HEALTH_PORT): /healthz while the process answers, /readyz while the
// database and Temporal answer and every worker of this process is running. Nothing else is served.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../shared/errors.ts';
import { readiness } from '../config/readiness.ts';

export interface WorkerHealthChecks {
  database: () => Promise<unknown>;
  temporal: () => Promise<unknown>;
  /** Whether every worker of this process still polls; a stopped or failed one makes the process unready. */
  workersRunning: () => boolean;
}

export interface HealthListener {
  url: string;
  stop(): Promise<void>;
}

const reasons = { database: 'database unreachable', temporal: 'Temporal unreachable', workers: 'workers not running' };

/** Starts the listener on `host:port` (port 0 picks one); a taken port is a ConfigError naming the variable. */
export function startHealthListener(checks: WorkerHealthChecks, host: string, port: number): Promise<HealthListener> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, { error: 'only GET' });
    if (path === '/healthz') return answer(200, { status: 'ok' });
    if (path !== '/readyz') return answer(404, { error: 'not found: /healthz and /readyz only' });
    const workers = async () => {
      if (!checks.workersRunning()) throw new Error('not running');
    };
    readiness({ database: checks.database, temporal: checks.temporal, workers }, reasons).then(
      (ready) => answer(ready.status === 'ready' ? 200 : 503, ready),
      () => answer(503, { status: 'not ready', reason: 'readiness check failed' }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ConfigError(`Port ${port} on ${host} is in use; set KLARTEXT_WORKER_HEALTH_PORT to a free port.`)
          : err,
      ),
    );
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${bound}`,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
