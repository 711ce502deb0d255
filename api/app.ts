// createApp(deps): the JSON API as a Hono app — health, campaigns, reviews, assets; errors mapped in one place.
import { Hono } from 'hono';
import { ping } from '../db/pool.ts';
import { PROBE_MS, probe, readiness } from '../config/readiness.ts';
import type { AppDeps } from './deps.ts';
import { errorResponse, notFoundResponse } from './errors.ts';
import { assetRoutes } from './routes/assets.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { revocationRoutes } from './routes/revocations.ts';
import { channelRoutes } from './routes/channels.ts';
import { claimRoutes } from './routes/claims.ts';
import { codecRoutes } from './routes/codec.ts';
import { auditRoutes } from './routes/audit.ts';
import { meRoutes } from './routes/me.ts';
import { outcomeRoutes } from './routes/outcomes.ts';
import { provenanceRoutes } from './routes/provenance.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { userRoutes } from './routes/users.ts';
import { scriptRoutes } from './routes/scripts.ts';
import { segmentationRoutes } from './routes/segmentation.ts';

/** How long /health and /readyz wait for each dependency (config/readiness.ts). */
export const HEALTH_PROBE_MS = PROBE_MS;

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.get('/health', async (c) => {
    const [db, temporal] = await Promise.all([
      probe(() => ping(deps.pool)),
      probe(() => deps.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ok = db === 'ok' && temporal === 'ok';
    return c.json({ status: ok ? 'ok' : 'degraded', db, temporal }, ok ? 200 : 503);
  });
  // For an orchestrator or load balancer: alive (the process answers) and ready (it can serve: database and Temporal
  // answer). Unauthenticated, so they name states only.
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const ready = await readiness(
      {
        database: () => ping(deps.pool),
        temporal: () => deps.temporal.connection.workflowService.getSystemInfo({}),
        ...(deps.assets ? { assets: () => deps.assets!.check() } : {}),
      },
      { database: 'database unreachable', temporal: 'Temporal unreachable', assets: 'asset store unreachable' },
    );
    return c.json(ready, ready.status === 'ready' ? 200 : 503);
  });
  app.route('/api/campaigns', campaignRoutes(deps));
  app.route('/api/campaigns', segmentationRoutes(deps));
  app.route('/api/reviews', reviewRoutes(deps));
  app.route('/api/claims', claimRoutes(deps));
  app.route('/', channelRoutes(deps));
  app.route('/', outcomeRoutes(deps));
  app.route('/', revocationRoutes(deps));
  app.route('/api/users', userRoutes(deps));
  app.route('/api/me', meRoutes(deps));
  app.route('/api/audit', auditRoutes(deps));
  if (deps.provenanceKey) {
    const publicKeys = [deps.provenanceKey, ...(deps.retiredProvenanceKeys ?? [])];
    app.route('/', provenanceRoutes({ pool: deps.pool, publicKeys }));
  }
  app.route('/api/scripts', scriptRoutes(deps));
  app.route('/assets', assetRoutes(deps));
  const { payloadCodec } = deps;
  if (payloadCodec) app.route('/codec', codecRoutes({ ...deps, payloadCodec }));
  app.notFound(notFoundResponse);
  app.onError(errorResponse);
  return app;
}
