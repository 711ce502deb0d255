// The JSON logger of serve and worker, and the Temporal SDK runtime's logs routed through it (this file's own process
// installs the runtime, so no other suite's logger is in the way).
import { Runtime } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createLogger, installSdkLoggerInto } from '../../config/logger.ts';

function collecting(level: 'debug' | 'info' | 'warn') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { level, format: 'json', base: { process: 'worker' } },
    {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    },
  );
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the level as a word, an ISO time and the message', () => {
    const { logger, lines } = collecting('info');
    logger.info({ campaignId: 'c1' }, 'campaign started');
    logger.debug('below the level');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', process: 'worker', campaignId: 'c1', msg: 'campaign started' });
    expect(new Date(String(lines[0]!.time)).toISOString()).toBe(lines[0]!.time);
  });
});

describe('installSdkLoggerInto', () => {
  it('routes the SDK runtime logger, with activity context, campaign and segment, through the JSON logger', () => {
    const { logger, lines } = collecting('info');
    installSdkLoggerInto(logger);
    // What an activity's `log.warn(…)` reaches: the runtime logger, with the SDK's activity metadata attached.
    Runtime.instance().logger.warn('provider slow', {
      sdkComponent: 'activity',
      workflowId: 'campaign/c7/segment/s3',
      workflowType: 'segmentWorkflow',
      activityType: 'renderVideo',
      activityId: '12',
      attempt: 2,
      namespace: 'default',
      workflowInfo: { taskQueue: 'video' },
    });
    Runtime.instance().logger.info('No workflows registered, not polling for workflow tasks');
    Runtime.instance().logger.debug('below the level');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'provider slow',
        component: 'temporal',
        campaignId: 'c7',
        segmentId: 's3',
        workflowId: 'campaign/c7/segment/s3',
        activityType: 'renderVideo',
        attempt: 2,
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('workflowInfo');
  });
});
