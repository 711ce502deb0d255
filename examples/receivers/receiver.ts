// A stand-alone receiver for klartext webhook deliveries: verifies Standard Webhooks signatures (v1 with the official
// `standardwebhooks` package, v1a with node:crypto), processes each webhook-id once, and handles every event type.
//
//   npm install standardwebhooks
//   KLARTEXT_WEBHOOK_SECRET=whsec_… node receiver.ts      (Node 22.18+ runs .ts directly)
//
// KLARTEXT_WEBHOOK_SECRET  the channel's `whsec_` secret (v1), or the `whpk_` public key of a v1a channel
// HOST, PORT               where to listen: 127.0.0.1 and 8787 by default; PORT=0 picks a free port
// KLARTEXT_FETCH_ASSETS=1  download each new video and manifest through the signed links and check them
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

const TOLERANCE_SECONDS = 5 * 60;
const MAX_BODY_BYTES = 1024 * 1024;
// DER header that turns a raw 32-byte Ed25519 public key into SPKI for node:crypto (RFC 8410).
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

interface Payload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The `data` of video.approved / video.replaced / video.retracted (the fields this receiver uses). */
interface VideoEvent {
  campaignId: string;
  segmentId: string;
  video: { sha256: string; url?: string };
  manifest?: { url: string; sha256: string };
  replaces?: { videoSha256: string };
  reason?: string;
}

interface KeySet {
  keys: { kid: string; kty: string; crv: string; x: string }[];
}

/** A refusal that retrying cannot fix: answered with a 4xx, which klartext records and shows to the manager. */
class Refusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const secret = process.env.KLARTEXT_WEBHOOK_SECRET ?? '';
if (!/^(whsec_|whpk_)/.test(secret)) {
  console.error('Set KLARTEXT_WEBHOOK_SECRET to the channel secret (whsec_…) or the v1a public key (whpk_…).');
  process.exit(2);
}
const fetchAssets = process.env.KLARTEXT_FETCH_ASSETS === '1';
const verifyDelivery = secret.startsWith('whpk_') ? v1aVerifier(secret) : v1Verifier(secret);

// In memory for the example. A real receiver stores these in its database, in the same transaction as the effect,
// so a restart does not process a redelivered or replayed message again.
const processed = new Set<string>();
const inFlight = new Set<string>();
const shown = new Map<string, string>(); // `<campaignId>/<segmentId>` → SHA-256 of the video shown now
const withdrawn = new Set<string>(); // SHA-256s retracted or replaced: never shown again, even when replayed

function v1Verifier(whsec: string) {
  const webhook = new Webhook(whsec);
  // The raw body exactly as received: re-serialised JSON would not match the signature.
  return (body: string, headers: Record<string, string>) => webhook.verify(body, headers) as Payload;
}

/** standardwebhooks 1.1.1 verifies v1 only; v1a signs the same `<id>.<timestamp>.<body>` with Ed25519. */
function v1aVerifier(whpk: string) {
  const raw = Buffer.from(whpk.slice('whpk_'.length), 'base64');
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
  return (body: string, headers: Record<string, string>): Payload => {
    const id = headers['webhook-id'];
    const timestamp = headers['webhook-timestamp'];
    const signatures = headers['webhook-signature'];
    if (!id || !timestamp || !signatures) throw new Error('missing webhook-id, -timestamp or -signature');
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
      throw new Error('timestamp outside the 5-minute tolerance');
    }
    const content = Buffer.from(`${id}.${timestamp}.${body}`, 'utf8');
    const valid = signatures.split(' ').some((entry) => {
      const [version, signature] = entry.split(',');
      const bytes = Buffer.from(signature ?? '', 'base64');
      return version === 'v1a' && bytes.length === 64 && verify(null, content, key, bytes);
    });
    if (!valid) throw new Error('no matching v1a signature');
    return JSON.parse(body) as Payload;
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST' || req.url !== '/webhooks') return reply(res, 404, { error: 'POST /webhooks only' });
  const body = await readBody(req);
  if (body === undefined) return reply(res, 413, { error: 'body over 1 MiB' });
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
  const id = headers['webhook-id'] ?? '';
  let payload: Payload;
  try {
    payload = verifyDelivery(body, headers);
  } catch (error) {
    console.log(`refused ${id || '(no id)'}: ${(error as Error).message}`);
    return reply(res, 401, { error: 'signature verification failed' });
  }
  if (typeof payload?.type !== 'string' || typeof payload.data !== 'object' || payload.data === null) {
    return reply(res, 400, { error: 'expected {type, timestamp, data}' });
  }
  if (processed.has(id)) {
    console.log(`duplicate ${id} (${payload.type}): acknowledged, not processed again`);
    return reply(res, 200, { status: 'duplicate' });
  }
  // klartext gave up waiting (15 s) and retried while the first attempt still runs: ask it to come back later.
  if (inFlight.has(id)) return reply(res, 503, { error: 'still processing' }, { 'retry-after': '30' });
  inFlight.add(id);
  try {
    await processEvent(id, payload);
    processed.add(id);
    reply(res, 200, { status: 'processed' });
  } catch (error) {
    const message = (error as Error).message;
    console.log(`failed ${id} (${payload.type}): ${message}`);
    // Anything but a deliberate refusal is answered 503, so klartext retries it later.
    reply(res, error instanceof Refusal ? error.status : 503, { error: message });
  } finally {
    inFlight.delete(id);
  }
}

async function processEvent(id: string, { type, data }: Payload): Promise<void> {
  const event = data as unknown as VideoEvent;
  const where = `${event.campaignId}/${event.segmentId}`;
  if (type === 'ping') {
    console.log(`ping ${id}: ${String(data.message ?? '')}`);
  } else if (type === 'video.approved' || type === 'video.replaced') {
    if (withdrawn.has(event.video.sha256)) {
      console.log(`${type} ${id}: ${where} video ${event.video.sha256} was withdrawn earlier, not shown`);
      return;
    }
    if (fetchAssets) await checkAssets(event);
    const old = event.replaces?.videoSha256;
    if (old) withdrawn.add(old);
    shown.set(where, event.video.sha256);
    console.log(`${type} ${id}: show ${where} video ${event.video.sha256}${old ? ` instead of ${old}` : ''}`);
  } else if (type === 'video.retracted') {
    // May name a video this receiver never showed (its approval failed here): remember it all the same.
    withdrawn.add(event.video.sha256);
    if (shown.get(where) === event.video.sha256) shown.delete(where);
    console.log(`video.retracted ${id}: take down ${where} video ${event.video.sha256}: ${event.reason}`);
  } else {
    // New event types must not fail deliveries: acknowledge what you do not handle.
    console.log(`${type} ${id}: not handled here, acknowledged`);
  }
}

/** Downloads through the signed links and checks the video against the event and the signed manifest. */
async function checkAssets(event: VideoEvent): Promise<void> {
  if (!event.video.url || !event.manifest) throw new Refusal(422, 'the event carries no asset links');
  const videoSha256 = await sha256Of(event.video.url);
  if (videoSha256 !== event.video.sha256) {
    throw new Refusal(422, `video hashes to ${videoSha256}, the event names ${event.video.sha256} (replaced since?)`);
  }
  const manifestBytes = Buffer.from(await (await get(event.manifest.url)).arrayBuffer());
  if (createHash('sha256').update(manifestBytes).digest('hex') !== event.manifest.sha256) {
    throw new Refusal(422, 'manifest does not match the SHA-256 in the event');
  }
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as { video?: { sha256?: string } };
  if (manifest.video?.sha256 !== videoSha256) throw new Refusal(422, 'manifest describes another video');
  // The key set lives on the server that issued the links; pin it in configuration if you prefer.
  const keySetUrl = new URL('/.well-known/klartext-provenance-keys.json', event.manifest.url);
  const keySet = (await (await get(keySetUrl.href)).json()) as KeySet;
  if (!manifestSignatureValid(manifest, keySet)) throw new Refusal(422, 'manifest signature does not verify');
  console.log(`checked ${event.campaignId}/${event.segmentId}: video SHA-256 and signed manifest match`);
}

/** Ed25519 over the canonical JSON (keys sorted, no spaces) of every manifest field but `signature`. */
function manifestSignatureValid(manifest: Record<string, unknown>, keySet: KeySet): boolean {
  const { signature, ...content } = manifest as { signature?: { alg?: string; keyId?: string; value?: string } };
  const jwk = keySet.keys.find((k) => k.kid === signature?.keyId);
  if (!jwk || signature?.alg !== 'Ed25519' || !signature.value) return false;
  const key: KeyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  return verify(null, Buffer.from(canonicalJson(content)), key, Buffer.from(signature.value, 'base64url'));
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

async function get(url: string): Promise<Response> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(60_000) });
  // 403: the link expired or was altered; only a new delivery brings a new link.
  if (response.status === 403 || response.status === 404) throw new Refusal(422, `${url} answered ${response.status}`);
  if (!response.ok || !response.body) throw new Error(`${new URL(url).pathname} answered ${response.status}`);
  return response;
}

async function sha256Of(url: string): Promise<string> {
  const hash = createHash('sha256');
  // Streamed: a video is never held in memory. Write the chunks to storage here to keep the file.
  for await (const chunk of (await get(url)).body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => reply(res, 500, { error: (error as Error).message }));
});
server.listen(Number(process.env.PORT ?? 8787), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  const scheme = secret.startsWith('whpk_') ? 'v1a' : 'v1';
  console.log(`klartext receiver (${scheme}) listening on http://${address}:${port}/webhooks`);
});
