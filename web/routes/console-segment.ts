// Console routes of one segment: its page (audience, script, reviews, video, deliveries) and replacing its video.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../../api/deps.ts';
import type { WebEnv } from '../../api/session.ts';
import { getSegment, type CampaignRow } from '../../db/campaign-repo.ts';
import { listDecisions } from '../../db/review-repo.ts';
import { mapError } from '../../services/errors.ts';
import { replaceSegmentVideo } from '../../services/revocation.ts';
import { buildCampaignSummary } from '../../services/summary.ts';
import { localeOf } from '../i18n.ts';
import { consolePath, consoleText } from '../views/console-common.ts';
import { confirmBody, readConfirmation } from '../views/console-confirm.ts';
import { segmentBody } from '../views/console-segment.ts';
import { sendFramed, sendMessage } from './web-page.ts';
import { campaignNotFound, visibleCampaign, type Guards } from './console-shared.ts';

export function segmentConsoleRoutes(deps: AppDeps, { managers }: Guards) {
  const { pool } = deps;
  const app = new Hono<WebEnv>();

  /** The campaign and segment of the request, or the page saying which one does not exist. */
  const load = async (c: Context<WebEnv>) => {
    const campaign = await visibleCampaign(pool, c);
    if (!campaign) return { missing: await campaignNotFound(c) };
    const segmentId = c.req.param('segmentId') ?? '';
    const segment = await getSegment(pool, campaign.id, segmentId);
    if (!segment) {
      const { t } = consoleText(localeOf(c));
      const text = t('segmentNotFoundText', { campaign: campaign.id, segment: segmentId });
      return { missing: await sendMessage(c, 404, t('segmentNotFound'), text) };
    }
    return { campaign, segment };
  };

  app.get('/campaigns/:id/segments/:segmentId', ...managers, async (c) => {
    const { campaign, segment, missing } = await load(c);
    if (!campaign || !segment) return missing;
    const text = consoleText(localeOf(c));
    const [summary, decisions] = await Promise.all([
      buildCampaignSummary(pool, campaign.id, { segmentId: segment.id }),
      listDecisions(pool, campaign.id, segment.id),
    ]);
    const body = segmentBody(text, {
      campaignId: campaign.id,
      campaignTitle: campaign.title,
      segment,
      summary: summary?.segments.find((s) => s.segmentId === segment.id),
      decisions,
      replaceable: segment.status === 'PUBLISHED',
    });
    return sendFramed(c, { title: segment.label, current: '/campaigns', body });
  });

  const replacePage = (
    c: Context<WebEnv>,
    campaign: CampaignRow,
    segment: { id: string; label: string },
    extra: { reason?: string; error?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const text = consoleText(localeOf(c));
    const { t } = text;
    const back = consolePath.segment(campaign.id, segment.id);
    const heading = t('confirmReplace', { segment: segment.label });
    const body = confirmBody(text, {
      heading,
      explanation: t('confirmReplaceText'),
      action: `${back}/replace`,
      backHref: back,
      crumbs: [
        [t('campaigns'), '/campaigns'],
        [campaign.title, consolePath.campaign(campaign.id)],
        [segment.label, back],
        [t('confirm')],
      ],
      csrfToken: c.var.session.csrfToken,
      reasonRequired: true,
      ...extra,
    });
    return sendFramed(c, { title: heading, current: '/campaigns', body }, status);
  };

  app.get('/campaigns/:id/segments/:segmentId/replace', ...managers, async (c) => {
    const { campaign, segment, missing } = await load(c);
    return campaign && segment ? replacePage(c, campaign, segment) : missing;
  });

  app.post('/campaigns/:id/segments/:segmentId/replace', ...managers, async (c) => {
    const { campaign, segment, missing } = await load(c);
    if (!campaign || !segment) return missing;
    const text = consoleText(localeOf(c));
    const { reason, error } = readConfirmation(text, await c.req.parseBody(), true);
    if (error) return replacePage(c, campaign, segment, { reason, error }, 400);
    try {
      await replaceSegmentVideo(deps, campaign.id, segment.id, { user: c.var.user, reason });
    } catch (err) {
      const { status, message } = mapError(err);
      if (status >= 500) throw err;
      return replacePage(c, campaign, segment, { reason, error: text.t('actionError', { message }) }, 409);
    }
    return c.redirect(`${consolePath.campaign(campaign.id)}?done=replaced`, 303);
  });

  return app;
}
