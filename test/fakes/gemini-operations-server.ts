// Fake Gemini API video generation: `models/{model}:predictLongRunning` → an operation, `GET operations/{name}` until
// done (with a generated video uri, an error, or a responsible-AI filter), and the file download.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleClip } from './openai-videos-server.ts';

/** How an operation ends, after `polls` polls (default 2). */
export type OperationPlan = { polls?: number } & (
  | { outcome: 'completed' }
  | { outcome: 'error'; code: number; status: string; message: string }
  | { outcome: 'filtered'; reasons: string[] }
);

/** An error answer for the next request to an endpoint. */
export interface GeminiErrorReply {
  code: number;
  status: string;
  message: string;
  headers?: Record<string, string>;
}

export type GeminiEndpoint = 'predict' | 'operation' | 'download';

export interface FakeGeminiServer {
  /** Pass as the adapter's `baseURL` (the API version is appended). */
  readonly baseURL: string;
  readonly apiKey: string;
  /** Operations started: what the provider would bill. */
  readonly submissions: number;
  /** Request bodies of `predictLongRunning`. */
  readonly requests: unknown[];
  /** Requests off the API shape; a test asserts this stays empty. */
  readonly violations: string[];
  plan(...plans: OperationPlan[]): void;
  failNext(endpoint: GeminiEndpoint, ...replies: GeminiErrorReply[]): void;
  /** The bytes served for operation `name`'s video. */
  videoBytes(name: string): Buffer;
  close(): Promise<void>;
}

// The parameters the Gemini API takes, as @google/genai 2.x writes them (`seed` and `generateAudio` are Vertex AI's).
const PARAMETERS = new Set([
  ...['aspectRatio', 'durationSeconds', 'resolution', 'sampleCount', 'negativePrompt', 'personGeneration'],
  'enhancePrompt',
]);

interface Operation {
  name: string;
  plan: OperationPlan;
  polls: number;
  file: string;
  bytes: Buffer;
}

/** Starts the fake on 127.0.0.1 (free port). Like the API, it checks `x-goog-api-key`. */
export async function startGeminiOperationsServer(): Promise<FakeGeminiServer> {
  const apiKey = `AIza-test-${randomUUID()}`;
  const operations = new Map<string, Operation>();
  const files = new Map<string, Operation>();
  const plans: OperationPlan[] = [];
  const failures: Record<GeminiEndpoint, GeminiErrorReply[]> = { predict: [], operation: [], download: [] };
  const requests: unknown[] = [];
  const violations: string[] = [];

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, reply: GeminiErrorReply) =>
    json(res, reply.code, { error: { code: reply.code, message: reply.message, status: reply.status } }, reply.headers);

  const predict = async (res: ServerResponse, model: string, raw: string) => {
    let body: { instances?: { prompt?: unknown }[]; parameters?: Record<string, unknown> };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      violations.push('request: body is not JSON');
      return fail(res, { code: 400, status: 'INVALID_ARGUMENT', message: 'Invalid JSON payload received.' });
    }
    requests.push(body);
    const problems: string[] = [];
    if (body.instances?.length !== 1 || typeof body.instances[0]?.prompt !== 'string')
      problems.push('instances[0].prompt');
    for (const key of Object.keys(body.parameters ?? {})) if (!PARAMETERS.has(key)) problems.push(`parameters.${key}`);
    const { aspectRatio, durationSeconds } = body.parameters ?? {};
    if (aspectRatio !== undefined && !['16:9', '9:16'].includes(String(aspectRatio))) problems.push('aspectRatio');
    if (durationSeconds !== undefined && ![4, 6, 8].includes(Number(durationSeconds))) problems.push('durationSeconds');
    if (problems.length > 0) {
      violations.push(...problems.map((p) => `request: invalid ${p}`));
      return fail(res, { code: 400, status: 'INVALID_ARGUMENT', message: `Invalid value at ${problems.join(', ')}` });
    }
    const failure = failures.predict.shift();
    if (failure) return fail(res, failure);
    const name = `models/${model}/operations/${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const operation = {
      name,
      plan: plans.shift() ?? { outcome: 'completed' as const },
      polls: 0,
      file: randomUUID().replaceAll('-', '').slice(0, 12),
      bytes: await sampleClip(aspectRatio === '9:16' ? '720x1280' : '1280x720'),
    };
    operations.set(name, operation);
    files.set(operation.file, operation);
    json(res, 200, { name });
  };

  const poll = (res: ServerResponse, operation: Operation) => {
    const failure = failures.operation.shift();
    if (failure) return fail(res, failure);
    operation.polls += 1;
    const { plan, name } = operation;
    if (operation.polls < (plan.polls ?? 2)) return json(res, 200, { name });
    const type = 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse';
    if (plan.outcome === 'error') {
      return json(res, 200, {
        name,
        done: true,
        error: { code: plan.code, message: plan.message, status: plan.status },
      });
    }
    if (plan.outcome === 'filtered') {
      const generateVideoResponse = { raiMediaFilteredCount: 1, raiMediaFilteredReasons: plan.reasons };
      return json(res, 200, { name, done: true, response: { '@type': type, generateVideoResponse } });
    }
    // The real API answers with its own host in the uri; clients download through their base URL by file name.
    const uri = `https://generativelanguage.googleapis.com/v1beta/files/${operation.file}:download?alt=media`;
    const generateVideoResponse = { generatedSamples: [{ video: { uri } }] };
    json(res, 200, { name, done: true, response: { '@type': type, generateVideoResponse } });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (req.headers['x-goog-api-key'] !== apiKey) {
      return fail(res, {
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: 'API key not valid. Please pass a valid API key.',
      });
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname);
    const predictMatch = /^\/v1beta\/models\/([^/:]+):predictLongRunning$/.exec(path);
    if (req.method === 'POST' && predictMatch?.[1]) return predict(res, predictMatch[1], raw);
    const operation = operations.get(path.replace(/^\/v1beta\//, ''));
    if (req.method === 'GET' && operation) return poll(res, operation);
    const fileMatch = /^\/v1beta\/files\/([a-z0-9]+):download$/.exec(path);
    const file = fileMatch?.[1] === undefined ? undefined : files.get(fileMatch[1]);
    if (req.method === 'GET' && file && url.searchParams.get('alt') === 'media') {
      const failure = failures.download.shift();
      if (failure) return fail(res, failure);
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(file.bytes.length) });
      return res.end(file.bytes);
    }
    violations.push(`request: unexpected ${req.method} ${req.url}`);
    fail(res, { code: 404, status: 'NOT_FOUND', message: `Requested entity was not found: ${req.url}` });
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    apiKey,
    get submissions() {
      return operations.size;
    },
    requests,
    violations,
    plan: (...next) => void plans.push(...next),
    failNext: (endpoint, ...replies) => void failures[endpoint].push(...replies),
    videoBytes: (name) => operations.get(name)?.bytes ?? Buffer.alloc(0),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
