import { describe, expect, it } from 'vitest';
import type { AudienceSegment, ConcernShare } from '../../segments/segmentation.ts';
import {
  DEFAULT_STRATEGY_RULES,
  parseStrategyRules,
  planStrategy,
  resolveStrategyRules,
  toPipelineSegment,
} from '../../segments/strategy.ts';
import { inputErrorMessage } from './helpers.ts';

const share = (label: string, value: number | null): ConcernShare =>
  value === null
    ? {
        label,
        share: null,
        weightedYes: null,
        weightedDenominator: null,
        denominator: null,
        withheld: 'small-denominator',
      }
    : { label, share: value, weightedYes: value * 100, weightedDenominator: 100, denominator: 40 };

function segment(dimensions: Record<string, string>, concerns: Record<string, number | null>): AudienceSegment {
  return {
    id: 'seg_0123456789abcdef',
    label: Object.values(dimensions).join(', '),
    dimensions,
    levels: Object.fromEntries(Object.keys(dimensions).map((d) => [d, 'detail'])),
    size: 40,
    population: 4000,
    concerns: Object.fromEntries(Object.entries(concerns).map(([id, v]) => [id, share(id, v)])),
    fiveC: {},
    generalisation: 'not generalised',
    flags: [],
  };
}

describe('planStrategy', () => {
  it('answers the most widely held concerns first, each with its 5C dimension and approach', () => {
    const s = segment({ age: '30-44' }, { cost: 0.2, 'side-effects': 0.55, 'not-needed': 0.3, other: 0.05 });
    const strategy = planStrategy(s);
    expect(strategy.concerns.map((c) => [c.id, c.fiveC])).toEqual([
      ['side-effects', 'confidence'],
      ['not-needed', 'complacency'],
      ['cost', 'constraints'],
    ]);
    expect(strategy.concerns[0]?.approach).toMatch(/^myth-busting and transparent risk/);
    expect(strategy.concerns[1]?.approach).toMatch(/^disease risk/);
    expect(strategy.concerns[2]?.approach).toMatch(/^where, how, when, what it costs/);
    expect(strategy).toMatchObject({
      readingLevel: 'standard',
      language: 'de',
      tone: DEFAULT_STRATEGY_RULES.tones.confidence,
    });
  });

  it('maps calculation and collective responsibility concerns to evidence detail and protecting others', () => {
    const strategy = planStrategy(segment({}, { 'wait-and-see': 0.4, 'others-need-more': 0.3 }));
    expect(strategy.concerns.map((c) => [c.fiveC, c.approach.split(':')[0]])).toEqual([
      ['calculation', 'evidence detail'],
      ['collectiveResponsibility', 'protecting others'],
    ]);
  });

  it('uses plain language for the oldest groups and low literacy, with a shorter format', () => {
    expect(planStrategy(segment({ age: '75+' }, { cost: 0.3 }))).toMatchObject({
      readingLevel: 'plain',
      format: expect.stringMatching(/^short explainer video/),
    });
    expect(planStrategy(segment({ education: 'high-school-or-less' }, { cost: 0.3 })).readingLevel).toBe('plain');
    expect(planStrategy(segment({ age: '45+' }, { cost: 0.3 })).readingLevel).toBe('standard');
  });

  it('skips withheld shares and falls back to the top concern when none reaches the minimum share', () => {
    const strategy = planStrategy(segment({}, { cost: null, 'side-effects': 0.04, other: 0.02 }));
    expect(strategy.concerns.map((c) => c.id)).toEqual(['side-effects']);
  });

  it('takes the language from a language dimension', () => {
    expect(planStrategy(segment({ language: 'tr' }, { access: 0.5 })).language).toBe('tr');
  });

  it('applies campaign overrides before the defaults', () => {
    const rules = resolveStrategyRules({
      defaultLanguage: 'en',
      maxConcerns: 1,
      concernMap: { other: { fiveC: 'calculation', approach: 'ask what holds them back' } },
      readingLevel: [{ when: { dimension: 'age', in: ['65+'] }, then: 'standard' }],
      tone: [{ when: { concern: 'other', minShare: 0.5 }, then: 'curious' }],
    });
    const strategy = planStrategy(segment({ age: '65+' }, { other: 0.6, cost: 0.2 }), rules);
    expect(strategy).toMatchObject({ language: 'en', readingLevel: 'standard', tone: 'curious' });
    expect(strategy.concerns).toEqual([
      { id: 'other', label: 'other', share: 0.6, fiveC: 'calculation', approach: 'ask what holds them back' },
    ]);
    expect(rules.concernMap['side-effects']).toEqual({ fiveC: 'confidence' });
    expect(strategy.reasons).toContain('reading level standard: rule {"dimension":"age","in":["65+"]}');
  });
});

describe('parseStrategyRules', () => {
  it('reads overrides from YAML and refuses a bad rule at its line', () => {
    const rules = parseStrategyRules(
      'defaultLanguage: en\nformat:\n  - { when: { readingLevel: plain }, then: audio }\n',
      'r.yaml',
    );
    expect(rules.format.map((r) => r.then)).toEqual(['audio', DEFAULT_STRATEGY_RULES.format[0]?.then]);
    const bad = 'readingLevel:\n  - when: { dimension: age, in: [75+] }\n    then: simple\n';
    expect(inputErrorMessage(() => parseStrategyRules(bad, 'r.yaml'))).toBe(
      'r.yaml:3:11: readingLevel[0].then: must be easy, plain, standard, professional',
    );
  });
});

describe('toPipelineSegment', () => {
  it('converts to the pipeline segment with ordered concerns, tags and the strategy attached', () => {
    const s = segment({ age: '65+', sex: 'any' }, { cost: 0.2, 'side-effects': 0.5 });
    s.levels.sex = 'any';
    s.flags = ['homogeneous:cost'];
    const strategy = planStrategy(s);
    expect(toPipelineSegment(s, strategy)).toEqual({
      id: 'seg_0123456789abcdef',
      label: '65+, any',
      language: 'de',
      readingLevel: 'plain',
      size: 40,
      concerns: ['side-effects', 'cost'],
      tags: ['age-65plus', '5c-confidence', '5c-constraints', 'homogeneous-cost'],
      strategy,
    });
  });
});
