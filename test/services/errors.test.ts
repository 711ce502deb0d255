// The one error mapping: the JSON API and the workspace pages answer the same failure with the same status.
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { errorResponse } from '../../api/errors.ts';
import type { WebEnv } from '../../api/session.ts';
import { ApiError, mapError } from '../../services/errors.ts';
import { InputError } from '../../shared/errors.ts';
import { workspaceErrorPage } from '../../web/routes/web-page.ts';

/** What the Temporal client throws for a failed call: a ServiceError wrapping the gRPC status error. */
function temporalFailure(code: number, details: string): Error {
  const grpc = Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
  return new ServiceError('Failed to query Workflow', { cause: grpc });
}

const failures: [string, () => Error, number][] = [
  ['a refusal', () => new ApiError(403, 'This needs the role admin.'), 403],
  ['invalid input', () => new InputError('brief.yaml:3:1: title is missing'), 400],
  ['an HTTP exception', () => new HTTPException(429, { message: 'Too many failed attempts.' }), 429],
  [
    'a refused update',
    () => new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ message: 'Stale decision.' })),
    409,
  ],
  [
    'a segment without a running workflow',
    () => new WorkflowNotFoundError('gone', 'campaign/c/segment/s', undefined),
    404,
  ],
  ['a query no worker answered in time', () => temporalFailure(4, 'context deadline exceeded'), 503],
  ['the Temporal server away', () => temporalFailure(14, 'connection refused'), 503],
  ['another Temporal refusal', () => temporalFailure(7, 'permission denied'), 500],
  ['an unexpected failure', () => new Error('boom'), 500],
];

/** One app per tree, each throwing `make()` from its only route and answering through its own `onError`. */
function trees(make: () => Error) {
  const api = new Hono().get('/x', () => {
    throw make();
  });
  api.onError(errorResponse);
  const web = new Hono<WebEnv>().get('/x', () => {
    throw make();
  });
  web.onError(workspaceErrorPage);
  return { api, web };
}

describe('mapError', () => {
  it.each(failures)('answers %s with the same status in the JSON API and the workspace', async (_, make, status) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { api, web } = trees(make);
    const [json, page] = await Promise.all([api.request('/x'), web.request('/x')]);
    expect(mapError(make()).status).toBe(status);
    expect(json.status).toBe(status);
    expect(page.status).toBe(status);
    const { message } = mapError(make());
    expect(((await json.json()) as { error: { message: string } }).error.message).toBe(message);
    expect(await page.text()).toContain(message.replace(/'/g, '&#39;'));
    log.mockRestore();
  });

  it('keeps the code of a refused update, and logs only unexpected failures', () => {
    const refused = new WorkflowUpdateFailedError('x', ApplicationFailure.create({ message: 'No.', type: 'Stale' }));
    expect(mapError(refused)).toEqual({ status: 409, code: 'Stale', message: 'No.' });
    expect(mapError(new ApiError(404, 'No campaign c.')).code).toBe('ApiError');
  });
});
