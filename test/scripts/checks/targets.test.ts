import { describe, expect, it } from 'vitest';
import { describeCheck, evaluateTargets, scoreLabel } from '../../../scripts/checks/targets.ts';

describe('evaluateTargets', () => {
  it('reports each limit with how far a score misses it', () => {
    const result = { lang: 'de', sentences: 10, words: 107, scores: { fre: 59.41, wstf: 7.15 } };
    const checks = evaluateTargets(result, { fre: { min: 60 }, wstf: { max: 7 } });
    expect(checks).toEqual([
      { score: 'fre', value: 59.41, min: 60, met: false, by: 0.59 },
      { score: 'wstf', value: 7.15, max: 7, met: false, by: 0.15 },
    ]);
    expect(describeCheck(checks[0]!, 'de')).toBe('Flesch reading ease (Amstad) 59.41 (target: at least 60)');
  });
});

describe('scoreLabel', () => {
  it("names Amstad's formula for German and Flesch's for English", () => {
    expect(scoreLabel('fre', 'de')).toBe('Flesch reading ease (Amstad)');
    expect(scoreLabel('fre', 'en')).toBe('Flesch reading ease');
  });
});
