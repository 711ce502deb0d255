// Fake OpenAI-compatible server for `POST /v1/chat/completions`: scripted replies, every request and reply checked
// against the official OpenAPI schemas (test/fixtures/openai/), so the SDK and the fake both stay honest.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createJsonReply } from './json-reply.ts';
import { createValidator } from './json-schema-subset.ts';
import type { SchemaDocument } from './json-schema-subset.ts';
import { strictSchemaViolations } from './strict-schema-rules.ts';

const spec = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/openai/chat-completions.openapi.json'), 'utf8'),
) as SchemaDocument;
const validate = createValidator(spec);

/** What the server answers to the next request. */
export type ChatReply =
  | { content: string | null; model?: string; finishReason?: 'stop' | 'length' | 'content_filter'; refusal?: string }
  | { status: number; message: string; type?: string; code?: string | null; headers?: Record<string, string> }
  | { hang: true };

/** A parsed request body, as the SDK sent it. */
export type ChatRequestBody = Record<string, unknown> & { messages: { role: string; content: string }[] };

/** A running fake server. */
export interface FakeChatServer {
  /** Pass as the SDK's `baseURL`. */
  readonly baseURL: string;
  readonly apiKey: string;
  readonly requests: ChatRequestBody[];
  /** Spec violations in requests received or replies sent; a test asserts this stays empty. */
  readonly violations: string[];
  /** Queues replies for the next requests, in order. */
  reply(...replies: ChatReply[]): void;
  close(): Promise<void>;
}

/** The usage every content reply reports, so tests can check what the provider records. */
export const FAKE_USAGE = { prompt_tokens: 812, completion_tokens: 304, total_tokens: 1116 };

/**
 * Starts the fake on 127.0.0.1 (free port). `supportsJsonSchema: false` makes it behave like a server without
 * structured output: `json_schema` requests get a 400, `json_object` works. Like OpenAI, it checks the bearer key,
 * that JSON mode mentions JSON, and that a strict schema follows strict-mode rules (400 otherwise).
 */
export async function startOpenAIChatServer(options: { supportsJsonSchema?: boolean } = {}): Promise<FakeChatServer> {
  const apiKey = `sk-test-${randomUUID()}`;
  const requests: ChatRequestBody[] = [];
  const violations: string[] = [];
  const queue: ChatReply[] = [];

  const send = createJsonReply(validate, 'CreateChatCompletionResponse', violations);
  const fail = (res: ServerResponse, status: number, message: string, type: string, extra = {}) =>
    send(res, status, { error: { message, type, param: null, code: null, ...extra } });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      violations.push(`request: unexpected ${req.method} ${req.url}`);
      return fail(res, 404, `Unknown request URL: ${req.method} ${req.url}.`, 'invalid_request_error');
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return fail(res, 401, 'Incorrect API key provided.', 'invalid_request_error', { code: 'invalid_api_key' });
    }
    let body: ChatRequestBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
    } catch {
      violations.push('request: body is not JSON');
      return fail(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
    }
    requests.push(body);
    const problems = validate('CreateChatCompletionRequest', body);
    if (problems.length > 0) {
      violations.push(...problems.map((p) => `request: ${p}`));
      return fail(res, 400, `Invalid request: ${problems.join('; ')}`, 'invalid_request_error');
    }
    const format = body.response_format as { type?: string; json_schema?: { schema?: unknown; strict?: boolean } };
    if (format?.type === 'json_schema' && options.supportsJsonSchema === false) {
      const message = "response_format type 'json_schema' is not supported by this server; use 'json_object'.";
      return fail(res, 400, message, 'invalid_request_error', { param: 'response_format' });
    }
    if (format?.type === 'json_schema' && format.json_schema?.strict) {
      const rules = strictSchemaViolations(format.json_schema.schema);
      if (rules.length > 0) {
        violations.push(...rules.map((p) => `request: strict schema ${p}`));
        return fail(
          res,
          400,
          `Invalid schema for response_format 'script': ${rules.join('; ')}`,
          'invalid_request_error',
        );
      }
    }
    if (format?.type === 'json_object' && !body.messages.some((m) => /json/i.test(String(m.content)))) {
      const message =
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.";
      return fail(res, 400, message, 'invalid_request_error', { param: 'messages' });
    }
    const next = queue.shift();
    if (!next) {
      violations.push('request: no reply queued');
      return fail(res, 500, 'The fake has no reply queued.', 'server_error');
    }
    if ('hang' in next) return; // never answers; the client's timeout ends it, close() destroys the socket
    if ('status' in next) return send(res, next.status, errorBody(next), next.headers);
    send(res, 200, completion(String(body.model), next));
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    violations,
    reply: (...replies) => void queue.push(...replies),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function errorBody(reply: Extract<ChatReply, { status: number }>) {
  const type = reply.type ?? (reply.status >= 500 ? 'server_error' : 'invalid_request_error');
  return { error: { message: reply.message, type, param: null, code: reply.code ?? null } };
}

function completion(model: string, reply: Extract<ChatReply, { content: string | null }>) {
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? `${model}-2026-08-01`,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content, refusal: reply.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: reply.finishReason ?? 'stop',
      },
    ],
    usage: FAKE_USAGE,
    service_tier: 'default',
  };
}
