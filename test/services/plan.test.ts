// planCampaign and the price table: scripts, videos, provider seconds, cost, time and problems, without side effects.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { loadPriceTable, mergePriceTable, parsePriceTable } from '../../config/price-table.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { planCampaign, planConcurrency, type PlanInput } from '../../services/plan.ts';
import { DEFAULT_PRICE_TABLE } from '../../shared/price-table.ts';
import type { Claim } from '../../shared/types.ts';
import { testBrief, testSegment } from '../support/fixtures.ts';

const claim = (id: string, topic: string, text: string): Claim => ({
  id,
  text: { de: text },
  topics: [topic],
  source: { title: 'Quelle', publisher: 'Amt', url: 'https://example.org/q', date: '2026-01-01' },
  status: 'active',
});

const templates = loadTemplates().sources;
const campaign = {
  brief: testBrief({ callToAction: { de: 'Rufen Sie die Servicenummer an.' } }),
  segments: [
    testSegment('north', { concerns: ['water', 'shade'] }),
    testSegment('south', { concerns: ['shade'], readingLevel: 'standard' }),
  ],
  claims: [
    claim('drink-water', 'water', 'Trinken Sie über den Tag verteilt mindestens anderthalb Liter Wasser.'),
    claim('seek-shade', 'shade', 'Meiden Sie zur Mittagszeit die direkte Sonne und suchen Sie Schatten auf.'),
  ],
};
const input = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  campaign,
  providers: { script: 'local', video: 'local', narration: 'auto' },
  prices: DEFAULT_PRICE_TABLE,
  templates,
  today: '2026-06-01',
  ...overrides,
});

const sumOf = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

describe('planCampaign', () => {
  it('plans one script and one video per segment at no cost with the local providers', () => {
    const plan = planCampaign(input());
    expect(plan.segments.map((s) => [s.segmentId, s.providerSeconds, s.scriptTokens])).toEqual([
      ['north', 0, 0],
      ['south', 0, 0],
    ]);
    expect(plan.totals).toMatchObject({ segments: 2, scripts: 2, videos: 2, providerSeconds: 0, scriptTokens: 0 });
    expect(plan.totals.videoSeconds).toBe(plan.segments[0]!.videoSeconds + plan.segments[1]!.videoSeconds);
    expect(plan.totals.narrationSeconds).toBe(plan.totals.videoSeconds);
    expect(plan.cost).toEqual({ currency: 'EUR', video: 0, scripts: 0, narration: 0, total: 0 });
    expect(plan.problems).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it('plans variant B of a varied segment as a script and video of its own', () => {
    const variants = {
      split: 'channel' as const,
      segments: ['south'],
      channels: ['b-channel'],
      b: { name: 'shade-first', callToAction: { de: 'Fragen Sie in der Apotheke nach Sonnenschutz.' } },
    };
    const plan = planCampaign(input({ campaign: { ...campaign, brief: { ...campaign.brief, variants } } }));
    expect(plan.segments.map((s) => s.segmentId)).toEqual(['north', 'south', 'south.b']);
    expect(plan.totals).toMatchObject({ segments: 2, scripts: 3, videos: 3 });
    expect(plan.totals.videoSeconds).toBe(sumOf(plan.segments.map((s) => s.videoSeconds)));
    expect(plan.problems).toEqual([]);
    // A variant B whose call to action cannot be composed is a problem named by its own id.
    const broken = { ...variants, b: { ...variants.b, callToAction: { de: '' } } };
    const refused = planCampaign(input({ campaign: { ...campaign, brief: { ...campaign.brief, variants: broken } } }));
    expect(refused.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^segment 'south\.b': no script can be composed/),
    ]);
  });

  it('warns when variant B, an instruction only, would be the same script as A with the local composer', () => {
    const variants = {
      split: 'channel' as const,
      channels: ['b-channel'],
      b: { name: 'ask', instruction: 'Ask first.' },
    };
    const plan = planCampaign(input({ campaign: { ...campaign, brief: { ...campaign.brief, variants } } }));
    expect(plan.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^segment 'north\.b': variant B composes to the same script as 'north'/),
      expect.stringMatching(/^segment 'south\.b': variant B composes to the same script as 'south'/),
    ]);
    const model = planCampaign(
      input({
        campaign: { ...campaign, brief: { ...campaign.brief, variants } },
        providers: { script: 'openai', video: 'local', narration: 'auto' },
      }),
    );
    expect(model.warnings.filter((w) => w.message.includes('variant B'))).toEqual([]);
  });

  it("bills provider seconds per scene, rounded up to the provider's clip durations, at the table's price", () => {
    const prices = mergePriceTable({ videoPerSecond: { veo: 0.5 }, scriptPer1kTokens: { openai: 0.01 } });
    const plan = planCampaign(input({ providers: { script: 'openai', video: 'veo', narration: 'silent' }, prices }));
    for (const s of plan.segments) {
      expect(s.providerSeconds % 2).toBe(0);
      expect(s.providerSeconds).toBeGreaterThanOrEqual(4 * s.scenes);
      expect(s.providerSeconds).toBeLessThanOrEqual(8 * s.scenes);
      expect(s.narrationSeconds).toBe(0);
      expect(s.scriptTokens).toBeGreaterThan(1500);
    }
    expect(plan.cost.video).toBe(plan.totals.providerSeconds * 0.5);
    expect(plan.cost.scripts).toBeCloseTo((plan.totals.scriptTokens / 1000) * 0.01, 2);
    expect(plan.cost.total).toBe(Math.round((plan.cost.video! + plan.cost.scripts!) * 100) / 100);
    expect(plan.time.seconds).toBeGreaterThan((2 * 120) / 2);
  });

  it('reports the cost as unknown, with a warning naming the missing price, for a paid provider without one', () => {
    const plan = planCampaign(input({ providers: { script: 'local', video: 'openai-videos', narration: 'auto' } }));
    expect(plan.cost).toMatchObject({ video: null, scripts: 0, total: null });
    expect(plan.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^no price for video provider 'openai-videos' in the price table: .* --prices <file>/),
    ]);
  });

  it('names a budget too small for the footage, and a segment no script can be composed for, as problems', () => {
    const brief = { ...campaign.brief, video: { width: 1280, height: 720, budgetSeconds: 10 } };
    const segments = [...campaign.segments, testSegment('east', { language: 'en', concerns: ['shade'] })];
    const plan = planCampaign(
      input({
        campaign: { ...campaign, brief, segments },
        providers: { script: 'local', video: 'veo', narration: 'auto' },
        prices: mergePriceTable({ videoPerSecond: { veo: 0.4 } }),
        problems: [{ file: 'campaign.yaml', line: 3, column: 1, message: 'given by validation' }],
      }),
    );
    expect(plan.totals).toMatchObject({ segments: 3, scripts: 2 });
    expect(plan.budget).toMatchObject({ budgetSeconds: 10, withinBudget: false });
    expect(plan.problems.map((p) => p.message)).toEqual([
      'given by validation',
      expect.stringMatching(/^segment 'east': no script can be composed: /),
      expect.stringMatching(/^the videos need \d+ s of generated footage but video\.budgetSeconds is 10: raise/),
    ]);
    expect(plan.problems[1]!.file).toBe('/x/segments.csv');
  });

  it('spreads renders over the concurrency: twice the render slots, less machine time', () => {
    const one = planCampaign(input({ concurrency: { segments: 20, renders: 1 } })).time;
    const two = planCampaign(input({ concurrency: { segments: 20, renders: 2 } })).time;
    expect(two.seconds).toBeLessThan(one.seconds);
    expect(two.assumptions).toMatch(/review time not included$/);
  });

  it("takes drafts and renders at once from the llm and video queues' configured slots", () => {
    const configured = loadConfig({ KLARTEXT_QUEUE_LLM_CONCURRENCY: '8', KLARTEXT_QUEUE_VIDEO_CONCURRENCY: '4' });
    expect(planConcurrency(configured.temporal.queues)).toEqual({ segments: 8, renders: 4 });
    // Without settings: the SDK's activity slots for drafting, two renders (one ffmpeg per core of a small machine).
    expect(planConcurrency(loadConfig({}).temporal.queues)).toEqual({ segments: 100, renders: 2 });
    const time = planCampaign(input({ concurrency: planConcurrency(configured.temporal.queues) })).time;
    expect(time.assumptions).toContain("(8 at once: the llm queue's slots)");
    expect(time.assumptions).toContain("(4 at once: the video queue's slots)");
  });

  it('counts the renditions the brief and its inline channels take as further encodes of each video', () => {
    const plain = planCampaign(input());
    expect(plain.totals.formats).toEqual(['main']);
    const brief = {
      ...campaign.brief,
      video: { ...campaign.brief.video, renditions: ['square' as const] },
      channels: [
        { id: 'cms', kind: 'folder' as const, directory: '/srv/cms', renditions: ['portrait-open-captions' as const] },
        { id: 'feed', kind: 'feed' as const, renditions: ['square' as const] },
        { ref: 'registered' },
      ],
    };
    const plan = planCampaign(input({ campaign: { ...campaign, brief } }));
    expect(plan.totals.formats).toEqual(['main', 'portrait-open-captions', 'square']);
    expect(plan.time.seconds).toBeGreaterThan(2 * plain.time.seconds);
    expect(plan.time.assumptions).toContain('one render per segment in 3 formats');
  });
});

describe('parsePriceTable', () => {
  it('merges a YAML table over the defaults', () => {
    const table = parsePriceTable('currency: USD\nvideoPerSecond:\n  veo: 0.4\n', 'prices.yaml');
    expect(table).toMatchObject({ currency: 'USD', videoPerSecond: { local: 0, veo: 0.4 } });
    expect(table.timing).toEqual(DEFAULT_PRICE_TABLE.timing);
    expect(parsePriceTable('{"scriptPer1kTokens": {"openai": 0.002}}', 'p.json').scriptPer1kTokens.openai).toBe(0.002);
  });

  it('is found through KLARTEXT_PRICE_TABLE, relative to the working directory; the defaults without one', async () => {
    expect(loadConfig({ KLARTEXT_PRICE_TABLE: 'ops/prices.yaml' }, '/srv/klartext').priceTable).toBe(
      '/srv/klartext/ops/prices.yaml',
    );
    expect(await loadPriceTable(undefined)).toBe(DEFAULT_PRICE_TABLE);
    await expect(loadPriceTable('/nonexistent/prices.yaml')).rejects.toThrow(
      '/nonexistent/prices.yaml:1:1: cannot read the price table (ENOENT); check the path.',
    );
  });

  it("accepts the README's example price table", async () => {
    const readme = await readFile(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const block = /## Run your own campaign[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const table = parsePriceTable(block!, 'README.md');
    expect(table.videoPerSecond).toMatchObject({ local: 0, veo: 0.4, 'openai-videos': 0.1 });
    expect(table.timing).toEqual(DEFAULT_PRICE_TABLE.timing);
  });

  it('names file:line:column and the key of a bad value or an unknown key', () => {
    expect(() => parsePriceTable('currency: EUR\nvideoPerSecond:\n  veo: -1\n', 'prices.yaml')).toThrow(
      /^prices\.yaml:3:8: price table videoPerSecond\.veo: must be zero or more; see "Run your own campaign"/,
    );
    expect(() => parsePriceTable('currency: EUR\nvideoPrice: 1\n', 'prices.yaml')).toThrow(/^prices\.yaml:\d+:\d+: /);
    expect(() => parsePriceTable('videoPerSecond: [1,\n', 'prices.yaml')).toThrow(
      /^prices\.yaml:\d+:\d+: the price table is not valid YAML or JSON/,
    );
  });
});
