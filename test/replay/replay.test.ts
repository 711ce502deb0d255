// Safe workflow changes: every recorded run (test/replay/histories) replays against the current workflow code. A
// change that would make a waiting campaign's next workflow task take another path (a non-deterministic change)
// fails here, before it reaches a worker; such a change goes behind patched() instead (see the README).
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import * as registered from '../../workflows/index.ts';
import { installSdkLogger } from '../../config/logging.ts';
import { decodeHistory, encodeHistory, fixtureDataConverter, loadRecordedRuns, type RecordedRun } from './histories.ts';

installSdkLogger();

let runs: { file: string; run: RecordedRun }[];
beforeAll(async () => {
  runs = await loadRecordedRuns();
});

async function replay(items: { file: string; run: RecordedRun }[]): Promise<string[]> {
  const byId = new Map(items.map((i) => [`${i.run.workflowId}#${i.run.runId}`, i.file]));
  const histories = items.map(({ run }) => ({
    workflowId: `${run.workflowId}#${run.runId}`,
    history: decodeHistory(run),
  }));
  const failures: string[] = [];
  const results = Worker.runReplayHistories(
    { workflowBundle: { code: inject('workflowBundleCode') }, dataConverter: await fixtureDataConverter() },
    histories,
  );
  for await (const result of results) {
    if (result.error) failures.push(`${byId.get(result.workflowId)}: ${result.error.message}`);
  }
  return failures;
}

describe('recorded workflow histories', () => {
  it('hold runs of every workflow the worker registers', () => {
    const recorded = new Set(runs.map((r) => r.run.workflowType));
    expect(Object.keys(registered).filter((type) => !recorded.has(type))).toEqual([]);
  });

  it('replay against the current workflow code without a non-determinism error', async () => {
    expect(runs.length).toBeGreaterThan(0);
    expect(await replay(runs)).toEqual([]);
  }, 300_000);

  it('catch a change in what a run does: a recorded run whose activity the code no longer schedules fails', async () => {
    const segment = runs.find((r) => r.run.workflowType === 'segmentWorkflow');
    expect(segment).toBeDefined();
    const history = decodeHistory(segment!.run);
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes?.activityType);
    expect(scheduled).toBeDefined();
    scheduled!.activityTaskScheduledEventAttributes!.activityType!.name = 'anActivityTheCodeNeverCalls';
    const changed = { ...segment!.run, history: encodeHistory(history) };
    const failures = await replay([{ file: 'edited', run: changed }]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/nondetermin|anActivityTheCodeNeverCalls/i);
  }, 120_000);
});
