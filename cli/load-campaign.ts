// Reads a campaign folder's three files and checks them together, before anything is started or stored.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { problemsError } from '../campaign/problems.ts';
import { locate, readYamlSource } from '../campaign/yaml-source.ts';
import { validateCampaignSources } from '../services/campaign-files.ts';
import type { CampaignValidation, LoadedCampaign, ValidateOptions } from '../services/campaign-files.ts';
import { InputError } from '../shared/errors.ts';
import { logoDataUri, logoType } from '../video/render/logo.ts';

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
  // The logo travels inside the brief, so the server and its workers never need this machine's files.
  const logo = await embedLogo(brief.branding.logo);
  if ('problem' in logo) {
    const { source } = readYamlSource(text, campaignFile);
    const problem = { file: campaignFile, ...locate(source, ['branding', 'logo']), message: logo.problem };
    return { problems: [problem], warnings: validation.warnings };
  }
  const branding = logo.dataUri ? { ...brief.branding, logo: logo.dataUri } : brief.branding;
  return { ...validation, loaded: { ...validation.loaded, brief: { ...brief, branding, channels } } };
}

/** Largest logo file taken into a campaign. */
const MAX_LOGO_BYTES = 512 * 1024;

/** Reads the logo file a campaign names into a `data:` URI, or says what is wrong with it. */
async function embedLogo(path: string | undefined): Promise<{ dataUri?: string } | { problem: string }> {
  if (!path || path.startsWith('data:')) return path ? { dataUri: path } : {};
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: `branding.logo: cannot read ${path} (${code}); check the path (relative to this file)` };
  }
  if (bytes.length > MAX_LOGO_BYTES) {
    return { problem: `branding.logo: ${path} has ${bytes.length} bytes, over the 512 KiB limit; use a smaller image` };
  }
  const type = logoType(bytes);
  if (!type) return { problem: `branding.logo: ${path} is neither a PNG nor an SVG image; use one of those` };
  return { dataUri: logoDataUri({ type, bytes }) };
}

/** Loads `campaign.yaml` and the segments and claims files it names. Throws InputError listing every problem. */
export async function loadCampaign(campaignFile: string, env: NodeJS.ProcessEnv): Promise<LoadedCampaign> {
  const { loaded, problems } = await validateCampaign(campaignFile, env);
  if (!loaded) throw problemsError(problems);
  return loaded;
}
