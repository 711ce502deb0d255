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
import { withLocalCopy } from '../storage/asset-store.ts';
import { assetStoreOf, type ActivityDeps } from './deps.ts';
import { keepAlive } from './keep-alive.ts';

/** One stored upload to segment. Only its name travels through Temporal: raw rows never enter a payload. */
export interface SegmentUploadInput {
  campaignId: string;
  /** Its key in the asset store (`.uploads/<uploadId>/<name>`), removed afterwards. */
  key?: string;
  /** Where the API wrote the file on a shared disk (uploads before the asset store; the local store's own file). */
  path?: string;
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

export function createSegmentationActivities(deps: ActivityDeps) {
  const { pool } = deps;
  const assets = assetStoreOf(deps);
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
      const segment = (path: string | undefined) => {
        if (!path) throw new InputError(`The upload of ${input.sourceName} is gone; upload the file again.`);
        return keepAlive(() => segmentFile({ path, spec, redact: input.redact, strategyRules }));
      };
      const result = input.key ? await withLocalCopy(assets, input.key, segment) : await segment(input.path);
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
    async discardUpload(input: Pick<SegmentUploadInput, 'path' | 'key'>): Promise<void> {
      if (input.key) await assets.delete(input.key);
      if (input.path) await rm(dirname(input.path), { recursive: true, force: true });
    },
  };
}
