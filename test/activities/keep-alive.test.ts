// Long activities without progress of their own heartbeat while they run, so a dead worker is noticed quickly.
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { keepAlive, KEEP_ALIVE_MS } from '../../activities/keep-alive.ts';
import { LLM_OPTIONS, SEGMENTATION_OPTIONS } from '../../workflows/activities.ts';

const ms = (d: unknown): number => {
  const m = /^(\d+) seconds$/.exec(String(d));
  if (!m) throw new Error(`unexpected duration ${String(d)}`);
  return Number(m[1]) * 1000;
};

describe('keepAlive', () => {
  it('heartbeats while the work runs inside an activity, and stops when it ends', async () => {
    const env = new MockActivityEnvironment();
    let beats = 0;
    let firstBeat!: () => void;
    const beaten = new Promise<void>((resolve) => (firstBeat = resolve));
    env.on('heartbeat', () => {
      beats++;
      firstBeat();
    });
    const result = await env.run(() => keepAlive(() => beaten.then(() => 'drafted'), 5));
    expect(result).toBe('drafted');
    const after = beats;
    await new Promise((r) => setTimeout(r, 30));
    expect(beats).toBe(after);
  });

  it('just runs the work when called outside an activity', async () => {
    await expect(keepAlive(async () => 42)).resolves.toBe(42);
  });

  it('passes the work’s failure through unchanged', async () => {
    const env = new MockActivityEnvironment();
    await expect(env.run(() => keepAlive(() => Promise.reject(new Error('model down'))))).rejects.toThrow('model down');
  });

  it('beats well within the heartbeat timeout of drafting and segmentation', () => {
    for (const options of [LLM_OPTIONS, SEGMENTATION_OPTIONS]) {
      expect(options.heartbeatTimeout).toBeDefined();
      expect(KEEP_ALIVE_MS * 2).toBeLessThanOrEqual(ms(options.heartbeatTimeout));
    }
  });
});
