// Tests that each activity proxy is typed with its own task queue's activities only, so a call on the wrong queue
// fails `tsc --noEmit` (this file is type-checked with the project); the runtime half checks the queues are disjoint.
import { describe, expect, it } from 'vitest';
import { createActivitiesByQueue, type ActivityDeps } from '../../activities/index.ts';
import type * as proxies from '../../workflows/activities.ts';

type Proxies = typeof proxies;

/** Never called: its body is checked by the compiler only. */
export function wrongQueueCalls(p: Proxies): unknown[] {
  return [
    // @ts-expect-error deliverToChannel runs on the publish queue
    p.llm.deliverToChannel,
    // @ts-expect-error draftScript runs on the llm queue
    p.store.draftScript,
    // @ts-expect-error renderVideo runs on the video queue
    p.publish.renderVideo,
    // @ts-expect-error setSegmentStatus runs on the orchestration queue
    p.video.setSegmentStatus,
    p.publish.deliverToChannel,
    p.llm.draftScript,
    p.video.renderVideo,
    p.store.setSegmentStatus,
  ];
}

describe('activity proxies per task queue', () => {
  it('register each activity on exactly one queue', () => {
    const byQueue = createActivitiesByQueue({ outDir: 'out' } as ActivityDeps);
    const names = Object.values(byQueue).flatMap((activities) => Object.keys(activities));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(byQueue.publish)).toContain('deliverToChannel');
    expect(Object.keys(byQueue.llm)).not.toContain('deliverToChannel');
  });
});
