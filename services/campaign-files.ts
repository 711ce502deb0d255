// One entry point that checks a campaign's three files and reports every problem in one run, from texts or a reader.
import { posix } from 'node:path';
import { parseSegmentTableWithLines } from '../segments/segment-table.ts';
import type { SegmentTable } from '../segments/segment-table.ts';
import type { CampaignBrief, Claim, Segment } from '../shared/types.ts';
import { checkCampaignFile } from '../campaign/campaign-file.ts';
import { checkClaimsFile } from '../campaign/claims-file.ts';
import type { Problem } from '../campaign/problems.ts';
import { problemsFromError } from '../campaign/problems.ts';
import { crossFileProblems } from '../campaign/validate-campaign.ts';
import { locate } from '../campaign/yaml-source.ts';

/** A campaign ready to be sent: the brief and the segments and claims it names. */
export interface LoadedCampaign {
  brief: CampaignBrief;
  segments: Segment[];
  claims: Claim[];
}

/** One input file's text and the path problems name (for an upload: the file's name). */
export interface SourceText {
  path: string;
  text: string;
}

/** Options for validating a campaign. */
export interface ValidateOptions {
  /** The day to check claim validity on, `YYYY-MM-DD` (default: today, UTC). */
  today?: string;
  /** Smallest segment size that may be published (default: the segment table's k). */
  k?: number;
  /** The files came as texts (an upload): a logo they name by path is on the sender's machine, out of reach. */
  sentAsTexts?: boolean;
}

/** The outcome: `loaded` only when there is no problem; warnings never block. */
export interface CampaignValidation {
  loaded?: LoadedCampaign;
  problems: Problem[];
  warnings: Problem[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Checks the three files' texts, each on its own and then together, and lists every problem and warning with
 * file:line:column. A broken file never hides the problems of the others; the cross-file checks run once all three
 * are sound. Does no I/O, so uploaded files can be checked as they are. An absent segments or claims text is
 * reported at the campaign file's field naming it.
 */
export function validateCampaignTexts(
  files: { campaign: SourceText; segments?: SourceText; claims?: SourceText },
  env: Env,
  opts: ValidateOptions = {},
): CampaignValidation {
  const campaign = checkCampaignFile(files.campaign.text, files.campaign.path, env);
  const problems = [...campaign.problems];
  const logo = campaign.brief?.branding.logo;
  if (opts.sentAsTexts && logo && !logo.startsWith('data:') && campaign.source) {
    const message =
      'branding.logo: a logo file cannot come with files sent as text; launch with `klartext campaign launch`, ' +
      'which carries the image, or remove this line';
    problems.push({ file: files.campaign.path, ...locate(campaign.source, ['branding', 'logo']), message });
  }
  // Only a sound campaign file names its other files; a broken one has already said what is wrong.
  const missing = (field: 'segments' | 'claims') => {
    const named = campaign.files[field];
    if (!campaign.source || named === undefined) return;
    const message = `${field}: the file named here (${named}) was not given or cannot be read; check the path`;
    problems.push({ file: files.campaign.path, ...locate(campaign.source, [field]), message });
  };
  let table: SegmentTable | undefined;
  if (files.segments) {
    try {
      table = parseSegmentTableWithLines(files.segments.text, files.segments.path, { k: opts.k });
    } catch (error) {
      problems.push(...problemsFromError(error, files.segments.path));
    }
  } else missing('segments');
  let claims: Claim[] | undefined;
  if (files.claims) {
    const checked = checkClaimsFile(files.claims.text, files.claims.path);
    problems.push(...checked.problems);
    claims = checked.claims;
  } else missing('claims');
  if (!campaign.brief || !table || !claims) return { problems, warnings: [] };

  const source = campaign.source;
  const brief = {
    ...campaign.brief,
    segmentsFile: files.segments?.path ?? campaign.brief.segmentsFile,
    claimsFile: files.claims?.path ?? campaign.brief.claimsFile,
  };
  const cross = crossFileProblems(brief, table.segments, claims, {
    lines: table.lines,
    today: opts.today,
    campaignFile: files.campaign.path,
    campaignAt: source ? (path) => locate(source, path) : undefined,
  });
  problems.push(...cross.problems);
  if (problems.length > 0) return { problems, warnings: cross.warnings };
  return { loaded: { brief, segments: table.segments, claims }, problems, warnings: cross.warnings };
}

/** Reads a file's text, or undefined when it cannot be read. */
export type ReadText = (path: string) => Promise<string | undefined>;

/**
 * Checks a campaign file and the segments and claims files it names, read through `readFile` (paths resolved
 * from the campaign file's folder). When the campaign file is too broken to name them, `segments.csv` and
 * `claims.yaml` beside it are checked if they exist, so their problems show in the same run.
 */
export async function validateCampaignSources(
  campaign: SourceText,
  readFile: ReadText,
  env: Env,
  opts: ValidateOptions = {},
): Promise<CampaignValidation> {
  const { files } = checkCampaignFile(campaign.text, campaign.path, env);
  const dir = posix.dirname(campaign.path);
  const read = async (named: string | undefined, fallback: string): Promise<SourceText | undefined> => {
    const path = named ?? posix.join(dir, fallback);
    const text = await readFile(path);
    return text === undefined ? undefined : { path, text };
  };
  const [segments, claims] = await Promise.all([
    read(files.segments, 'segments.csv'),
    read(files.claims, 'claims.yaml'),
  ]);
  return validateCampaignTexts({ campaign, segments, claims }, env, opts);
}
