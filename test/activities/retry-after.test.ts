// The delivery retry schedule: exponential from seconds to hours, capped, and jittered so receivers are not stampeded.
import { describe, expect, it } from 'vitest';
import { jitteredDeliveryDelaySeconds } from '../../activities/retry-after.ts';

describe('jitteredDeliveryDelaySeconds', () => {
  it('grows from 5 s by a factor of 4 up to 5 hours when the jitter is neutral', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => jitteredDeliveryDelaySeconds(a, middle))).toEqual([
      5, 20, 80, 320, 1280, 5120, 18000, 18000, 18000,
    ]);
  });

  it('stays within ±20 % of the step, and at least a second', () => {
    expect(jitteredDeliveryDelaySeconds(3, () => 0)).toBe(64);
    expect(jitteredDeliveryDelaySeconds(3, () => 0.999999)).toBe(96);
    expect(jitteredDeliveryDelaySeconds(1, () => 0)).toBe(4);
    const spread = new Set(Array.from({ length: 50 }, (_, i) => jitteredDeliveryDelaySeconds(4, () => i / 50)));
    expect(spread.size).toBeGreaterThan(20);
  });
});
