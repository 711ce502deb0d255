// User administration over HTTP (admins only): create, list, disable, change role or languages, issue API tokens; all audited.
import { Hono } from 'hono';
import { z } from 'zod';
import { nameText } from '../schemas.ts';
import { appendAuditIn } from '../../db/audit-repo.ts';
import { passwordProblem } from '../../db/passwords.ts';
import { inTransaction } from '../../db/pool.ts';
import {
  changeRole,
  createApiToken,
  createUser,
  disableUser,
  getUser,
  listUsers,
  setUserLanguages,
} from '../../db/user-repo.ts';
import { ROLES } from '../../shared/roles.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { requireBearerOrSession, type WebEnv } from '../session.ts';

// The languages a user reads: what a language reviewer may sign off, and what a medical reviewer may approve unaided.
const languages = z
  .array(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as tr'))
  .max(50)
  .refine((l) => new Set(l).size === l.length, 'names a language twice');
const userId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits, . _ @ - (at most 64)');
const createBody = z.strictObject({
  id: userId,
  displayName: nameText(120).trim().min(1),
  role: z.enum(ROLES),
  password: z.string().max(1_000).optional(),
  languages: languages.optional(),
});
const languagesBody = z.strictObject({ languages });
const roleBody = z.strictObject({ role: z.enum(ROLES) });
const tokenBody = z.strictObject({ label: nameText(80).trim().min(1) });

async function parse<T>(schema: z.ZodType<T>, req: { json(): Promise<unknown> }): Promise<T> {
  const body = schema.safeParse(await req.json().catch(() => undefined));
  if (body.success) return body.data;
  const first = body.error.issues[0];
  throw new ApiError(400, `Invalid request at ${first?.path.join('.') || '(body)'}: ${first?.message}`);
}

/** `/api/users`: admins only, by API token or by session (with CSRF). */
export function userRoutes({ pool }: Pick<AppDeps, 'pool'>) {
  const app = new Hono<WebEnv>();
  app.use('*', requireBearerOrSession(pool, ['admin']));

  app.get('/', async (c) => c.json({ items: await listUsers(pool) }));

  app.post('/', async (c) => {
    const body = await parse(createBody, c.req);
    const problem = body.password === undefined ? undefined : passwordProblem(body.password);
    if (problem) throw new ApiError(400, problem);
    const actor = c.var.user.id;
    const created = await inTransaction(pool, async (tx) => {
      const user = await createUser(tx, body);
      if (user) {
        const details = {
          role: user.role,
          displayName: user.displayName,
          password: body.password !== undefined,
          ...(body.languages ? { languages: body.languages } : {}),
        };
        await appendAuditIn(tx, { actor, action: 'user.created', subject: `user/${user.id}`, details });
      }
      return user;
    });
    if (!created) throw new ApiError(409, `User ${body.id} exists already: pick another id.`);
    return c.json({ user: await getUser(pool, created.id) }, 201);
  });

  app.post('/:id/disable', async (c) => {
    const id = c.req.param('id');
    const actor = c.var.user.id;
    if (id === actor) throw new ApiError(409, 'You cannot disable your own account: ask another admin.');
    const found = await inTransaction(pool, async (tx) => {
      const ok = await disableUser(tx, id);
      if (ok) await appendAuditIn(tx, { actor, action: 'user.disabled', subject: `user/${id}` });
      return ok;
    });
    if (!found) throw new ApiError(404, `No user ${id}.`);
    return c.json({ user: await getUser(pool, id) });
  });

  app.post('/:id/role', async (c) => {
    const id = c.req.param('id');
    const { role } = await parse(roleBody, c.req);
    const actor = c.var.user.id;
    // Guards against an admin locking everyone out by demoting themselves.
    if (id === actor) throw new ApiError(409, 'You cannot change your own role: ask another admin.');
    const previous = await inTransaction(pool, async (tx) => {
      const from = await changeRole(tx, id, role);
      if (from && from !== role) {
        await appendAuditIn(tx, { actor, action: 'role.changed', subject: `user/${id}`, details: { from, to: role } });
      }
      return from;
    });
    if (!previous) throw new ApiError(404, `No user ${id}.`);
    return c.json({ user: await getUser(pool, id), previousRole: previous });
  });

  app.post('/:id/languages', async (c) => {
    const id = c.req.param('id');
    const body = await parse(languagesBody, c.req);
    const actor = c.var.user.id;
    const found = await inTransaction(pool, async (tx) => {
      const before = await getUser(tx, id);
      if (!before || !(await setUserLanguages(tx, id, body.languages))) return false;
      const details = { from: before.languages, to: body.languages };
      await appendAuditIn(tx, { actor, action: 'user.languages.changed', subject: `user/${id}`, details });
      return true;
    });
    if (!found) throw new ApiError(404, `No user ${id}.`);
    return c.json({ user: await getUser(pool, id) });
  });

  app.post('/:id/tokens', async (c) => {
    const id = c.req.param('id');
    const { label } = await parse(tokenBody, c.req);
    const actor = c.var.user.id;
    const issued = await inTransaction(pool, async (tx) => {
      const token = await createApiToken(tx, id, label);
      // The token itself never enters the log; its id names it.
      const details = { tokenId: token?.id, label };
      if (token) await appendAuditIn(tx, { actor, action: 'token.created', subject: `user/${id}`, details });
      return token;
    });
    if (!issued) throw new ApiError(404, `No user ${id}.`);
    return c.json({ id: issued.id, label, token: issued.token }, 201);
  });

  return app;
}
