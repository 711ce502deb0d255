// Reads a campaign folder's three files and checks them together, before anything is started or stored.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { problemsError } from '../campaign/problems.ts';
import { validateCampaignSources } from '../services/campaign-files.ts';
import type { CampaignValidation, LoadedCampaign, ValidateOptions } from '../services/campaign-files.ts';
import { InputError } from '../shared/errors.ts';

export type { CampaignValidation, LoadedCampaign } from '../services/campaign-files.ts';

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Checks `campaign.yaml` and the segments and claims files it names, and returns every problem and warning with
 * file:line:column (`loaded` only when there is no problem).
 * @throws InputError when the campaign file itself cannot be read.
 */
export async function validateCampaign(
  campaignFile: string,
  env: NodeJS.ProcessEnv,
  opts: ValidateOptions = {},
): Promise<CampaignValidation> {
  let text: string;
  try {
    text = await readFile(campaignFile, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${campaignFile}:1:1: cannot read the campaign file (${code}); check the path.`, {
      cause: err,
    });
  }
  const validation = await validateCampaignSources({ path: campaignFile, text }, readText, env, opts);
  if (!validation.loaded) return validation;
  // Messages keep the paths as the user wrote them; a folder channel's directory leaves this machine's working
  // directory behind (the server stores it), so it becomes absolute here.
  const { brief } = validation.loaded;
  const channels = brief.channels.map((ch) =>
    'directory' in ch && ch.directory !== undefined ? { ...ch, directory: resolve(ch.directory) } : ch,
  );
  return { ...validation, loaded: { ...validation.loaded, brief: { ...brief, channels } } };
}

/** Loads `campaign.yaml` and the segments and claims files it names. Throws InputError listing every problem. */
export async function loadCampaign(campaignFile: string, env: NodeJS.ProcessEnv): Promise<LoadedCampaign> {
  const { loaded, problems } = await validateCampaign(campaignFile, env);
  if (!loaded) throw problemsError(problems);
  return loaded;
}
