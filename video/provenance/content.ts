// Gathers what a signed manifest states about a video from the stored facts: claims, sign-offs, generator.
import { InputError } from '../../shared/errors.ts';
import type { NarrationInfo } from '../../shared/narration.ts';
import type { SignatureRecord, VideoReviewRecord } from '../../shared/sign-offs.ts';
import type { Claim } from '../../shared/types.ts';
import { AI_DISCLOSURE } from '../render/manifest.ts';
import { SIGNED_MANIFEST_SCHEMA, type ProvenanceContent } from './manifest.ts';

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** The facts of one rendered video, as the writeManifest activity has them. */
export interface ProvenanceFacts {
  campaignId: string;
  segmentId: string;
  video: { sha256: string; sizeBytes: number; durationSeconds: number };
  scriptSha256: string;
  /** Claim ids the script cites. */
  citedClaimIds: readonly string[];
  /** The campaign's claim versions (`listCampaignClaims`), each with the SHA-256 its version is stored under. */
  claims: readonly (Claim & { sha256: string })[];
  /** The segment's signatures (`listSignatures`); only those over `scriptSha256` are stated. */
  signatures: readonly SignatureRecord[];
  generator: ProvenanceContent['generator'];
  /** Signed acceptances of the video check (`listVideoReviews`); only those over `video.sha256` are stated. */
  videoAcceptances?: readonly VideoReviewRecord[];
  /** SHA-256 of the companion files (captions, descriptions, transcripts) by file name. */
  files?: ProvenanceContent['files'];
  /** What spoke the narration, as recorded with the render; absent for videos rendered before it was recorded. */
  narration?: NarrationInfo;
  /** The embedded Content Credentials as read back from the file; absent when it carries none. */
  contentCredentials?: ProvenanceContent['contentCredentials'];
  /** The video's further renditions (other frame formats), each file with its SHA-256; absent: none. */
  renditions?: ProvenanceContent['renditions'];
  createdAt: string;
  /** IPTC digital source type; by default `algorithmicMedia` for the local renderer, else `trainedAlgorithmicMedia`. */
  digitalSourceType?: string;
}

/**
 * Builds the unsigned manifest content; pure, so the same facts give the same content.
 * @throws InputError when a cited claim is not among the campaign's claims or no one signed this script.
 */
export function buildProvenanceContent(facts: ProvenanceFacts): ProvenanceContent {
  const claims = [...new Set(facts.citedClaimIds)].sort().map((id) => {
    const claim = facts.claims.find((c) => c.id === id);
    if (!claim) throw new InputError(`Claim ${id} is cited by script ${facts.scriptSha256} but not in the campaign.`);
    const { title, publisher, url, date } = claim.source;
    return { id, sha256: claim.sha256, source: { title, publisher, url, date } };
  });
  // Earlier review rounds signed earlier script versions; the manifest vouches only for sign-offs of this one.
  const signatures = facts.signatures
    .filter((s) => s.scriptSha256 === facts.scriptSha256)
    .map((s) => ({
      reviewer: s.reviewerName,
      reviewerId: s.reviewerId,
      role: s.role,
      meaning: s.meaning,
      signedAt: s.signedAt,
      contentSha256: s.contentSha256,
    }));
  if (signatures.length === 0) throw new InputError(`No medical sign-off of script ${facts.scriptSha256} is recorded.`);
  const videoAcceptances = (facts.videoAcceptances ?? [])
    .filter((v) => v.decision === 'ACCEPTED' && v.videoSha256 === facts.video.sha256 && v.meaning && v.contentSha256)
    .map((v) => ({
      reviewer: v.reviewerName,
      reviewerId: v.reviewerId,
      role: v.role,
      meaning: v.meaning!,
      signedAt: v.decidedAt,
      contentSha256: v.contentSha256!,
    }));
  const sourceType =
    facts.generator.renderer === 'local' && !facts.generator.videoProvider
      ? 'algorithmicMedia'
      : 'trainedAlgorithmicMedia';
  return {
    schema: SIGNED_MANIFEST_SCHEMA,
    aiGenerated: true,
    disclosure: AI_DISCLOSURE,
    digitalSourceType: facts.digitalSourceType ?? `${IPTC}${sourceType}`,
    campaignId: facts.campaignId,
    segmentId: facts.segmentId,
    video: { mimeType: 'video/mp4', ...facts.video },
    script: { sha256: facts.scriptSha256 },
    claims,
    signatures,
    generator: { ...facts.generator },
    ...(facts.files && Object.keys(facts.files).length > 0 ? { files: { ...facts.files } } : {}),
    ...(videoAcceptances.length > 0 ? { videoAcceptances } : {}),
    ...(facts.narration ? { narration: { ...facts.narration, voices: { ...facts.narration.voices } } } : {}),
    ...(facts.contentCredentials ? { contentCredentials: { ...facts.contentCredentials } } : {}),
    ...(facts.renditions?.length ? { renditions: facts.renditions.map((r) => ({ ...r })) } : {}),
    createdAt: facts.createdAt,
  };
}
