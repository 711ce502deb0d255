// segmentUploadWorkflow: an uploaded respondent file segmented on a worker, then the file removed whatever happened.
import { CancellationScope } from '@temporalio/workflow';
import type { SegmentUploadInput, SegmentUploadResult } from '../activities/segmentation.ts';
import { segmentation, store } from './activities.ts';

/** Segments the stored upload into the campaign's next segment set; the upload is discarded afterwards. */
export async function segmentUploadWorkflow(input: SegmentUploadInput): Promise<SegmentUploadResult> {
  try {
    return await segmentation.segmentUpload(input);
  } finally {
    // Raw rows must not outlive their segmentation, also when it failed, gave up retrying or was cancelled.
    await CancellationScope.nonCancellable(() => store.discardUpload({ path: input.path, key: input.key }));
  }
}
