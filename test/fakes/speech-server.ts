// Fake `audio/speech` server (OpenAI's shape): bodies checked against the official OpenAPI schema
// (test/fixtures/openai-speech/), answered with real audio (ffmpeg's sine source) in the requested format.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg, runFfmpeg } from '../../video/render/ffmpeg.ts';
import { createJsonReply } from './json-reply.ts';
import { createValidator } from './json-schema-subset.ts';
import type { SchemaDocument } from './json-schema-subset.ts';

const spec = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/openai-speech/speech.openapi.json'), 'utf8'),
) as SchemaDocument;
const validate = createValidator(spec);

/** Seconds of audio the fake speaks per input character (about a brisk speaker's pace), and the least it speaks. */
export const SECONDS_PER_CHAR = 0.05;
export const MIN_SECONDS = 0.5;

/** The audio length the fake answers `input` with, rounded to whole milliseconds. */
export const fakeSpeechSeconds = (input: string) =>
  Math.round(Math.max(MIN_SECONDS, input.length * SECONDS_PER_CHAR) * 1000) / 1000;

// ffmpeg output options per `response_format`; 24 kHz mono 16-bit as the API documents for `pcm`.
// prettier-ignore
const FORMATS: Record<string, { args: string[]; contentType: string }> = {
  mp3: { args: ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'], contentType: 'audio/mpeg' },
  opus: { args: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'], contentType: 'audio/ogg' },
  aac: { args: ['-c:a', 'aac', '-b:a', '64k', '-f', 'adts'], contentType: 'audio/aac' },
  flac: { args: ['-c:a', 'flac', '-f', 'flac'], contentType: 'audio/flac' },
  wav: { args: ['-c:a', 'pcm_s16le', '-f', 'wav'], contentType: 'audio/wav' },
  pcm: { args: ['-c:a', 'pcm_s16le', '-f', 's16le'], contentType: 'audio/pcm' },
};

/** Real audio: a quiet 440 Hz tone of `seconds` at 24 kHz mono, encoded as `format`. */
export async function toneAudio(seconds: number, format: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'klartext-speech-'));
  try {
    const file = join(dir, 'speech.out');
    // prettier-ignore
    await runFfmpeg(resolveFfmpeg().ffmpeg, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi',
      '-i', `sine=frequency=440:sample_rate=24000:duration=${seconds}`, '-af', 'volume=0.3', '-ac', '1',
      ...(FORMATS[format]?.args ?? []), '-y', file,
    ]);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** As a streaming server writes a WAV it cannot size in advance: RIFF and data sizes 0xFFFFFFFF. */
function streamedWav(wav: Buffer): Buffer {
  const out = Buffer.from(wav);
  out.writeUInt32LE(0xffffffff, 4);
  const data = out.indexOf('data', 12, 'latin1');
  if (data > 0) out.writeUInt32LE(0xffffffff, data + 4);
  return out;
}

/** An error answer for the next request. */
export interface SpeechErrorReply {
  status: number;
  message: string;
  code?: string;
  headers?: Record<string, string>;
}

/** A running fake server. */
export interface FakeSpeechServer {
  /** Pass as the SDK's `baseURL` (ends in `/v1`). */
  readonly baseURL: string;
  readonly apiKey: string;
  /** Parsed request bodies, as the client sent them (valid or not). */
  readonly requests: Record<string, unknown>[];
  /** Spec violations in requests received or replies sent; a test asserts this stays empty. */
  readonly violations: string[];
  /** Queues error answers for the next requests. */
  failNext(...replies: SpeechErrorReply[]): void;
  /** Answers the next requests with this body instead of audio (e.g. silence, or not audio at all). */
  answerNext(...bodies: Buffer[]): void;
  close(): Promise<void>;
}

/**
 * Starts the fake on 127.0.0.1 (free port). Like the API it checks the bearer key and refuses bodies the schema does
 * not allow (400 with OpenAI's error body); WAV comes with streamed (unknown) sizes, as OpenAI sends it.
 */
export async function startSpeechServer(): Promise<FakeSpeechServer> {
  const apiKey = `sk-test-${randomUUID()}`;
  const requests: Record<string, unknown>[] = [];
  const violations: string[] = [];
  const failures: SpeechErrorReply[] = [];
  const answers: Buffer[] = [];
  const send = createJsonReply(validate, 'ErrorResponse', violations);
  const fail = (res: ServerResponse, reply: SpeechErrorReply) => {
    const type = reply.status >= 500 ? 'server_error' : 'invalid_request_error';
    const error = { message: reply.message, type, param: null, code: reply.code ?? null };
    send(res, reply.status, { error }, reply.headers);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.method !== 'POST' || req.url !== '/v1/audio/speech') {
          return fail(res, { status: 404, message: `No route ${req.method} ${req.url}` });
        }
        if (req.headers.authorization !== `Bearer ${apiKey}`) {
          return fail(res, { status: 401, message: 'Incorrect API key provided.', code: 'invalid_api_key' });
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          violations.push('request: body is not JSON');
          return fail(res, { status: 400, message: 'The body is not JSON.' });
        }
        requests.push(body);
        const problems = validate('CreateSpeechRequest', body);
        if (problems.length > 0) {
          violations.push(...problems.map((p) => `request: ${p}`));
          return fail(res, { status: 400, message: `Invalid request: ${problems.join('; ')}` });
        }
        const failure = failures.shift();
        if (failure) return fail(res, failure);
        const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
        const answer = answers.shift();
        const audio = answer ?? (await toneAudio(fakeSpeechSeconds(String(body.input)), format));
        res.writeHead(200, { 'content-type': FORMATS[format]?.contentType ?? 'application/octet-stream' });
        res.end(format === 'wav' && !answer ? streamedWav(audio) : audio);
      })().catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    violations,
    failNext: (...replies) => void failures.push(...replies),
    answerNext: (...bodies) => void answers.push(...bodies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
