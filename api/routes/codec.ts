// The codec endpoint: Temporal's remote codec protocol, so the Web UI and CLI can show encrypted payloads to staff.
import type { Payload, PayloadCodec } from '@temporalio/common';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { PayloadDecryptionError } from '../../config/payload-codec.ts';
import { HISTORY_ROLES } from '../../shared/roles.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { requireRole, type AuthEnv } from '../auth.ts';
import { sessionMiddleware, type WebEnv } from '../session.ts';

/** A request body's limit: a payload reaches 2 MB at most, which base64 makes some 2.7 MB. */
export const CODEC_BODY_LIMIT = 4 * 1024 * 1024;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64 = z.string().regex(BASE64, 'must be standard base64');
const payloadsBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() }).strict()),
});
type JsonPayload = z.infer<typeof payloadsBody>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/**
 * Staff by bearer token or session. The Web UI cannot send klartext's CSRF token, so instead of it: only the
 * configured UI origin or klartext's own may send a session, and only as JSON (which a cross-site form cannot); the
 * endpoint changes nothing, and CORS keeps its answers from other origins.
 */
function requireStaff(deps: Pick<AppDeps, 'pool' | 'temporalUiOrigin'>): MiddlewareHandler<WebEnv> {
  const bearer = requireRole(deps.pool, HISTORY_ROLES);
  const session = sessionMiddleware(deps.pool);
  return async (c, next) => {
    if (c.req.header('authorization')) return bearer(c as unknown as Context<AuthEnv>, next);
    const origin = c.req.header('origin');
    if (origin && origin !== deps.temporalUiOrigin && origin !== new URL(c.req.url).origin) {
      throw new ApiError(
        403,
        `Origin ${origin} may not use the codec endpoint; set KLARTEXT_TEMPORAL_UI_ORIGIN to it.`,
      );
    }
    return session(c, async () => {
      if (!c.var.user) throw new ApiError(401, 'Send an API token as `Authorization: Bearer <token>`, or log in.');
      if (!HISTORY_ROLES.includes(c.var.user.role)) {
        throw new ApiError(403, `This needs one of the roles ${HISTORY_ROLES.join(', ')}; you are ${c.var.user.role}.`);
      }
      await next();
    });
  };
}

/** `POST /encode` and `POST /decode` over `{ payloads: [{ metadata, data }] }` (protobuf JSON: base64 bytes). */
export function codecRoutes(deps: Pick<AppDeps, 'pool' | 'temporalUiOrigin'> & { payloadCodec: PayloadCodec }) {
  const app = new Hono<WebEnv>();
  // The UI sends `X-Namespace` and JSON with credentials, so every call is preflighted; only its origin is answered.
  app.use(
    '*',
    cors({
      origin: (origin) => (origin && origin === deps.temporalUiOrigin ? origin : null),
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'X-Namespace', 'Authorization'],
      credentials: true,
      maxAge: 600,
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: CODEC_BODY_LIMIT,
      onError: () => {
        throw new HTTPException(413, { message: `Codec requests are limited to ${CODEC_BODY_LIMIT / 1024} KiB.` });
      },
    }),
  );
  app.use('*', requireStaff(deps));
  const handle = (codec: (payloads: Payload[]) => Promise<Payload[]>) => async (c: Context<WebEnv>) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new HTTPException(415, { message: 'Send the payloads as `Content-Type: application/json`.' });
    }
    const text = await c.req.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'The body is not JSON; send { "payloads": [{ "metadata": {…}, "data": "…" }] }.');
    }
    const parsed = payloadsBody.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new ApiError(
        400,
        `Expected { "payloads": [{ "metadata": {…}, "data": "…" }] } with base64 values (${where}).`,
      );
    }
    try {
      const out = await codec(parsed.data.payloads.map(fromJson));
      // Decoded payloads are reviewer names and comments: no cache may keep them.
      c.header('cache-control', 'no-store');
      return c.json({ payloads: out.map(toJson) });
    } catch (err) {
      if (err instanceof PayloadDecryptionError) throw new ApiError(400, err.message);
      throw err;
    }
  };
  app.post(
    '/encode',
    handle((p) => deps.payloadCodec.encode(p)),
  );
  app.post(
    '/decode',
    handle((p) => deps.payloadCodec.decode(p)),
  );
  return app;
}
