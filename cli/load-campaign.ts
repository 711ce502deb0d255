// Reads a campaign folder's three files and checks them together, before anything is started or stored.
import { readFile } from 'node:fs/promises';
import { InputError } from '../shared/errors.ts';
import type { CampaignBrief, Claim, Segment } from '../shared/types.ts';
import { parseCampaignFile } from '../campaign/campaign-file.ts';
import { parseClaimsFile } from '../campaign/claims-file.ts';
import { parseSegmentTableWithLines } from '../segments/segment-table.ts';
import { checkCoverage } from '../campaign/validate-campaign.ts';

export interface LoadedCampaign {
  brief: CampaignBrief;
  segments: Segment[];
  claims: Claim[];
}

async function readInput(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(
      `${path}:1:1: cannot read the ${what} (${(err as NodeJS.ErrnoException).code}); check the path.`,
      {
        cause: err,
      },
    );
  }
}

/** Loads `campaign.yaml` and the segments and claims files it names. Throws InputError with file:line:column. */
export async function loadCampaign(campaignFile: string, env: NodeJS.ProcessEnv): Promise<LoadedCampaign> {
  const brief = parseCampaignFile(await readInput(campaignFile, 'campaign file'), campaignFile, env);
  const claims = parseClaimsFile(await readInput(brief.claimsFile, 'claims file'), brief.claimsFile);
  const table = parseSegmentTableWithLines(await readInput(brief.segmentsFile, 'segments file'), brief.segmentsFile);
  checkCoverage(brief, table.segments, claims, { lines: table.lines });
  return { brief, segments: table.segments, claims };
}
