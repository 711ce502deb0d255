// Whom the CLI acts as: the API says whose token it holds; the target says where that token came from.
import { KlartextError } from '../shared/errors.ts';
import { ApiRequestError, type ApiClient } from './api-client.ts';
import type { ApiTarget } from './api-target.ts';

export interface Identity {
  id: string;
  displayName: string;
  role: string;
}

/** The token's user from `GET /api/me`; undefined from a server too old to have that route. */
export async function whoIs(api: ApiClient & { target: ApiTarget }): Promise<Identity | undefined> {
  return api.get<Identity>('/api/me').catch((err: unknown) => {
    if (err instanceof ApiRequestError && err.status === 404) return undefined;
    if (err instanceof ApiRequestError && err.status === 401) {
      throw new KlartextError(`${err.message} (the token from ${api.target.source.description}; ${CHOOSE_ANOTHER})`, {
        cause: err,
      });
    }
    throw err;
  });
}

/** `dev-reviewer (Dev reviewer, medical_reviewer), from the dev stack session file .data/dev.json`. */
export function describeIdentity(who: Identity | undefined, target: ApiTarget): string {
  const user = who ? `${who.id} (${who.displayName}, ${who.role})` : 'the user of the token';
  return `${user}, from ${target.source.description}`;
}

/** How to act as someone else, said where a person needs it: after a refused signature, in `whoami`. */
export const CHOOSE_ANOTHER = 'to act as another user, set KLARTEXT_API_TOKEN or pass --token <their API token>';
