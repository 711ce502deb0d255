// What launching a campaign would take, without launching it: scripts, videos, provider seconds, cost and time.
// Pure given the loaded campaign, a price table and the concurrency: the CLI's `campaign plan` and the console call it.
import type { PriceTable } from '../shared/price-table.ts';
import { composeScript } from '../scripts/compose.ts';
import type { TemplateSources } from '../prompts/templates.ts';
import type { NarrationMode } from '../shared/narration.ts';
import type { CampaignBrief, Claim, Script, Segment } from '../shared/types.ts';
import { distinctRenditions, isMainVideo, renditionSpec } from '../shared/renditions.ts';
import { roundUpSeconds } from '../video/providers/provider.ts';
import { briefForSegment, variantOf, variantRows } from '../shared/variants.ts';
import { ALLOWED_SECONDS as OPENAI_VIDEOS_SECONDS } from '../video/providers/openai-videos.ts';
import { ALLOWED_SECONDS as VEO_SECONDS } from '../video/providers/veo.ts';

/** A problem found while planning, where it is when it is in a file; the message says what and how to fix it. */
export interface PlanProblem {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

export type ScriptProviderName = 'local' | 'openai';
export type VideoProviderName = 'local' | 'openai-videos' | 'veo';

/** Durations each model video service accepts per clip; the local renderer generates no footage. */
const CLIP_DURATIONS: Record<Exclude<VideoProviderName, 'local'>, readonly number[]> = {
  'openai-videos': OPENAI_VIDEOS_SECONDS,
  veo: VEO_SECONDS,
};

/** Segments drafted at once and renders at once: the llm and video workers' slots (a campaign starts every segment). */
export interface PlanConcurrency {
  segments: number;
  renders: number;
}

/** Activity slots of a worker whose queue sets none (the Temporal SDK's `maxConcurrentActivityTaskExecutions`). */
const SDK_ACTIVITY_SLOTS = 100;

/** One llm worker's slots (the SDK's default) and one video worker's render slots (config/task-queues.ts). */
export const DEFAULT_CONCURRENCY: PlanConcurrency = { segments: SDK_ACTIVITY_SLOTS, renders: 2 };

/**
 * Drafts and renders at once with one worker per queue, from the queues' configured slots
 * (KLARTEXT_QUEUE_LLM_CONCURRENCY, KLARTEXT_QUEUE_VIDEO_CONCURRENCY): a campaign starts every segment, so these
 * bound it, not the campaign.
 */
export function planConcurrency(queues: {
  llm: { concurrency?: number };
  video: { concurrency?: number };
}): PlanConcurrency {
  return {
    segments: queues.llm.concurrency ?? DEFAULT_CONCURRENCY.segments,
    renders: queues.video.concurrency ?? DEFAULT_CONCURRENCY.renders,
  };
}

export interface PlanInput {
  campaign: { brief: CampaignBrief; segments: readonly Segment[]; claims: readonly Claim[] };
  providers: { script: ScriptProviderName; video: VideoProviderName; narration: NarrationMode };
  prices: PriceTable;
  concurrency?: PlanConcurrency;
  templates: TemplateSources;
  /** Problems and warnings the files' validation found; the plan adds its own. */
  problems?: readonly PlanProblem[];
  warnings?: readonly PlanProblem[];
  /** Day on which claim validity is judged, `YYYY-MM-DD` (default: today, UTC). */
  today?: string;
}

export interface SegmentPlan {
  segmentId: string;
  label: string;
  language: string;
  scenes: number;
  /** Length of the finished video (the sum of the scenes' estimated durations). */
  videoSeconds: number;
  /** Seconds of footage a model video service would bill (0 for the local renderer). */
  providerSeconds: number;
  narrationSeconds: number;
  /** Prompt and answer tokens of one draft (0 for the local composer). */
  scriptTokens: number;
}

/** An amount per cost item; `null` where the price table names no price for the provider in use. */
export interface PlanCost {
  currency: string;
  video: number | null;
  scripts: number | null;
  narration: number | null;
  total: number | null;
}

export interface CampaignPlan {
  campaign: { name: string; title: string };
  providers: PlanInput['providers'];
  segments: SegmentPlan[];
  totals: {
    segments: number;
    scripts: number;
    videos: number;
    /**
     * Files rendered per video: the main video plus the renditions the campaign and its channels defined in the
     * brief take (registered channels named by `ref` are not known to the plan).
     */
    formats: string[];
    videoSeconds: number;
    providerSeconds: number;
    narrationSeconds: number;
    scriptTokens: number;
  };
  cost: PlanCost;
  budget: { budgetSeconds?: number; providerSeconds: number; withinBudget: boolean };
  /** Machine time under the concurrency, without the time reviewers take (which usually dominates). */
  time: { seconds: number; concurrency: PlanConcurrency; assumptions: string };
  problems: PlanProblem[];
  warnings: PlanProblem[];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const round2 = (n: number) => Math.round(n * 100) / 100;
/** A rough token count: about four characters per token in the languages klartext writes. */
const tokens = (text: string) => Math.ceil(text.length / 4);
/** Fixed part of a draft prompt (instructions, schema) in tokens, beside the segment and its claims. */
const PROMPT_OVERHEAD_TOKENS = 1500;

function providerSeconds(script: Script, video: VideoProviderName): number {
  if (video === 'local') return 0;
  const allowed = CLIP_DURATIONS[video];
  const longest = allowed[allowed.length - 1] ?? 8;
  return sum(script.scenes.map((s) => roundUpSeconds(Math.min(s.durationSeconds, longest), allowed)));
}

function segmentPlan(input: PlanInput, segment: Segment, script: Script): SegmentPlan {
  const videoSeconds = sum(script.scenes.map((s) => s.durationSeconds));
  const claims = input.campaign.claims.filter((c) => c.text[segment.language]);
  const scriptTokens =
    input.providers.script === 'local'
      ? 0
      : PROMPT_OVERHEAD_TOKENS + tokens(JSON.stringify({ segment, claims })) + tokens(JSON.stringify(script));
  return {
    segmentId: segment.id,
    label: segment.label,
    language: segment.language,
    scenes: script.scenes.length,
    videoSeconds,
    providerSeconds: providerSeconds(script, input.providers.video),
    narrationSeconds: input.providers.narration === 'silent' ? 0 : videoSeconds,
    scriptTokens,
  };
}

/** The price key of the narration engine a mode uses. */
const narrationEngine = (mode: NarrationMode) =>
  mode === 'silent' ? 'silent' : mode === 'openai' ? 'openai-speech' : 'espeak-ng';

function costOf(plan: Pick<CampaignPlan, 'totals'>, input: PlanInput, warnings: PlanProblem[]): PlanCost {
  const { prices, providers } = input;
  const item = (table: Record<string, number>, key: string, amount: number, key2: string, per: number) => {
    const price = table[key];
    if (price !== undefined) return round2((amount / per) * price);
    if (amount === 0) return 0;
    warnings.push({
      message: `no price for ${key2} '${key}' in the price table: the cost is unknown; pass --prices <file> (or set KLARTEXT_PRICE_TABLE) with a price for it.`,
    });
    return null;
  };
  const { totals } = plan;
  const video = item(prices.videoPerSecond, providers.video, totals.providerSeconds, 'video provider', 1);
  const scripts = item(prices.scriptPer1kTokens, providers.script, totals.scriptTokens, 'script provider', 1000);
  const engine = narrationEngine(providers.narration);
  const narration = item(prices.narrationPerSecond, engine, totals.narrationSeconds, 'narration engine', 1);
  const parts = [video, scripts, narration];
  const total = parts.some((p) => p === null) ? null : round2(sum(parts as number[]));
  return { currency: prices.currency, video, scripts, narration, total };
}

/** `main` and each further rendition the brief asks for that is not the main video itself. */
function formatsOf(brief: CampaignBrief): string[] {
  const main = { width: brief.video.width, height: brief.video.height };
  const inline = brief.channels.flatMap((ch) => ('renditions' in ch ? [ch.renditions] : []));
  const extra = distinctRenditions(brief.video.renditions, ...inline).filter(
    (id) => !isMainVideo(renditionSpec(id, main), main),
  );
  return ['main', ...extra];
}

function timeOf(segments: SegmentPlan[], input: PlanInput, formats: number): CampaignPlan['time'] {
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  const { timing } = input.prices;
  const draft = timing.draftSeconds[input.providers.script] ?? 30;
  const clip = input.providers.video === 'local' ? 0 : (timing.clipSeconds[input.providers.video] ?? 180);
  // A segment's clips are generated in parallel; the local renderer then composes the video either way.
  // Each further format is one more encode of the same length (narration and clips are shared).
  const renders = segments.map((s) => clip + formats * s.videoSeconds * timing.renderSecondsPerVideoSecond);
  const waves = Math.ceil(segments.length / Math.max(1, concurrency.segments));
  const seconds = Math.ceil(waves * draft + sum(renders) / Math.max(1, concurrency.renders));
  return {
    seconds,
    concurrency,
    assumptions:
      `drafting ${draft} s per script (${concurrency.segments} at once: the llm queue's slots), rendering ` +
      `${timing.renderSecondsPerVideoSecond} s per video second${clip ? ` plus ${clip} s of clip generation per segment` : ''} ` +
      `(${concurrency.renders} at once: the video queue's slots); one draft and one render per segment` +
      `${formats > 1 ? ` in ${formats} formats` : ''}; review time not included`,
  };
}

/** Plans a campaign: composes every segment's script locally (no side effects) and adds up what launching costs. */
export function planCampaign(input: PlanInput): CampaignPlan {
  const { brief, segments, claims } = input.campaign;
  const problems = [...(input.problems ?? [])];
  const warnings = [...(input.warnings ?? [])];
  const planned: SegmentPlan[] = [];
  // A segment running script variants costs two scripts, two reviews and two videos: variant B is planned as its own.
  const runs = [...segments, ...variantRows(brief.variants, segments)];
  const composed = new Map<string, string>();
  for (const segment of runs) {
    try {
      const script = composeScript({
        brief: briefForSegment(brief, segment.id),
        segment,
        claims,
        templates: input.templates,
        today: input.today,
      });
      planned.push(segmentPlan(input, segment, script));
      const text = JSON.stringify(script);
      const { baseId, variant } = variantOf(segment.id);
      // An instruction alone changes nothing the local composer writes: A and B would be one script twice.
      if (variant === 'b' && composed.get(baseId) === text && input.providers.script === 'local') {
        warnings.push({
          message:
            `segment '${segment.id}': variant B composes to the same script as '${baseId}' with the local composer ` +
            '(it follows no instruction); give variant B a callToAction or wording, or draft with a model.',
        });
      }
      composed.set(segment.id, text);
    } catch (err) {
      problems.push({
        file: brief.segmentsFile,
        message: `segment '${segment.id}': no script can be composed: ${(err as Error).message}`,
      });
    }
  }
  const totals = {
    segments: segments.length,
    scripts: planned.length,
    videos: planned.length,
    formats: formatsOf(brief),
    videoSeconds: round2(sum(planned.map((s) => s.videoSeconds))),
    providerSeconds: sum(planned.map((s) => s.providerSeconds)),
    narrationSeconds: round2(sum(planned.map((s) => s.narrationSeconds))),
    scriptTokens: sum(planned.map((s) => s.scriptTokens)),
  };
  const budgetSeconds = brief.video.budgetSeconds;
  const withinBudget = budgetSeconds === undefined || totals.providerSeconds <= budgetSeconds;
  if (!withinBudget) {
    problems.push({
      message:
        `the videos need ${totals.providerSeconds} s of generated footage but video.budgetSeconds is ${budgetSeconds}: ` +
        'raise the budget in the campaign file, or expect the last segments to fail for want of budget.',
    });
  }
  const cost = costOf({ totals }, input, warnings);
  return {
    campaign: { name: brief.name, title: brief.title },
    providers: input.providers,
    segments: planned,
    totals,
    cost,
    budget: {
      ...(budgetSeconds === undefined ? {} : { budgetSeconds }),
      providerSeconds: totals.providerSeconds,
      withinBudget,
    },
    time: timeOf(planned, input, totals.formats.length),
    problems,
    warnings,
  };
}
