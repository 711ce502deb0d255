// createActivitiesByQueue(deps): every activity, grouped by the task queue that runs it, and each queue's type.
import { createBackTranslationActivities } from './back-translation.ts';
import { createCheckActivities } from './checks.ts';
import type { ActivityDeps } from './deps.ts';
import { createPublishActivities } from './publish.ts';
import { createRevocationActivities } from './revocation.ts';
import { createScriptActivities } from './scripts.ts';
import { createSegmentFanOutActivities } from './segment-fanout.ts';
import { createSegmentationActivities } from './segmentation.ts';
import { createStoreActivities } from './store.ts';
import { createVideoActivities } from './videos.ts';
import { createWithdrawalActivities } from './withdrawal.ts';

/** Activities per task queue: a worker polling a queue registers only that queue's activities. */
export function createActivitiesByQueue(deps: ActivityDeps) {
  return {
    orchestration: {
      ...createStoreActivities(deps),
      ...createCheckActivities(deps),
      ...createRevocationActivities(deps),
      ...createWithdrawalActivities(deps),
      ...createSegmentationActivities(deps),
      ...createSegmentFanOutActivities(),
    },
    llm: { ...createScriptActivities(deps), ...createBackTranslationActivities(deps) },
    video: createVideoActivities(deps),
    publish: createPublishActivities(deps),
  };
}

type ActivitiesByQueue = ReturnType<typeof createActivitiesByQueue>;
/** The orchestration queue's activities (bookkeeping, checks, revocation, segmentation): the `store` proxy's type. */
export type OrchestrationActivities = ActivitiesByQueue['orchestration'];
/** The llm queue's activities (script drafting, back-translation): the `llm` proxy's type. */
export type LlmActivities = ActivitiesByQueue['llm'];
/** The video queue's activities (rendering, provider generation): the `video` proxy's type. */
export type VideoActivities = ActivitiesByQueue['video'];
/** The publish queue's activities (deliveries): the `publish` proxy's type. */
export type PublishActivities = ActivitiesByQueue['publish'];
/** Every activity on every queue, for stubbing in workflow tests. */
export type Activities = OrchestrationActivities & LlmActivities & VideoActivities & PublishActivities;
export type { ActivityDeps } from './deps.ts';
