// What a retraction reaches: one endorsed video and the channels that may hold a copy of it.

/** One endorsed video to retract, and the channels that may hold a copy. */
export interface RevocationTarget {
  segmentId: string;
  videoSha256: string;
  generationKey: string;
  channelIds: string[];
}
