// The provenance manifest beside each video: machine-readable AI marking (EU AI Act Art. 50) and what it came from.
import { join } from 'node:path';
import { writeFileAtomically } from './files.ts';

export const MANIFEST_SCHEMA = 'klartext.provenance/v1';
export const MANIFEST_FILE = 'manifest.json';

/** The disclosure stated in every manifest, in German and English like the on-screen label. */
export const AI_DISCLOSURE =
  'KI-generiert: Dieses Video wurde automatisch aus einem medizinisch geprüften Skript erzeugt. / ' +
  'AI-generated: this video was produced automatically from a medically reviewed script.';

/** IPTC digital source type per renderer: the local renderer draws slides by algorithm, without a trained model. */
const DIGITAL_SOURCE_TYPE = {
  local: 'http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia',
} as const;

/** One medical reviewer's sign-off of the script. */
export interface ReviewRecord {
  reviewer: string;
  decidedAt: string;
  reviewerId?: string;
  role?: string;
}

/** Facts the manifest records; hashes are SHA-256 hex. */
export interface ManifestInput {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
  claimIds: string[];
  /** The approving decision, or every approval when a campaign requires more than one. */
  review: ReviewRecord | ReviewRecord[];
  video: { sha256: string; durationSeconds: number; width: number; height: number };
  captionsSha256: string;
  renderer: keyof typeof DIGITAL_SOURCE_TYPE;
  generatedAt: string;
}

/** A provenance manifest (`klartext.provenance/v1`). */
export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  aiGenerated: true;
  disclosure: string;
  digitalSourceType: string;
  campaignId: string;
  segmentId: string;
  script: { sha256: string; claimIds: string[] };
  /** Approvals in the order given. */
  reviews: ReviewRecord[];
  video: { mimeType: 'video/mp4'; sha256: string; durationSeconds: number; width: number; height: number };
  captions: { mimeType: 'text/vtt'; sha256: string };
  renderer: ManifestInput['renderer'];
  generatedAt: string;
}

/** Builds the manifest for a rendered video; pure, so the same facts always give the same manifest. */
export function buildManifest(input: ManifestInput): Manifest {
  return {
    schema: MANIFEST_SCHEMA,
    aiGenerated: true,
    disclosure: AI_DISCLOSURE,
    digitalSourceType: DIGITAL_SOURCE_TYPE[input.renderer],
    campaignId: input.campaignId,
    segmentId: input.segmentId,
    script: { sha256: input.scriptSha256, claimIds: [...input.claimIds] },
    reviews: (Array.isArray(input.review) ? input.review : [input.review]).map((r) => ({ ...r })),
    video: { mimeType: 'video/mp4', ...input.video },
    captions: { mimeType: 'text/vtt', sha256: input.captionsSha256 },
    renderer: input.renderer,
    generatedAt: input.generatedAt,
  };
}

/** Writes `outDir/manifest.json` atomically (temp file + rename) and returns its path and SHA-256. */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<{ path: string; sha256: string }> {
  const path = join(outDir, MANIFEST_FILE);
  const sha256 = await writeFileAtomically(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return { path, sha256 };
}
