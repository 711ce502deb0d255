// Path and query parameters through the one text guard: a control or broken character is a 400, never a 500.
import type { MiddlewareHandler } from 'hono';
import { textProblem } from '../shared/text-guard.ts';
import { ApiError } from '../services/errors.ts';

const MAX_PARAM = 2_000;

function decoded(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Checks every path segment and query parameter before routing, for every route tree (the unauthenticated feed
 * and asset routes included), so no database query ever sees a NUL from a URL. Names the part, not its value.
 */
export const paramGuard: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  for (const [i, raw] of url.pathname.split('/').entries()) {
    const value = decoded(raw);
    if (value === undefined) {
      throw new ApiError(400, `Path segment ${i} is not valid percent-encoded UTF-8; fix the URL.`);
    }
    const problem = textProblem(value, 'name', MAX_PARAM);
    if (problem) throw new ApiError(400, `Path segment ${i} ${problem}.`);
  }
  for (const pair of url.search.slice(1).split('&')) {
    if (!pair) continue;
    const [rawKey = '', ...rest] = pair.split('=');
    const key = decoded(rawKey.replaceAll('+', ' '));
    const value = decoded(rest.join('=').replaceAll('+', ' '));
    if (key === undefined || textProblem(key, 'name', 100)) {
      throw new ApiError(400, 'A query parameter name is not plain text; fix the URL.');
    }
    if (value === undefined)
      throw new ApiError(400, `Query parameter ${key} is not valid percent-encoded UTF-8; fix the URL.`);
    const problem = textProblem(value, 'name', MAX_PARAM);
    if (problem) throw new ApiError(400, `Query parameter ${key} ${problem}.`);
  }
  await next();
};
