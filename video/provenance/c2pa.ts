// Content Credentials: a signed C2PA manifest embedded in the MP4 (c2pa-wasm), and reading one back.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initSync, WasmBuilder, WasmReader } from '@contentauth/c2pa-wasm';
import { coseSign1 } from './c2pa-cose.ts';
import type { C2paCredentials } from './c2pa-cert.ts';
import { writeFileAtomically } from '../render/files.ts';

/** Label of klartext's own assertion: the campaign's identity and where the signed klartext manifest is found. */
export const KLARTEXT_ASSERTION = 'klartext.provenance';
const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
// Room reserved in the file for the COSE signature: the chain of two certificates plus the ECDSA signature.
const SIGNATURE_RESERVE_BYTES = 10_240;

/** A Blob whose bytes can be read synchronously, which the WebAssembly build does through FileReaderSync. */
class BytesBlob extends Blob {
  readonly content: Uint8Array;
  constructor(content: Uint8Array) {
    super([content as Uint8Array<ArrayBuffer>]);
    this.content = content;
  }
  override slice(start = 0, end = this.content.length): BytesBlob {
    return new BytesBlob(this.content.subarray(start, end));
  }
}

/** klartext's version, named as the claim generator. */
export const KLARTEXT_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

let ready = false;
function init(): void {
  if (ready) return;
  // The build reads Blobs with FileReaderSync, which only browser workers have; Node gets the bytes directly.
  (globalThis as { FileReaderSync?: unknown }).FileReaderSync ??= class {
    readAsArrayBuffer(blob: BytesBlob): ArrayBuffer {
      return blob.content.slice().buffer as ArrayBuffer;
    }
  };
  const wasm = createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm');
  initSync({ module: readFileSync(wasm) });
  ready = true;
}

/** What the embedded manifest says about the video beyond the C2PA basics. */
export interface ContentCredentialsInput {
  videoPath: string;
  credentials: C2paCredentials;
  /** Full IPTC digital source type URI (e.g. …/trainedAlgorithmicMedia). */
  digitalSourceType: string;
  title: string;
  campaignId: string;
  segmentId: string;
  agency?: string;
  scriptSha256: string;
  /** Where the signed klartext manifest is looked up: `{sha256}` stands for this file's SHA-256. */
  manifestUrl: string;
  generator: { name: string; version: string };
}

/**
 * Embeds a signed C2PA manifest into the MP4 at `videoPath`, replacing the file atomically. The manifest holds a
 * `c2pa.created` action with the IPTC digital source type, and klartext's assertion naming the campaign and the
 * signed klartext manifest. The file changes, so its SHA-256 must be taken after this. Returns the new SHA-256.
 */
export async function embedContentCredentials(input: ContentCredentialsInput): Promise<string> {
  init();
  const { credentials } = input;
  const builder = WasmBuilder.fromJson(
    JSON.stringify({
      claim_generator_info: [input.generator],
      title: input.title,
      format: 'video/mp4',
      assertions: [],
    }),
  );
  try {
    builder.addAction({
      action: 'c2pa.created',
      digitalSourceType: input.digitalSourceType,
      softwareAgent: input.generator,
    });
    builder.addAssertion(KLARTEXT_ASSERTION, {
      campaignId: input.campaignId,
      segmentId: input.segmentId,
      ...(input.agency ? { agency: input.agency } : {}),
      scriptSha256: input.scriptSha256,
      manifest: { file: 'manifest.json', url: input.manifestUrl },
      developmentCertificate: credentials.development,
    });
    const signer = {
      alg: credentials.alg,
      reserveSize: SIGNATURE_RESERVE_BYTES,
      sign: async (claim: Uint8Array) =>
        coseSign1({
          payload: claim,
          alg: credentials.alg,
          key: credentials.key,
          chainDer: credentials.chainDer,
          size: SIGNATURE_RESERVE_BYTES,
        }) as Uint8Array<ArrayBuffer>,
    };
    const source = new BytesBlob(new Uint8Array(await readFile(input.videoPath)));
    const signed = await builder.sign(signer, [], 'video/mp4', source);
    return await writeFileAtomically(input.videoPath, signed);
  } finally {
    builder.free();
  }
}

/** Content Credentials as `klartext verify` and the check page report them. */
export interface ContentCredentialsReport {
  present: boolean;
  /** The claim signature and every hash check out (the certificate may still be untrusted). */
  valid: boolean;
  /** The signing certificate chains to a trust anchor the reader knows. */
  trusted: boolean;
  signer?: string;
  issuer?: string;
  digitalSourceType?: string;
  aiGenerated: boolean;
  klartext?: Record<string, unknown>;
  /** Validation failures other than an unknown trust anchor, as `code: explanation`. */
  problems: string[];
}

interface StatusEntry {
  code: string;
  explanation?: string;
}
interface ManifestJson {
  signature_info?: { common_name?: string; issuer?: string };
  assertions?: { label: string; data: Record<string, unknown> }[];
}

/** Summarises a reader's JSON (c2pa-rs's `Reader::json`, which c2pa-python prints the same way). */
export function summariseManifestStore(json: string): ContentCredentialsReport {
  const store = JSON.parse(json) as {
    active_manifest?: string;
    manifests?: Record<string, ManifestJson>;
    validation_status?: StatusEntry[];
    validation_results?: { activeManifest?: { failure?: StatusEntry[] } };
  };
  const active = store.active_manifest ? store.manifests?.[store.active_manifest] : undefined;
  if (!active) return { present: false, valid: false, trusted: false, aiGenerated: false, problems: [] };
  const failures = store.validation_results?.activeManifest?.failure ?? store.validation_status ?? [];
  const untrusted = failures.some((f) => f.code === 'signingCredential.untrusted');
  const problems = failures
    .filter((f) => f.code !== 'signingCredential.untrusted')
    .map((f) => `${f.code}: ${f.explanation ?? ''}`.trim());
  const actions = active.assertions?.find((a) => a.label.startsWith('c2pa.actions'))?.data.actions as
    { action: string; digitalSourceType?: string }[] | undefined;
  const created = actions?.find((a) => a.action === 'c2pa.created');
  const source = created?.digitalSourceType;
  const klartext = active.assertions?.find((a) => a.label === KLARTEXT_ASSERTION)?.data;
  return {
    present: true,
    valid: problems.length === 0,
    trusted: !untrusted && problems.length === 0,
    ...(active.signature_info?.common_name ? { signer: active.signature_info.common_name } : {}),
    ...(active.signature_info?.issuer ? { issuer: active.signature_info.issuer } : {}),
    ...(source ? { digitalSourceType: source } : {}),
    aiGenerated:
      source === `${IPTC}trainedAlgorithmicMedia` || source === `${IPTC}compositeWithTrainedAlgorithmicMedia`,
    ...(klartext ? { klartext } : {}),
    problems,
  };
}

/** Reads and validates the Content Credentials embedded in an MP4 (in memory: videos here are small). */
export async function readContentCredentials(bytesOrPath: Uint8Array | string): Promise<ContentCredentialsReport> {
  init();
  const bytes = typeof bytesOrPath === 'string' ? new Uint8Array(await readFile(bytesOrPath)) : bytesOrPath;
  let reader: WasmReader;
  try {
    reader = await WasmReader.fromBytes('video/mp4', bytes);
  } catch (err) {
    const text = String(err);
    const absent = { present: false, valid: false, trusted: false, aiGenerated: false } as const;
    // No manifest at all is a plain answer; a file that is no MP4 has none to read either.
    if (/JumbfNotFound|ManifestNotFound/.test(text)) return { ...absent, problems: [] };
    if (/InvalidAsset/.test(text)) return { ...absent, problems: [`not a readable MP4: ${text}`] };
    return { ...absent, present: true, problems: [text] };
  }
  try {
    return summariseManifestStore(reader.json());
  } finally {
    reader.free();
  }
}
