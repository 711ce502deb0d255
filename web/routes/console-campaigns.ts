// Console routes before a campaign runs: the list, the upload of its three files, its plan, launch and discard.
import { Hono, type Context } from 'hono';
import { newCampaignId } from '../../api/routes/campaigns.ts';
import type { AppDeps } from '../../api/deps.ts';
import type { WebEnv } from '../../api/session.ts';
import { deleteCampaign, getCampaign, listCampaignClaims, listSegments } from '../../db/campaign-repo.ts';
import { createCampaignWithChannels, launchCampaign } from '../../services/launch.ts';
import { mapError } from '../../services/errors.ts';
import type { CampaignPlan } from '../../services/plan.ts';
import { crossFileProblems } from '../../campaign/validate-campaign.ts';
import { localeOf } from '../i18n.ts';
import { consolePath, consoleText, number, type ConsoleText, type FileProblem } from '../views/console-common.ts';
import {
  campaignListBody,
  newCampaignBody,
  planBody,
  type PlanView,
  type UploadOutcome,
} from '../views/console-campaigns.ts';
import { loadCampaignCounts } from './web-data.ts';
import { sendFramed } from './web-page.ts';
import { checkUploadedCampaign, planFor, type UploadedFile } from './console-upload.ts';
import { campaignNotFound, consoleFlash, visibleCampaign, type Guards } from './console-shared.ts';

/** Each uploaded file may hold this much; a campaign's segments rarely need a tenth of it. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The three files of the upload form, or what is wrong with the form itself. */
async function readUpload(
  text: ConsoleText,
  form: Record<string, unknown>,
): Promise<{ files?: Record<'campaign' | 'segments' | 'claims', UploadedFile>; error?: string }> {
  const files: Partial<Record<'campaign' | 'segments' | 'claims', UploadedFile>> = {};
  for (const name of ['campaign', 'segments', 'claims'] as const) {
    const file = form[name];
    if (!(file instanceof File) || file.size === 0) return { error: text.t('missingFile') };
    if (file.size > MAX_FILE_BYTES) return { error: text.t('tooLarge', { file: file.name, mb: MAX_FILE_BYTES >> 20 }) };
    // Only the base name: a browser may send a path, and problems should name the file as the author knows it.
    files[name] = { path: file.name.split(/[\\/]/).pop() || `${name}`, text: await file.text() };
  }
  return { files: files as Record<'campaign' | 'segments' | 'claims', UploadedFile> };
}

/** The plan as the page shows it: totals formatted in the page's language. */
function planView({ t, locale }: ConsoleText, plan: CampaignPlan | undefined, error?: string): PlanView {
  if (!plan) return { totals: [], segments: [], unavailable: error };
  const money = (n: number | null) =>
    n === null ? '—' : new Intl.NumberFormat(locale, { style: 'currency', currency: plan.cost.currency }).format(n);
  const minutes = Math.max(1, Math.round(plan.time.seconds / 60));
  return {
    totals: [
      [t('planSegments'), number(locale, plan.totals.segments)],
      [t('planScripts'), number(locale, plan.totals.scripts)],
      [t('planVideos'), number(locale, plan.totals.videos)],
      [t('planProviderSeconds'), number(locale, plan.totals.providerSeconds)],
      [t('planCost'), money(plan.cost.total)],
      [t('planTime'), `${number(locale, minutes)} min`],
    ],
    segments: plan.segments.map((s) => ({ ...s, seconds: s.videoSeconds })),
  };
}

/** Problems of the stored campaign: the file when known, never a line (line 0 shows as "—"). */
const unplaced = (problems: readonly { file?: string; message: string }[]): FileProblem[] =>
  problems.map((p) => ({ file: p.file ?? '', line: 0, column: 0, message: p.message }));

export function campaignConsoleRoutes(deps: AppDeps, { managers }: Guards) {
  const { pool } = deps;
  const app = new Hono<WebEnv>();

  app.get('/campaigns', ...managers, async (c) => {
    const text = consoleText(localeOf(c));
    const { campaigns, ...links } = await loadCampaignCounts(pool, c.var.user, c.req.url, c.req.query());
    const body = campaignListBody(text, campaigns, consoleFlash(text, c), links);
    return sendFramed(c, { title: text.t('campaigns'), current: '/campaigns', body });
  });

  const uploadPage = (c: Context<WebEnv>, outcome: UploadOutcome = {}, status: 200 | 400 | 409 = 200) => {
    const text = consoleText(localeOf(c));
    const body = newCampaignBody(text, c.var.session.csrfToken, outcome);
    return sendFramed(c, { title: text.t('newCampaign'), current: '/campaigns/new', body }, status);
  };

  app.get('/campaigns/new', ...managers, (c) => uploadPage(c));

  app.post('/campaigns/new', ...managers, async (c) => {
    const text = consoleText(localeOf(c));
    const { files, error } = await readUpload(text, await c.req.parseBody());
    if (!files) return uploadPage(c, { error }, 400);
    const checked = checkUploadedCampaign(files);
    if (!checked.loaded) return uploadPage(c, checked, 400);
    const { brief, segments, claims } = checked.loaded;
    const id = newCampaignId(brief.name);
    try {
      if (!(await createCampaignWithChannels(deps, { id, brief, segments, claims, createdBy: c.var.user.id }))) {
        return uploadPage(c, { error: text.t('duplicate', { id }) }, 409);
      }
    } catch (err) {
      // A channel the files name that cannot be used (unknown ref, refused URL): said like a file problem.
      const { status, message } = mapError(err);
      if (status >= 500) throw err;
      return uploadPage(c, { error: message, warnings: checked.warnings }, 400);
    }
    return c.redirect(consolePath.plan(id), 303);
  });

  const planPage = async (c: Context<WebEnv>, error?: string, status: 200 | 409 = 200) => {
    const text = consoleText(localeOf(c));
    const campaign = await visibleCampaign(pool, c);
    if (!campaign) return undefined;
    const [segments, claims] = await Promise.all([
      listSegments(pool, campaign.id),
      listCampaignClaims(pool, campaign.id),
    ]);
    const planned = await planFor({ brief: campaign.brief, segments, claims });
    const plan = planView(text, planned.plan, planned.error);
    // The stored campaign has passed the upload's checks; these say again what still holds (claims may have expired
    // since), at the file but not the line: the uploaded files are not kept.
    const cross = crossFileProblems(campaign.brief, segments, claims);
    const problems = unplaced([...cross.problems, ...(planned.plan?.problems ?? [])]);
    const warnings = unplaced([...cross.warnings, ...(planned.plan?.warnings ?? [])]);
    const input = { campaignId: campaign.id, title: campaign.title, status: campaign.status, plan, problems, warnings };
    const body = planBody(text, { ...input, csrfToken: c.var.session.csrfToken, error });
    return sendFramed(
      c,
      { title: text.t('planTitle', { title: campaign.title }), current: '/campaigns', body },
      status,
    );
  };

  app.get('/campaigns/:id/plan', ...managers, async (c) => (await planPage(c)) ?? campaignNotFound(c));

  app.post('/campaigns/:id/launch', ...managers, async (c) => {
    const campaign = await visibleCampaign(pool, c);
    if (!campaign) return campaignNotFound(c);
    try {
      await launchCampaign(deps, campaign.id);
    } catch (err) {
      const { status, message } = mapError(err);
      if (status >= 500) throw err;
      const text = consoleText(localeOf(c));
      return (await planPage(c, text.t('actionError', { message }), 409)) ?? campaignNotFound(c);
    }
    return c.redirect(`${consolePath.campaign(campaign.id)}?done=launched`, 303);
  });

  app.post('/campaigns/:id/discard', ...managers, async (c) => {
    const campaign = await visibleCampaign(pool, c);
    if (!campaign) return campaignNotFound(c);
    // Only a draft is thrown away: a launched campaign has a record to keep, and is cancelled instead.
    if ((await getCampaign(pool, campaign.id))?.status === 'DRAFT') await deleteCampaign(pool, campaign.id);
    return c.redirect('/campaigns', 303);
  });

  return app;
}
