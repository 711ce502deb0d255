// Bearer-token authentication: resolves the caller to a user with a role, or refuses.
import type { MiddlewareHandler } from 'hono';
import type { Queryable } from '../db/pool.ts';
import { findUserByToken, type User } from '../db/user-repo.ts';
import type { Role } from '../shared/roles.ts';
import { ApiError } from './errors.ts';

export type AuthEnv = { Variables: { user: User } };

/** Requires `Authorization: Bearer <token>` of an active user with one of `roles`. */
export function requireRole(db: Queryable, roles: readonly Role[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    if (!token) throw new ApiError(401, 'Send an API token as `Authorization: Bearer <token>`.');
    const user = await findUserByToken(db, token);
    if (!user) throw new ApiError(401, 'Unknown or disabled API token.');
    if (!roles.includes(user.role)) {
      throw new ApiError(403, `This needs one of the roles ${roles.join(', ')}; you are ${user.role}.`);
    }
    c.set('user', user);
    await next();
  };
}
