// The plan's narration cost with an audio/speech voice: priced per second under `openai-speech`, unknown without it.
import { describe, expect, it } from 'vitest';
import { mergePriceTable } from '../../../config/price-table.ts';
import { loadTemplates } from '../../../prompts/templates.ts';
import { planCampaign, type PlanInput } from '../../../services/plan.ts';
import { DEFAULT_PRICE_TABLE } from '../../../shared/price-table.ts';
import type { Claim } from '../../../shared/types.ts';
import { testBrief, testSegment } from '../../support/fixtures.ts';

const claim: Claim = {
  id: 'drink-water',
  text: { de: 'Trinken Sie über den Tag verteilt genug Wasser.' },
  topics: ['water'],
  source: { title: 'Quelle', publisher: 'Amt', url: 'https://example.org/q', date: '2026-01-01' },
  status: 'active',
};
const input = (prices = DEFAULT_PRICE_TABLE): PlanInput => ({
  campaign: {
    brief: testBrief({ callToAction: { de: 'Rufen Sie an.' } }),
    segments: [testSegment('north', { concerns: ['water'] })],
    claims: [claim],
  },
  providers: { script: 'local', video: 'local', narration: 'openai' },
  prices,
  templates: loadTemplates().sources,
  today: '2026-06-01',
});

describe('planCampaign with openai narration', () => {
  it('prices narration seconds at the table’s openai-speech price', () => {
    const plan = planCampaign(input(mergePriceTable({ narrationPerSecond: { 'openai-speech': 0.01 } })));
    expect(plan.totals.narrationSeconds).toBeGreaterThan(0);
    expect(plan.cost.narration).toBe(Math.round(plan.totals.narrationSeconds * 0.01 * 100) / 100);
    expect(plan.warnings).toEqual([]);
  });

  it('reports the narration cost as unknown, naming the missing price, without one', () => {
    const plan = planCampaign(input());
    expect(plan.cost).toMatchObject({ narration: null, total: null });
    expect(plan.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^no price for narration engine 'openai-speech' in the price table/),
    ]);
  });
});
