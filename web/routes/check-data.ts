// What the public video check reads: the input (fingerprint or link) resolved to a SHA-256, then the agency's record.
import { createHash, type KeyObject } from 'node:crypto';
import { basename } from 'node:path';
import { getCampaign, getSegment } from '../../db/campaign-repo.ts';
import { getClaimVersion } from '../../db/claim-repo.ts';
import type { Queryable } from '../../db/pool.ts';
import { getProvenance, type ProvenanceStatus } from '../../db/provenance-repo.ts';
import { videoPathsBySha256 } from '../../db/video-repo.ts';
import { segmentKey, withLocalCopy, type AssetStore } from '../../storage/asset-store.ts';
import { manifestFileFor } from '../../shared/manifest.ts';
import { renditionParts, type RenditionFile, type RenditionFormat, type RenditionId } from '../../shared/renditions.ts';

/** What the check page says about a rendition: its format and size as the signed manifest states them. */
function renditionFacts(r: RenditionFile) {
  const { format } = renditionParts(r.id);
  return { id: r.id, format, width: r.width, height: r.height, openCaptions: r.openCaptions };
}
import { hashVideo, verifyManifest, type SignedManifest } from '../../video/provenance/manifest.ts';

/** Longest input read: a link with a fingerprint in it fits easily (the site refuses query values over 2000). */
export const MAX_INPUT = 1024;
const SHA256 = /^[0-9a-f]{64}$/i;
// A fingerprint inside a link (a check link, the provenance API, a feed entry): 64 hex digits not part of a longer run.
const SHA256_IN_TEXT = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/i;
const ASSET_VIDEO = /^\/assets\/([A-Za-z0-9][A-Za-z0-9._-]*)\/([A-Za-z0-9][A-Za-z0-9._-]*)\/video\.mp4$/;

export type InputProblem =
  'input.empty' | 'input.tooLong' | 'input.notRecognised' | 'input.foreignLink' | 'input.noAsset';

/**
 * The SHA-256 a citizen's input names: a fingerprint, a link holding one, or a link to a video in this site's asset
 * store (hashed here, from the file that link serves). Links to other sites are never fetched: no request leaves
 * the server on a visitor's behalf.
 */
export async function resolveInput(
  raw: string,
  site: { origins: string[]; assets: AssetStore },
): Promise<{ sha256: string } | { problem: InputProblem }> {
  const input = raw.trim();
  if (input === '') return { problem: 'input.empty' };
  if (input.length > MAX_INPUT) return { problem: 'input.tooLong' };
  if (SHA256.test(input)) return { sha256: input.toLowerCase() };
  const inText = SHA256_IN_TEXT.exec(input)?.[0];
  if (inText) return { sha256: inText.toLowerCase() };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { problem: 'input.notRecognised' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'input.notRecognised' };
  if (!site.origins.includes(url.origin)) return { problem: 'input.foreignLink' };
  const asset = ASSET_VIDEO.exec(url.pathname);
  if (!asset) return { problem: 'input.noAsset' };
  const key = segmentKey(asset[1]!, asset[2]!, 'video.mp4');
  // A store that does not answer right now is a link not resolved, not a failed public page.
  const file = await site.assets.head(key).catch(() => undefined);
  if (!file) return { problem: 'input.noAsset' };
  // Hashed once per file version: a public page must not read a large video again for every visit.
  const version = `${key}\0${file.size}\0${file.version}`;
  let sha256 = file.sha256 ?? assetHashes.get(version);
  if (!sha256) {
    sha256 = await hashObject(site.assets, key).catch(() => undefined);
    if (!sha256) return { problem: 'input.noAsset' };
    if (assetHashes.size >= ASSET_HASHES_SIZE) assetHashes.delete(assetHashes.keys().next().value!);
    assetHashes.set(version, sha256);
  }
  return { sha256 };
}

/** SHA-256 of a stored object, streamed from the store; undefined when it is gone. */
async function hashObject(assets: AssetStore, key: string): Promise<string | undefined> {
  const object = await assets.read(key);
  if (!object) return undefined;
  const hash = createHash('sha256');
  for await (const chunk of object.body) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
}

const assetHashes = new Map<string, string>();
const ASSET_HASHES_SIZE = 1000;

/** A claim the video cites, with its approved wording in the video's language when the version is known. */
export interface CheckedClaim {
  id: string;
  text?: string;
  source: SignedManifest['claims'][number]['source'];
}

/**
 * Content Credentials of the checked bytes: `file` when read from the agency's own copy here (validity and trust as
 * the reader finds them), `manifest` when only the signed manifest records them (read back valid when published).
 */
export interface ContentCredentials {
  source: 'file' | 'manifest';
  present: boolean;
  valid: boolean;
  /** The certificate chains to a trust anchor the reader knows; undefined when only the manifest speaks. */
  trusted?: boolean;
  development?: boolean;
  signer?: string;
  issuer?: string;
  aiGenerated: boolean;
}

/** The answer for one fingerprint: unknown, a record whose signature fails, or a genuine video and what it states. */
export type CheckResult =
  | { sha256: string; kind: 'unknown' }
  | { sha256: string; kind: 'invalid' }
  | {
      sha256: string;
      kind: 'genuine';
      /** Set when the fingerprint is a rendition's (another frame format) rather than the main video's. */
      rendition?: { id: RenditionId; format: RenditionFormat; width: number; height: number; openCaptions: boolean };
      status: ProvenanceStatus;
      statusReason?: string;
      replacedBy?: string;
      statusChangedAt: string;
      publishedAt: string;
      campaignTitle: string;
      agency?: string;
      audience: string;
      language?: string;
      reviews: { count: number; lastAt?: string };
      claims: CheckedClaim[];
      contentCredentials?: ContentCredentials;
    };

/** Looks a fingerprint up in the provenance records and checks the manifest's signature against the agency's key. */
export async function checkFingerprint(
  db: Queryable,
  publicKey: KeyObject | readonly KeyObject[],
  sha256: string,
  assets: AssetStore,
): Promise<CheckResult> {
  const record = await getProvenance(db, sha256);
  if (!record) return { sha256, kind: 'unknown' };
  const { manifest } = record;
  const file = manifestFileFor(manifest, sha256);
  if (!verifyManifest(manifest, publicKey).ok || !file) return { sha256, kind: 'invalid' };
  const [campaign, segment] = await Promise.all([
    getCampaign(db, record.campaignId),
    getSegment(db, record.campaignId, record.segmentId),
  ]);
  const language = segment?.language;
  const reviewTimes = manifest.signatures.map((s) => s.signedAt).sort();
  // A rendition's own credentials are read from its file; the manifest records the main video's.
  const credentials =
    (file.rendition ? undefined : recordedCredentials(manifest)) ??
    (await contentCredentialsOf(db, { ...record, videoSha256: sha256 }, assets, file.rendition?.file));
  return {
    sha256,
    kind: 'genuine',
    ...(file.rendition ? { rendition: renditionFacts(file.rendition) } : {}),
    status: record.status,
    ...(record.statusReason ? { statusReason: record.statusReason } : {}),
    ...(record.replacedBy ? { replacedBy: record.replacedBy } : {}),
    statusChangedAt: record.updatedAt,
    publishedAt: manifest.createdAt,
    campaignTitle: campaign?.title ?? record.campaignId,
    ...(campaign?.brief.agency ? { agency: campaign.brief.agency } : {}),
    audience: segment?.label ?? record.segmentId,
    ...(language ? { language } : {}),
    reviews: { count: reviewTimes.length, ...(reviewTimes.length ? { lastAt: reviewTimes.at(-1)! } : {}) },
    claims: await Promise.all(manifest.claims.map((c) => checkedClaim(db, c, language))),
    ...(credentials ? { contentCredentials: credentials } : {}),
  };
}

async function checkedClaim(
  db: Queryable,
  claim: SignedManifest['claims'][number],
  language: string | undefined,
): Promise<CheckedClaim> {
  // The exact version the signed manifest names: a later rewording of the claim is not what the video says.
  const data = await getClaimVersion(db, claim.id, claim.sha256);
  const text = data && (language ? data.text[language] : undefined);
  return { id: claim.id, source: claim.source, ...(text ? { text } : {}) };
}

/** The credentials the signed manifest records (read back from the file after embedding, before it was hashed). */
function recordedCredentials(manifest: SignedManifest): ContentCredentials | undefined {
  const cc = manifest.contentCredentials;
  if (!cc) return undefined;
  return {
    source: 'manifest',
    present: true,
    valid: true,
    development: cc.development,
    signer: cc.signer,
    ...(cc.issuer ? { issuer: cc.issuer } : {}),
    aiGenerated: cc.aiGenerated,
  };
}

// Content Credentials of given bytes never change: a fingerprint's credentials are read once (a bounded cache). That no
// copy was found is kept a minute only (a file may arrive), yet long enough that repeated visits hash nothing.
const credentialsCache = new Map<string, { found?: ContentCredentials; until: number }>();
const CREDENTIALS_CACHE_SIZE = 500;
const NOT_FOUND_MS = 60_000;

/**
 * The Content Credentials embedded in the agency's own copy of the video (the rendered file, else the asset store's):
 * a file with the same SHA-256 is the same bytes, so the visitor's file carries exactly these. Undefined when no copy
 * with this fingerprint is at hand; the visitor's file itself never reaches the server.
 */
async function contentCredentialsOf(
  db: Queryable,
  record: { videoSha256: string; campaignId: string; segmentId: string },
  assets: AssetStore,
  /** The file's name in the asset store: `video.mp4`, or a rendition's. */
  fileName = 'video.mp4',
): Promise<ContentCredentials | undefined> {
  const { videoSha256: sha256, campaignId, segmentId } = record;
  const cached = credentialsCache.get(sha256);
  if (cached && cached.until > Date.now()) return cached.found;
  const candidates = [
    ...(await videoPathsBySha256(db, campaignId, segmentId, sha256)).map((path) => basename(path)),
    fileName,
  ].map((name) => segmentKey(campaignId, segmentId, name));
  let found: ContentCredentials | undefined;
  for (const key of new Set(candidates)) {
    const stored = await assets.head(key).catch(() => undefined);
    if (!stored || (stored.sha256 !== undefined && stored.sha256 !== sha256)) continue;
    // A store that fails mid-read leaves the credentials unknown for now (the page still shows the signed record).
    const read = await withLocalCopy(assets, key, async (path) => {
      if (!path || (await hashVideo(path)).sha256 !== sha256) return undefined;
      // Loaded on first use: the WebAssembly reader is not needed to serve any other page.
      const { readContentCredentials } = await import('../../video/provenance/c2pa.ts');
      return readContentCredentials(path);
    }).catch(() => undefined);
    if (!read) continue;
    const { present, valid, trusted, signer, issuer, aiGenerated } = read;
    found = {
      source: 'file',
      present,
      valid,
      trusted,
      aiGenerated,
      ...(signer ? { signer } : {}),
      ...(issuer ? { issuer } : {}),
    };
    break;
  }
  if (credentialsCache.size >= CREDENTIALS_CACHE_SIZE) credentialsCache.delete(credentialsCache.keys().next().value!);
  credentialsCache.set(sha256, { ...(found ? { found } : {}), until: found ? Infinity : Date.now() + NOT_FOUND_MS });
  return found;
}
