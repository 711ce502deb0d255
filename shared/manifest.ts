// The signed provenance manifest's shape (`klartext.provenance/v2`): signed in video/provenance, stored by db/.
import type { NarrationInfo } from './narration.ts';
import type { RenditionFile } from './renditions.ts';

export const SIGNED_MANIFEST_SCHEMA = 'klartext.provenance/v2';

/** A claim the script cites: the exact version (SHA-256 of its canonical JSON) and its source. */
export interface ManifestClaim {
  id: string;
  sha256: string;
  source: { title: string; publisher: string; url: string; date: string };
}

/** One medical sign-off of the script, as recorded in the signatures table. */
export interface ManifestSignature {
  reviewer: string;
  reviewerId: string;
  role: string;
  meaning: string;
  signedAt: string;
  contentSha256: string;
}

/** Everything the agency vouches for about one video; hashes are SHA-256 hex. */
export interface ProvenanceContent {
  schema: typeof SIGNED_MANIFEST_SCHEMA;
  aiGenerated: true;
  disclosure: string;
  digitalSourceType: string;
  campaignId: string;
  segmentId: string;
  video: { mimeType: 'video/mp4'; sha256: string; sizeBytes: number; durationSeconds: number };
  script: { sha256: string };
  claims: ManifestClaim[];
  signatures: ManifestSignature[];
  /** `local` (slides) or `footage` (post-production over `videoProvider`'s clips made with `videoModel`). */
  generator: {
    renderer: string;
    videoProvider?: string;
    videoModel?: string;
    scriptProvider: string;
    scriptModel?: string;
    /** The ffmpeg that encoded the video; optional within v2 (absent for videos rendered before it was recorded). */
    ffmpeg?: FfmpegInfo;
  };
  /**
   * SHA-256 of the files published beside the video (`captions.vtt`, `descriptions.vtt`, `transcript.html`,
   * `transcript.txt`), by name. Optional within v2: manifests signed before it was added verify unchanged.
   */
  files?: Record<string, { sha256: string }>;
  /**
   * The video check: who accepted exactly these video bytes for publication, signed like the script sign-off.
   * Optional within v2, like `files`.
   */
  videoAcceptances?: ManifestSignature[];
  /**
   * What spoke the narration: engine (system eSpeak NG, its npm WebAssembly build, or `silent` as configured), its
   * version, binary or package, and the voice per language. Optional within v2, like `files`.
   */
  narration?: NarrationInfo;
  /**
   * The Content Credentials (C2PA) embedded in the video, as read back from it after embedding. Optional within v2
   * (absent for videos rendered before they were embedded).
   */
  contentCredentials?: ManifestContentCredentials;
  /**
   * The same video in further frame formats (16:9, 9:16, 1:1, with or without burned-in captions): each file's id,
   * size, name and SHA-256, each with its own Content Credentials. Optional within v2 (absent: the main video only).
   */
  renditions?: RenditionFile[];
  createdAt: string;
}

/**
 * Which file of a signed manifest has these bytes: the main video (`rendition` absent) or one of its renditions.
 * Undefined when the manifest speaks for no file with this SHA-256.
 */
export function manifestFileFor(
  content: Pick<ProvenanceContent, 'video' | 'renditions'>,
  sha256: string,
): { rendition?: RenditionFile } | undefined {
  if (content.video.sha256 === sha256) return {};
  // The content may come from an unverified file: anything but a list of renditions lists none.
  const rendition = Array.isArray(content.renditions)
    ? content.renditions.find((r) => r && typeof r === 'object' && r.sha256 === sha256)
    : undefined;
  return rendition && { rendition };
}

/** Who signed a video's embedded C2PA manifest and what it marks; `development`: the generated, untrusted certificate. */
export interface ManifestContentCredentials {
  signer: string;
  issuer?: string;
  development: boolean;
  aiGenerated: boolean;
  digitalSourceType?: string;
}

/** Which ffmpeg encoded a video: its own version string and where it came from (never a machine's path). */
export interface FfmpegInfo {
  version: string;
  /** `system` (PATH), `configured` (KLARTEXT_FFMPEG_PATH), `imageio-ffmpeg` (PyPI, project cache) or `npm`. */
  source: 'system' | 'configured' | 'imageio-ffmpeg' | 'npm';
}

/** A manifest as written beside the video and stored in the database. */
export interface SignedManifest extends ProvenanceContent {
  signature: { alg: 'Ed25519'; keyId: string; value: string };
}
