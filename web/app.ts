// createWorkspace(deps): the reviewer workspace as a Hono app — login and logout, queue, dashboard, review pages, console.
import { Hono } from 'hono';
import { appAssetStore, type AppDeps } from '../api/deps.ts';
import { checkRoutes } from './routes/check.ts';
import { consoleRoutes } from './routes/console.ts';
import { loginRoutes } from './routes/login.ts';
import { webRoutes } from './routes/web.ts';
import { loginPage } from './views/login.ts';

/** The workspace's routes; server/site.ts serves them beside the JSON API. */
export function createWorkspace(deps: AppDeps): Hono {
  const app = new Hono();
  app.route('/', loginRoutes({ pool: deps.pool, page: loginPage }));
  // The public video check answers from the provenance records, so it is there when their key is.
  if (deps.provenanceKey) {
    const { pool } = deps;
    const publicKey = [deps.provenanceKey, ...(deps.retiredProvenanceKeys ?? [])];
    const assets = appAssetStore(deps);
    app.route(
      '/',
      checkRoutes({ pool, assets, publicKey, ...(deps.proxy?.publicUrl ? { publicUrl: deps.proxy.publicUrl } : {}) }),
    );
  }
  // Before the workspace's own routes: its `/campaigns/:id` would otherwise take `/campaigns/new`.
  app.route('/', consoleRoutes(deps));
  app.route('/', webRoutes(deps));
  return app;
}
