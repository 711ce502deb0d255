// `klartext verify <video.mp4>`: checks a video's hash, its manifest's signature and, with a server, its endorsement.
import { createHash, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hashVideo, verifyManifest, type SignedManifest } from '../../video/provenance/manifest.ts';
import { manifestFileFor } from '../../shared/manifest.ts';
import { renditionLabel } from '../../shared/renditions.ts';
import { SIGNING_KEY_FILE } from '../../video/provenance/keys.ts';
import { readContentCredentials, type ContentCredentialsReport } from '../../video/provenance/c2pa.ts';
import { parsePublicKeys, PROVENANCE_KEYS_PATH } from '../../video/provenance/public-keys.ts';
import { KlartextError } from '../../shared/errors.ts';
import { loadConfig } from '../../config/config.ts';

export interface VerifyOptions {
  manifest?: string;
  key?: string;
  server?: string;
  json?: boolean;
}

interface Check {
  name: 'manifest' | 'key' | 'video' | 'files' | 'signature' | 'status' | 'c2pa';
  ok: boolean;
  detail: string;
}

type Trusted = { keys: KeyObject[]; from: string } | { error: string };

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

async function trustedKeys(key: string | undefined, server: string | undefined, dataDir: string): Promise<Trusted> {
  if (key) {
    const text = await readFile(key, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new KlartextError(`cannot read --key ${key} (${err.code}); check the path.`, { cause: err });
    });
    return { keys: parsePublicKeys(text, key), from: key };
  }
  if (server) {
    const url = `${server}${PROVENANCE_KEYS_PATH}`;
    try {
      const { status, body } = await getJson(url);
      if (status !== 200) return { error: `${url} answered ${status}` };
      return { keys: parsePublicKeys(JSON.stringify(body), url), from: url };
    } catch (err) {
      return { error: `cannot fetch ${url}: ${(err as Error).message}` };
    }
  }
  const local = join(dataDir, SIGNING_KEY_FILE);
  const pem = await readFile(local, 'utf8').catch(() => undefined);
  if (pem !== undefined) return { keys: parsePublicKeys(pem, local), from: local };
  return { error: 'no trusted key: pass --key <public.pem|jwks.json> or --server <url>' };
}

/** Compares the companion files found beside the video (captions, transcripts, …) with the hashes the manifest signs. */
async function filesCheck(dir: string, files: Record<string, { sha256: string }>): Promise<Check | undefined> {
  const found: string[] = [];
  const changed: string[] = [];
  for (const [name, { sha256 }] of Object.entries(files)) {
    // Names come from the (not yet trusted) manifest: only plain file names beside the video are read.
    if (!/^[\w.-]+$/.test(name)) continue;
    const bytes = await readFile(join(dir, name)).catch(() => undefined);
    if (!bytes) continue;
    found.push(name);
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) changed.push(name);
  }
  if (found.length === 0) return undefined;
  if (changed.length > 0) return { name: 'files', ok: false, detail: `${changed.join(', ')} differ from the manifest` };
  return { name: 'files', ok: true, detail: `${found.join(', ')} match the manifest` };
}

/**
 * The Content Credentials (C2PA) embedded in the video: signer, whether they are intact, the AI marking. None at all
 * passes (videos rendered before they were embedded); credentials that fail their own checks do not.
 */
function credentialsCheck(cc: ContentCredentialsReport): Check {
  if (!cc.present) {
    const why = cc.problems[0] ? ` (${cc.problems[0]})` : '';
    return { name: 'c2pa', ok: true, detail: `no Content Credentials embedded${why}` };
  }
  const signer = `signed by ${cc.signer ?? 'an unnamed certificate'}${cc.issuer ? ` (issuer ${cc.issuer})` : ''}`;
  if (!cc.valid) return { name: 'c2pa', ok: false, detail: `C2PA invalid, ${signer}: ${cc.problems.join('; ')}` };
  const trust = cc.trusted ? 'trusted certificate' : 'certificate not on a C2PA trust list';
  const source = cc.aiGenerated
    ? 'AI-generated (IPTC trainedAlgorithmicMedia)'
    : `digital source type ${cc.digitalSourceType ?? 'not stated'}`;
  return { name: 'c2pa', ok: true, detail: `C2PA valid, ${signer}, ${trust}; ${source}` };
}

async function statusCheck(server: string, sha256: string): Promise<Check> {
  const url = `${server}/api/provenance/${sha256}`;
  try {
    const { status, body } = await getJson(url);
    if (status === 404)
      return { name: 'status', ok: false, detail: `unknown to ${server}: it never published this video` };
    if (status !== 200) return { name: 'status', ok: false, detail: `${url} answered ${status}` };
    const why = typeof body.statusReason === 'string' ? `: ${body.statusReason}` : '';
    if (body.authentic !== true) return { name: 'status', ok: false, detail: `the server does not vouch for it${why}` };
    if (body.status === 'endorsed') return { name: 'status', ok: true, detail: `endorsed by ${server}` };
    const by = typeof body.replacedBy === 'string' ? ` by ${body.replacedBy}` : '';
    return { name: 'status', ok: false, detail: `${String(body.status)}${by}${why}` };
  } catch (err) {
    return { name: 'status', ok: false, detail: `cannot ask ${url}: ${(err as Error).message}` };
  }
}

/**
 * Verifies a video against its manifest (default `manifest.json` beside it) and a trusted key: `--key`, else the
 * server's well-known key set (`--server` or KLARTEXT_API_URL), else the local data directory's signing key.
 * With a server, also asks whether the video is still endorsed. Prints one line per check, or JSON with `--json`.
 * Reports the Content Credentials embedded in the video (C2PA: signer, intact or not, AI marking).
 * Exit code 0 only when every check passes. The video is hashed as a stream; its C2PA store is read in memory.
 * @throws KlartextError on an unreadable video or key file.
 */
export async function verifyVideo(video: string, values: VerifyOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadConfig(env);
  const server = (values.server ?? config.apiUrl)?.replace(/\/+$/, '');
  const manifestPath = values.manifest ?? join(dirname(video), 'manifest.json');

  const actual = await hashVideo(video).catch((err: NodeJS.ErrnoException) => {
    throw new KlartextError(`cannot read ${video} (${err.code}); check the path.`, { cause: err });
  });
  const checks: Check[] = [];
  let manifest: Partial<SignedManifest> | undefined;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Partial<SignedManifest>;
    checks.push({ name: 'manifest', ok: true, detail: `read ${manifestPath}` });
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? 'not valid JSON';
    checks.push({ name: 'manifest', ok: false, detail: `cannot use ${manifestPath} (${why}); pass --manifest <file>` });
  }
  const trusted = await trustedKeys(values.key, server, config.dataDir);
  if ('error' in trusted) checks.push({ name: 'key', ok: false, detail: trusted.error });
  else checks.push({ name: 'key', ok: true, detail: `trusting ${trusted.keys.length} key(s) from ${trusted.from}` });
  if (manifest) {
    const named = manifest.video?.sha256;
    // A rendition (another frame format) is named in the manifest's renditions, signed with the rest.
    const file = manifest.video && manifestFileFor({ ...manifest, video: manifest.video }, actual.sha256);
    const which = file?.rendition
      ? `the ${renditionLabel(file.rendition.id)} rendition in the manifest`
      : 'the manifest';
    checks.push(
      file
        ? { name: 'video', ok: true, detail: `sha256 ${actual.sha256} matches ${which} (${actual.sizeBytes} bytes)` }
        : { name: 'video', ok: false, detail: `sha256 ${actual.sha256} differs from the manifest's ${String(named)}` },
    );
    const files = manifest.files && (await filesCheck(dirname(video), manifest.files));
    if (files) checks.push(files);
    if (!('error' in trusted)) {
      const result = verifyManifest(manifest, trusted.keys);
      const detail = result.ok ? `Ed25519 by key ${manifest.signature?.keyId}` : (result.reason ?? 'invalid');
      checks.push({ name: 'signature', ok: result.ok, detail });
    }
  }
  const credentials = await readContentCredentials(video);
  checks.push(credentialsCheck(credentials));
  if (server) checks.push(await statusCheck(server, actual.sha256));

  const authentic = checks.every((c) => c.ok);
  if (values.json) {
    const report = { authentic, video, videoSha256: actual.sha256, checks, contentCredentials: credentials };
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(9)}  ${c.detail}`);
    const what = manifest ? `${manifest.campaignId}/${manifest.segmentId}, signed ${manifest.createdAt}` : video;
    const failed = checks.filter((c) => !c.ok).length;
    console.log(authentic ? `AUTHENTIC: ${what}` : `NOT AUTHENTIC: ${failed} check(s) failed for ${video}`);
  }
  return authentic ? 0 : 1;
}
