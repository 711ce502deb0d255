// The worker's health listener (KLARTEXT_WORKER_HEALTH_PORT): /healthz while the process answers, /readyz while the
// database, Temporal and the asset store answer and every worker of this process is running; /metrics (Prometheus)
// when given metrics, for a bearer of KLARTEXT_METRICS_TOKEN or, without one, a loopback scraper. Nothing else is served.
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { ConfigError } from '../shared/errors.ts';
import { readiness } from '../config/readiness.ts';
import { metricsAllowed, scrape, type Metrics } from '../config/metrics.ts';

export interface WorkerHealthChecks {
  database: () => Promise<unknown>;
  temporal: () => Promise<unknown>;
  /** The asset store (local directory or S3 bucket); absent, not probed. */
  assets?: () => Promise<unknown>;
  /** Whether every worker of this process still polls; a stopped or failed one makes the process unready. */
  workersRunning: () => boolean;
}

export interface HealthListener {
  url: string;
  stop(): Promise<void>;
}

const reasons = {
  database: 'database unreachable',
  temporal: 'Temporal unreachable',
  assets: 'asset store unreachable',
  workers: 'workers not running',
};

/** Starts the listener on `host:port` (port 0 picks one); a taken port is a ConfigError naming the variable. */
export function startHealthListener(
  checks: WorkerHealthChecks,
  host: string,
  port: number,
  observed?: { metrics: Metrics; token?: string },
): Promise<HealthListener> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, { error: 'only GET' });
    if (path === '/healthz') return answer(200, { status: 'ok' });
    if (path === '/metrics' && observed) {
      const allowed = metricsAllowed(observed.token, {
        authorization: req.headers.authorization,
        remoteAddress: req.socket.remoteAddress,
        forwarded: Boolean(req.headers['x-forwarded-for'] ?? req.headers.forwarded),
      });
      if (!allowed) return answer(observed.token ? 401 : 403, { error: 'GET /metrics: bearer token or loopback only' });
      return void scrape(observed.metrics).then(
        (text) => {
          res.writeHead(200, { 'content-type': observed.metrics.registry.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        () => answer(500, { error: 'metrics unavailable' }),
      );
    }
    if (path !== '/readyz') return answer(404, { error: 'not found: /healthz, /readyz and /metrics only' });
    const workers = async () => {
      if (!checks.workersRunning()) throw new Error('not running');
    };
    const probes = {
      database: checks.database,
      temporal: checks.temporal,
      ...(checks.assets ? { assets: checks.assets } : {}),
      workers,
    };
    readiness(probes, reasons).then(
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

/** A loopback port free right now: where the Temporal SDK core serves its metrics for /metrics to read. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
