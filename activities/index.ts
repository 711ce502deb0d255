// createActivities(deps): every activity, grouped by the task queue that runs it.
import { createCheckActivities } from './checks.ts';
import type { ActivityDeps } from './deps.ts';
import { createPublishActivities } from './publish.ts';
import { createRevocationActivities } from './revocation.ts';
import { createScriptActivities } from './scripts.ts';
import { createStoreActivities } from './store.ts';
import { createVideoActivities } from './videos.ts';

/** Activities per task queue: a worker polling a queue registers only that queue's activities. */
export function createActivitiesByQueue(deps: ActivityDeps) {
  return {
    orchestration: {
      ...createStoreActivities(deps),
      ...createCheckActivities(deps),
      ...createRevocationActivities(deps),
    },
    llm: createScriptActivities(deps),
    video: createVideoActivities(deps),
    publish: createPublishActivities(deps),
  };
}

/** All activities, for workflows' `proxyActivities<Activities>()` typing. */
export function createActivities(deps: ActivityDeps) {
  const byQueue = createActivitiesByQueue(deps);
  return { ...byQueue.orchestration, ...byQueue.llm, ...byQueue.video, ...byQueue.publish };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps.ts';
