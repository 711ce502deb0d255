// Fake DeepL API for `POST /v2/translate` as deepl-node sends it (form-encoded, `DeepL-Auth-Key` header, repeated
// `text` fields) and as DeepL answers it: translations with detected source language and billed characters, and the
// documented error statuses (403 bad key, 429 too many requests, 456 quota exceeded) with a JSON `message`.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A translate request as the server read it. */
export interface DeepLRequest {
  texts: string[];
  sourceLang?: string;
  targetLang: string;
  contentType: string;
}

/** What the server answers to the next request: translations made by `translate`, or an error status. */
export type DeepLReply =
  | { translate: (text: string, request: DeepLRequest) => string }
  | { status: 403 | 429 | 456 | 500 | 503 | 400; message?: string; headers?: Record<string, string> };

export interface FakeDeepLServer {
  /** Pass as deepl-node's `serverUrl`. */
  readonly serverUrl: string;
  readonly authKey: string;
  readonly requests: DeepLRequest[];
  /** Requests that DeepL would refuse or that deepl-node should never send; a test asserts this stays empty. */
  readonly violations: string[];
  /** Queues replies for the next requests, in order; with none queued, `fallback` answers. */
  reply(...replies: DeepLReply[]): void;
  close(): Promise<void>;
}

// DeepL's target languages that need a variant (plain EN and PT are refused), and the codes it knows at all.
const NEEDS_VARIANT = new Set(['EN', 'PT']);
const KNOWN =
  /^(AR|BG|CS|DA|DE|EL|EN|EN-GB|EN-US|ES|ET|FI|FR|HU|ID|IT|JA|KO|LT|LV|NB|NL|PL|PT|PT-BR|PT-PT|RO|RU|SK|SL|SV|TR|UK|ZH|ZH-HANS|ZH-HANT)$/;

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-trace-id': randomUUID(), ...headers });
  res.end(JSON.stringify(body));
};

/** Starts the fake on 127.0.0.1 (free port); `fallback` translates when no reply is queued (default: tagged echo). */
export async function startDeepLServer(
  fallback: (text: string, request: DeepLRequest) => string = (text, r) => `[${r.targetLang}] ${text}`,
): Promise<FakeDeepLServer> {
  const authKey = `${randomUUID()}:fx`;
  const requests: DeepLRequest[] = [];
  const violations: string[] = [];
  const queue: DeepLReply[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v2/translate') {
      violations.push(`unexpected ${req.method} ${req.url}`);
      return send(res, 404, { message: 'Not found' });
    }
    if (req.headers.authorization !== `DeepL-Auth-Key ${authKey}`) {
      return send(res, 403, { message: 'Wrong endpoint. Use https://api-free.deepl.com' });
    }
    const contentType = req.headers['content-type'] ?? '';
    const raw = Buffer.concat(chunks).toString('utf8');
    let texts: string[];
    let params: Record<string, string | undefined>;
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      texts = form.getAll('text');
      params = { source_lang: form.get('source_lang') ?? undefined, target_lang: form.get('target_lang') ?? undefined };
    } else if (contentType.startsWith('application/json')) {
      const body = JSON.parse(raw) as { text?: string[]; source_lang?: string; target_lang?: string };
      texts = body.text ?? [];
      params = { source_lang: body.source_lang, target_lang: body.target_lang };
    } else {
      violations.push(`content-type ${contentType}`);
      return send(res, 415, { message: 'Unsupported media type' });
    }
    const target = params.target_lang?.toUpperCase() ?? '';
    const problem =
      texts.length === 0
        ? "Parameter 'text' not specified."
        : texts.length > 50
          ? 'Too many texts: at most 50 per request.'
          : !KNOWN.test(target) || NEEDS_VARIANT.has(target)
            ? "Value for 'target_lang' not supported."
            : params.source_lang && !KNOWN.test(params.source_lang.toUpperCase())
              ? "Value for 'source_lang' not supported."
              : undefined;
    if (problem) {
      violations.push(problem);
      return send(res, 400, { message: 'Bad request', detail: problem });
    }
    const request: DeepLRequest = {
      texts,
      ...(params.source_lang ? { sourceLang: params.source_lang } : {}),
      targetLang: params.target_lang!,
      contentType,
    };
    requests.push(request);
    const next = queue.shift() ?? { translate: fallback };
    if ('status' in next) return send(res, next.status, { message: next.message ?? 'Error' }, next.headers);
    return send(res, 200, {
      translations: texts.map((text) => ({
        detected_source_language: (params.source_lang ?? 'DE').toUpperCase(),
        text: next.translate(text, request),
        billed_characters: text.length,
      })),
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      violations.push(`fake failed: ${String(err)}`);
      if (!res.headersSent) send(res, 500, { message: 'Internal error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serverUrl: `http://127.0.0.1:${port}`,
    authKey,
    requests,
    violations,
    reply: (...replies) => queue.push(...replies),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
