// A small JSON client for klartext's own HTTP API, used by the CLI and the demo reviewer.

/** Thrown when the API answers with an error; carries the API's own message. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

/** `timeoutMs` bounds each request; a review decision waits for the workflow to accept it, so it may take a while. */
export function createApiClient(baseUrl: string, token: string, timeoutMs = 60_000): ApiClient {
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((err: unknown) => {
      // A refused connection or a timeout is the usual "the stack is not running": say so, not `fetch failed`.
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new ApiRequestError(
        0,
        'Unreachable',
        `cannot reach the klartext API at ${baseUrl} (${why}): is it running, and is the URL right?`,
      );
    });
    const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!res.ok) {
      throw new ApiRequestError(
        res.status,
        json.error?.code ?? 'HttpError',
        json.error?.message ?? `HTTP ${res.status}`,
      );
    }
    return json as T;
  };
  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    delete: (path) => request('DELETE', path),
  };
}

/**
 * Reads a paged list: GET `path`, then each `next` link the answer gives, until none is left or `max` items are
 * collected; `items` picks the list out of one answer. Returns the first answer with the collected list in its place.
 */
export async function getPages<P extends { next?: string }, I>(
  api: Pick<ApiClient, 'get'>,
  path: string,
  items: (page: P) => I[],
  max = Number.POSITIVE_INFINITY,
): Promise<{ first: P; items: I[] }> {
  const first = await api.get<P>(path);
  const all = items(first);
  for (let page = first; page.next && all.length < max;) {
    page = await api.get<P>(page.next);
    all.push(...items(page));
  }
  return { first, items: all.slice(0, max) };
}
