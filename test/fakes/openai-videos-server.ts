// Fake `/v1/videos` server (the OpenAI Videos API shape): jobs go queued → in_progress → completed/failed over
// successive polls; requests and replies are checked against the official OpenAPI schemas (test/fixtures/openai-videos/).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { resolveFfmpeg, runFfmpeg } from '../../video/render/ffmpeg.ts';
import { createJsonReply } from './json-reply.ts';
import { createValidator } from './json-schema-subset.ts';
import type { Schema, SchemaDocument } from './json-schema-subset.ts';

const spec = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/openai-videos/videos.openapi.json'), 'utf8'),
) as SchemaDocument;
// `minLength` (on `prompt`) is outside the validator's subset: it is lifted out here and checked by hand below.
const minLengths = new Map<string, number>();
for (const body of ['CreateVideoMultipartBody', 'CreateVideoJsonBody']) {
  for (const [name, property] of Object.entries(spec.components.schemas[body]?.properties ?? {})) {
    const { minLength, ...rest } = property as Schema & { minLength?: number };
    if (minLength !== undefined) minLengths.set(name, minLength);
    (spec.components.schemas[body]!.properties as Record<string, Schema>)[name] = rest;
  }
}
const validate = createValidator(spec);

const clips = new Map<string, Promise<Buffer>>();

/**
 * A real MP4 like a provider's: 2 s of ffmpeg's moving test pattern, H.264, at `size` (`WxH`); made once per size,
 * so post-production in tests works on real footage.
 */
export function sampleClip(size: string): Promise<Buffer> {
  let clip = clips.get(size);
  if (!clip) {
    clip = (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'klartext-clip-'));
      try {
        const file = join(dir, 'clip.mp4');
        // prettier-ignore
        await runFfmpeg(resolveFfmpeg().ffmpeg, [
          '-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25:duration=2`,
          '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', file,
        ]);
        return await readFile(file);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })();
    clips.set(size, clip);
  }
  return clip;
}

/** How a job ends, after `polls` polls (default 2): completed, or failed with the provider's error. */
export type VideoJobPlan = { polls?: number } & (
  { outcome: 'completed' } | { outcome: 'failed'; code: string; message: string }
);

/** An error answer for the next request to an endpoint. */
export interface VideoErrorReply {
  status: number;
  message: string;
  code?: string;
  headers?: Record<string, string>;
}

export type VideosEndpoint = 'create' | 'retrieve' | 'content';

/** A running fake server. */
export interface FakeVideosServer {
  /** Pass as the SDK's `baseURL`. */
  readonly baseURL: string;
  readonly apiKey: string;
  /** Jobs created: what the provider would bill. */
  readonly submissions: number;
  /** `Idempotency-Key` headers received with submissions. */
  readonly idempotencyKeys: string[];
  /** Parsed create requests, as the SDK sent them. */
  readonly requests: Record<string, unknown>[];
  /** Spec violations in requests received or replies sent; a test asserts this stays empty. */
  readonly violations: string[];
  /** Plans for the next jobs, in order (default: completed after 2 polls). */
  plan(...plans: VideoJobPlan[]): void;
  /** Queues error answers for the next requests to `endpoint`. */
  failNext(endpoint: VideosEndpoint, ...replies: VideoErrorReply[]): void;
  /** The bytes the fake serves as job `id`'s video. */
  videoBytes(id: string): Buffer;
  /** While held, jobs stay in_progress however often they are polled (a generation that takes its time). */
  hold(held: boolean): void;
  close(): Promise<void>;
}

interface Job {
  resource: Record<string, unknown> & { id: string; status: string; progress: number };
  plan: VideoJobPlan;
  polls: number;
  bytes: Buffer;
}

/** Starts the fake on 127.0.0.1 (free port). Like the API, it checks the bearer key. */
export async function startOpenAIVideosServer(): Promise<FakeVideosServer> {
  const apiKey = `sk-test-${randomUUID()}`;
  const jobs = new Map<string, Job>();
  const plans: VideoJobPlan[] = [];
  const failures: Record<VideosEndpoint, VideoErrorReply[]> = { create: [], retrieve: [], content: [] };
  const requests: Record<string, unknown>[] = [];
  const idempotencyKeys: string[] = [];
  const violations: string[] = [];
  let held = false;

  const send = createJsonReply(validate, 'VideoResource', violations);
  const fail = (res: ServerResponse, reply: VideoErrorReply) => {
    const type = reply.status >= 500 ? 'server_error' : 'invalid_request_error';
    send(
      res,
      reply.status,
      { error: { message: reply.message, type, param: null, code: reply.code ?? null } },
      reply.headers,
    );
  };

  const create = async (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const type = req.headers['content-type'] ?? '';
    let body: Record<string, unknown>;
    let schema: string;
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': type },
        body: raw,
      }).formData();
      body = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '(file)']));
      schema = 'CreateVideoMultipartBody';
    } else {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      schema = 'CreateVideoJsonBody';
    }
    requests.push(body);
    const problems = validate(schema, body);
    for (const [name, min] of minLengths) {
      const value = body[name];
      if (typeof value === 'string' && value.length < min) problems.push(`$.${name}: shorter than ${min}`);
    }
    if (problems.length > 0) {
      violations.push(...problems.map((p) => `request: ${p}`));
      return fail(res, { status: 400, message: `Invalid request: ${problems.join('; ')}` });
    }
    const failure = failures.create.shift();
    if (failure) return fail(res, failure);
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') idempotencyKeys.push(key);
    const id = `video_${randomUUID().replaceAll('-', '')}`;
    const resource = {
      id,
      object: 'video',
      model: String(body.model ?? 'sora-2'),
      status: 'queued',
      progress: 0,
      created_at: Math.floor(Date.now() / 1000),
      completed_at: null,
      expires_at: null,
      prompt: String(body.prompt),
      size: String(body.size ?? '720x1280'),
      seconds: String(body.seconds ?? '4'),
      remixed_from_video_id: null,
      error: null,
    };
    jobs.set(id, {
      resource,
      plan: plans.shift() ?? { outcome: 'completed' },
      polls: 0,
      bytes: await sampleClip(resource.size),
    });
    send(res, 200, resource);
  };

  const retrieve = (res: ServerResponse, job: Job) => {
    const failure = failures.retrieve.shift();
    if (failure) return fail(res, failure);
    const { resource, plan } = job;
    if (held && (resource.status === 'queued' || resource.status === 'in_progress')) {
      resource.status = 'in_progress';
      return send(res, 200, resource);
    }
    job.polls += 1;
    const total = plan.polls ?? 2;
    if (resource.status === 'queued' || resource.status === 'in_progress') {
      if (job.polls >= total) {
        resource.status = plan.outcome;
        resource.completed_at = Math.floor(Date.now() / 1000);
        if (plan.outcome === 'completed') {
          resource.progress = 100;
          resource.expires_at = Math.floor(Date.now() / 1000) + 3600;
        } else resource.error = { code: plan.code, message: plan.message };
      } else {
        resource.status = 'in_progress';
        resource.progress = Math.floor((100 * job.polls) / total);
      }
    }
    send(res, 200, resource);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return fail(res, { status: 401, message: 'Incorrect API key provided.', code: 'invalid_api_key' });
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/v1\/videos(?:\/([^/]+))?(\/content)?$/.exec(url.pathname);
    const job = match?.[1] === undefined ? undefined : jobs.get(match[1]);
    if (req.method === 'POST' && match && !match[1]) return create(req, res, Buffer.concat(chunks));
    if (req.method === 'GET' && job && !match?.[2]) return retrieve(res, job);
    if (req.method === 'GET' && job && match?.[2]) {
      const variant = url.searchParams.get('variant') ?? 'video';
      if (variant !== 'video') violations.push(`request: unexpected content variant ${variant}`);
      const failure = failures.content.shift();
      if (failure) return fail(res, failure);
      if (job.resource.status !== 'completed') {
        return fail(res, { status: 404, message: `Video ${job.resource.id} is not completed.` });
      }
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(job.bytes.length) });
      return res.end(job.bytes);
    }
    if (!job && match?.[1]) return fail(res, { status: 404, message: `Video ${match[1]} not found.` });
    violations.push(`request: unexpected ${req.method} ${req.url}`);
    fail(res, { status: 404, message: `Unknown request URL: ${req.method} ${req.url}.` });
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    get submissions() {
      return jobs.size;
    },
    idempotencyKeys,
    requests,
    violations,
    plan: (...next) => void plans.push(...next),
    failNext: (endpoint, ...replies) => void failures[endpoint].push(...replies),
    videoBytes: (id) => jobs.get(id)?.bytes ?? Buffer.alloc(0),
    hold: (on) => void (held = on),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
