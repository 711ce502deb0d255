// segmentUpload: builds a stored respondent file into the campaign's next segment set, on a worker (not in the API),
// and discardUpload removes the file once the workflow is done with it.
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getSegmentation, saveSegmentSet } from '../db/segment-set-repo.ts';
import { segmentFile } from '../segments/segment-file.ts';
import { parseSegmentationSpec } from '../segments/spec.ts';
import { parseStrategyRules } from '../segments/strategy.ts';
import { InputError } from '../shared/errors.ts';
import type { PrivacyReport } from '../segments/segmentation.ts';
import type { ActivityDeps } from './deps.ts';
import { keepAlive } from './keep-alive.ts';

/** One stored upload to segment. Only its path travels through Temporal: raw rows never enter a payload. */
export interface SegmentUploadInput {
  campaignId: string;
  /** Where the API stored the file; its folder holds nothing else and is removed afterwards. */
  path: string;
  sourceName: string;
  sourceSha256: string;
  /** Mask PII found in free-text columns instead of refusing the file. */
  redact: boolean;
  createdBy: string;
}

/** The stored segment set: its version, the aggregate privacy report and how many segments it holds. */
export interface SegmentUploadResult {
  campaignId: string;
  version: number;
  report: PrivacyReport;
  segments: number;
}

export function createSegmentationActivities({ pool }: ActivityDeps) {
  return {
    /**
     * Segments the uploaded file under the campaign's current spec and stores the result as a new version.
     * @throws InputError (file:line:column, no respondent values) for a refused file or a campaign no longer a draft.
     */
    async segmentUpload(input: SegmentUploadInput): Promise<SegmentUploadResult> {
      const { campaignId } = input;
      const segmentation = await getSegmentation(pool, campaignId);
      if (!segmentation) throw new InputError(`Campaign ${campaignId} has no segmentation spec.`);
      const spec = parseSegmentationSpec(segmentation.specText, 'segmentation.yaml');
      const strategyRules = segmentation.strategyText
        ? parseStrategyRules(segmentation.strategyText, 'strategy.yaml')
        : undefined;
      const result = await keepAlive(() =>
        segmentFile({ path: input.path, spec, redact: input.redact, strategyRules }),
      );
      const version = await saveSegmentSet(pool, {
        campaignId,
        sourceName: input.sourceName,
        sourceSha256: input.sourceSha256,
        specSha256: segmentation.specSha256,
        spec,
        result: {
          segments: result.segments,
          report: result.report,
          concerns: result.concerns,
          redacted: result.redacted,
        },
        createdBy: input.createdBy,
        segments: result.pipeline.map((p, i) => ({ ...p, profile: { ...result.segments[i], strategy: p.strategy } })),
      });
      if (version === undefined)
        throw new InputError(`Campaign ${campaignId} was launched meanwhile; its segments are fixed.`);
      return { campaignId, version, report: result.report, segments: result.pipeline.length };
    },

    /** Removes the uploaded file and its folder: raw rows live only until their segmentation has finished. */
    async discardUpload(input: Pick<SegmentUploadInput, 'path'>): Promise<void> {
      await rm(dirname(input.path), { recursive: true, force: true });
    },
  };
}
