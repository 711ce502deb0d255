// What the console does with an upload: the three files checked together (every problem) and the plan of a campaign.
import { loadConfig } from '../../config/config.ts';
import { DEFAULT_PRICE_TABLE, loadPriceTable, type PriceTable } from '../../config/price-table.ts';
import { validateCampaignTexts } from '../../services/campaign-files.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { planCampaign, planConcurrency, type CampaignPlan, type PlanInput } from '../../services/plan.ts';
import type { CampaignBrief, Claim, Segment } from '../../shared/types.ts';
import type { FileProblem } from '../views/console-common.ts';

/** One uploaded file: the name the browser sent (used in problems) and its text. */
export interface UploadedFile {
  path: string;
  text: string;
}

export interface CheckedUpload {
  loaded?: { brief: CampaignBrief; segments: Segment[]; claims: Claim[] };
  problems: FileProblem[];
  warnings: FileProblem[];
}

/**
 * Checks the three uploaded files together: every problem and warning at file:line:column. No server environment is
 * given to `${VAR}` references: an uploaded file must not be able to read the server's secrets into a channel it names.
 */
export function checkUploadedCampaign(files: {
  campaign: UploadedFile;
  segments: UploadedFile;
  claims: UploadedFile;
}): CheckedUpload {
  return validateCampaignTexts(files, {}, { sentAsTexts: true });
}

/** The providers and prices the server runs with; the local ones (free) when its configuration cannot be read. */
async function planSettings(): Promise<Pick<PlanInput, 'providers' | 'prices' | 'concurrency'>> {
  try {
    const config = loadConfig(process.env);
    const prices: PriceTable = await loadPriceTable(config.priceTable);
    return {
      providers: { script: config.scripts.provider, video: config.video.provider, narration: config.narration },
      prices,
      concurrency: planConcurrency(config.temporal.queues),
    };
  } catch {
    return { providers: { script: 'local', video: 'local', narration: 'auto' }, prices: DEFAULT_PRICE_TABLE };
  }
}

/** Plans a stored campaign as `klartext campaign plan` would; never throws (a failure is returned as its message). */
export async function planFor(campaign: PlanInput['campaign']): Promise<{ plan?: CampaignPlan; error?: string }> {
  try {
    return { plan: planCampaign({ campaign, ...(await planSettings()), templates: loadTemplates().sources }) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
