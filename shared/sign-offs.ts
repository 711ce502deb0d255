// What a recorded sign-off holds: stored by db/, stated in signed manifests by video/provenance/.

/** A script approval's signature: who signed what meaning over which script and claim versions. */
export interface SignatureRecord {
  campaignId: string;
  segmentId: string;
  round: number;
  reviewerId: string;
  reviewerName: string;
  role: string;
  meaning: string;
  scriptSha256: string;
  claimSetSha256: string;
  contentSha256: string;
  signedAt: string;
}

/** A decision of the video check; acceptances carry the signed meaning and content hash. */
export interface VideoReviewRecord {
  campaignId: string;
  segmentId: string;
  attempt: number;
  reviewerId: string;
  reviewerName: string;
  role: string;
  decision: 'ACCEPTED' | 'RERENDER_REQUESTED';
  comment: string;
  videoSha256: string;
  scriptSha256: string;
  generationKey: string;
  /** Acceptances only: the signed meaning and the SHA-256 over what was signed. */
  meaning?: string;
  contentSha256?: string;
  decidedAt: string;
}
