// `klartext campaign plan <campaign.yaml>`: what launching would take (scripts, videos, seconds, cost, time), no side effects.
import { loadConfig } from '../../config/config.ts';
import { loadPriceTable } from '../../config/price-table.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import {
  planCampaign,
  planConcurrency,
  type CampaignPlan,
  type PlanProblem,
  type ScriptProviderName,
  type VideoProviderName,
} from '../../services/plan.ts';
import type { Io } from '../context.ts';
import { validateCampaign } from '../load-campaign.ts';
import { emit } from '../output.ts';

export interface PlanOptions {
  json?: boolean;
  prices?: string;
  scriptProvider?: ScriptProviderName;
  videoProvider?: VideoProviderName;
  concurrency?: number;
}

/** `file:line:column: message`, as problems are printed everywhere. */
export function formatProblem(p: PlanProblem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ` : '';
  return `${where}${p.message}`;
}

const minutes = (s: number) => (s < 90 ? `${s} s` : `${Math.round(s / 60)} min`);
const money = (amount: number | null, currency: string) =>
  amount === null ? 'unknown' : `${amount.toFixed(2)} ${currency}`;

function printPlan(plan: CampaignPlan): void {
  const { totals, cost, budget, time, providers } = plan;
  console.log(`Plan for "${plan.campaign.title}" (${plan.campaign.name}): ${totals.segments} segments`);
  console.log(`Providers: script ${providers.script}, video ${providers.video}, narration ${providers.narration}`);
  console.log('');
  const header = ['segment', 'lang', 'scenes', 'video s', 'provider s', 'tokens'];
  const rows = plan.segments.map((s) => [
    s.segmentId,
    s.language,
    String(s.scenes),
    s.videoSeconds.toFixed(1),
    String(s.providerSeconds),
    String(s.scriptTokens),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  console.log('');
  console.log(
    `Totals: ${totals.scripts} scripts, ${totals.videos} videos` +
      (totals.formats.length > 1 ? ` (each also as ${totals.formats.slice(1).join(', ')})` : '') +
      `, ${totals.videoSeconds.toFixed(1)} s of video, ` +
      `${totals.providerSeconds} s of generated footage` +
      (budget.budgetSeconds === undefined ? ' (no budget set)' : ` of a ${budget.budgetSeconds} s budget`),
  );
  console.log(
    `Cost: ${money(cost.total, cost.currency)} (video ${money(cost.video, cost.currency)}, scripts ` +
      `${money(cost.scripts, cost.currency)}, narration ${money(cost.narration, cost.currency)})`,
  );
  console.log(`Time: about ${minutes(time.seconds)} of machine time: ${time.assumptions}`);
  for (const w of plan.warnings) console.log(`warning: ${formatProblem(w)}`);
  if (plan.problems.length === 0) console.log('Problems: none.');
  else for (const p of plan.problems) console.log(`problem: ${formatProblem(p)}`);
}

/** Prints the plan (or JSON); exit 1 when there is a problem, so a script can stop before launching. */
export async function campaignPlan(file: string, opts: PlanOptions, io: Pick<Io, 'env'>): Promise<number> {
  const config = loadConfig(io.env);
  const prices = await loadPriceTable(opts.prices ?? config.priceTable);
  // Every problem and warning of the three files, as `validate` finds them; the plan adds its own.
  const checked = await validateCampaign(file, io.env);
  if (!checked.loaded) {
    emit(opts.json, { ok: false, problems: checked.problems, warnings: checked.warnings }, (r) => {
      for (const p of r.problems) console.log(`problem: ${formatProblem(p)}`);
      console.log(`No plan: ${r.problems.length} problem(s) in the campaign files; fix them and plan again.`);
    });
    return 1;
  }
  const plan = planCampaign({
    campaign: checked.loaded,
    providers: {
      script: opts.scriptProvider ?? config.scripts.provider,
      video: opts.videoProvider ?? config.video.provider,
      narration: config.narration,
    },
    prices,
    concurrency: {
      ...planConcurrency(config.temporal.queues),
      ...(opts.concurrency ? { renders: opts.concurrency } : {}),
    },
    templates: loadTemplates().sources,
    problems: checked.problems,
    warnings: checked.warnings,
  });
  emit(opts.json, { ok: plan.problems.length === 0, ...plan }, printPlan);
  return plan.problems.length === 0 ? 0 : 1;
}
