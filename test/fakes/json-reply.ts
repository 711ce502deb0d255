// JSON replies for fake OpenAI-shaped servers: every reply is checked against the spec excerpt before it is sent.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Returns a `send(res, status, body, headers?)` that validates `body` (success schema for 200, `ErrorResponse`
 * otherwise) and records any violation in `violations`, so a test can assert the fake stayed within the spec.
 */
export function createJsonReply(
  validate: (schema: string, body: unknown) => string[],
  successSchema: string,
  violations: string[],
) {
  return (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const problems = validate(status === 200 ? successSchema : 'ErrorResponse', body);
    violations.push(...problems.map((p) => `reply ${status}: ${p}`));
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${randomUUID()}`, ...headers });
    res.end(JSON.stringify(body));
  };
}
