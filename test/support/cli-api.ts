// Serves a Hono app on a free loopback port for CLI tests, pointing KLARTEXT_API_URL/TOKEN at it until closed.
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { errorResponse } from '../../api/errors.ts';

export interface CliApi {
  url: string;
  /** Stops the server and restores the environment variables as they were. */
  close(): Promise<void>;
}

export async function serveForCli(app: Hono, token: string): Promise<CliApi> {
  app.onError(errorResponse);
  const saved = { KLARTEXT_API_URL: process.env.KLARTEXT_API_URL, KLARTEXT_API_TOKEN: process.env.KLARTEXT_API_TOKEN };
  let server: ReturnType<typeof serve> | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
  });
  const url = `http://127.0.0.1:${port}`;
  process.env.KLARTEXT_API_URL = url;
  process.env.KLARTEXT_API_TOKEN = token;
  return {
    url,
    async close() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await new Promise((resolve) => server?.close(resolve));
    },
  };
}
