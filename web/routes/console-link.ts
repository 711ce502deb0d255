// Console route for a late channel: link it to a running campaign, previewing and confirming what a backfill sends.
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppDeps } from '../../api/deps.ts';
import type { WebEnv } from '../../api/session.ts';
import type { CampaignRow } from '../../db/campaign-repo.ts';
import { getChannel } from '../../db/channel-repo.ts';
import { mapError } from '../../services/errors.ts';
import { linkChannels, previewBackfill } from '../../services/backfill.ts';
import { localeOf } from '../i18n.ts';
import { consolePath, consoleText, type ConsoleText } from '../views/console-common.ts';
import { confirmBody, readConfirmation } from '../views/console-confirm.ts';
import { userText } from '../views/format.ts';
import { sendFramed } from './web-page.ts';
import { campaignNotFound, visibleCampaign, type Guards } from './console-shared.ts';

type Preview = Awaited<ReturnType<typeof previewBackfill>>;

/** What a backfill would send, listed before the manager confirms. */
function previewList({ t }: ConsoleText, preview: Preview | undefined): ReturnType<typeof html> {
  if (!preview) return html``;
  const items = preview.items;
  return html`<section class="panel" aria-labelledby="preview-h">
    <h2 id="preview-h">${t('backfill')}</h2>
    ${
      items.length === 0
        ? html`<p>${t('backfillNone')}</p>`
        : html`<p>${t('backfillList')}</p>
            <ul class="backfill">
              ${items.map((v) => html`<li>${userText(v.segmentId)}</li>`)}
            </ul>`
    }
  </section>`;
}

export function linkConsoleRoutes(deps: AppDeps, { managers }: Guards) {
  const { pool } = deps;
  const app = new Hono<WebEnv>();

  const page = async (
    c: Context<WebEnv>,
    campaign: CampaignRow,
    form: { channel: string; backfill: boolean; reason?: string; error?: string },
    status: 200 | 400 | 409 = 200,
  ) => {
    const text = consoleText(localeOf(c));
    const { t } = text;
    const channel = await getChannel(pool, form.channel);
    const back = consolePath.campaign(campaign.id);
    if (!channel) {
      return sendFramed(
        c,
        {
          title: t('actionLink'),
          current: '/campaigns',
          body: html`<div class="page-head">
              <h1>${t('actionLink')}</h1>
            </div>
            <p class="alert alert-blocking" role="alert">${t('channelMissing')}</p>
            <p><a href="${back}">${t('back')}</a></p>`,
        },
        400,
      );
    }
    const preview = form.backfill ? await previewBackfill(deps, campaign.id, channel.id) : undefined;
    const heading = t('confirmLink', { channel: channel.id, title: campaign.title });
    const body = confirmBody(text, {
      heading,
      explanation: t('confirmLinkText'),
      action: consolePath.action(campaign.id, 'link'),
      backHref: back,
      crumbs: [[t('campaigns'), '/campaigns'], [campaign.title, back], [t('actionLink')]],
      csrfToken: c.var.session.csrfToken,
      reasonRequired: false,
      preview: previewList(text, preview),
      fields: html`<input type="hidden" name="channel" value="${channel.id}" />
        <div class="field-check">
          <input id="f-backfill" type="checkbox" name="backfill" value="1" ${form.backfill ? html`checked` : ''} />
          <label for="f-backfill">${t('backfill')}</label>
        </div>`,
      reason: form.reason,
      error: form.error,
    });
    return sendFramed(c, { title: heading, current: '/campaigns', body }, status);
  };

  app.get('/campaigns/:id/link', ...managers, async (c) => {
    const campaign = await visibleCampaign(pool, c);
    if (!campaign) return campaignNotFound(c);
    return page(c, campaign, { channel: c.req.query('channel') ?? '', backfill: c.req.query('backfill') === '1' });
  });

  app.post('/campaigns/:id/link', ...managers, async (c) => {
    const campaign = await visibleCampaign(pool, c);
    if (!campaign) return campaignNotFound(c);
    const text = consoleText(localeOf(c));
    const body = await c.req.parseBody();
    const form = { channel: typeof body.channel === 'string' ? body.channel : '', backfill: body.backfill === '1' };
    const { reason, error } = readConfirmation(text, body, false);
    if (error) return page(c, campaign, { ...form, reason, error }, 400);
    const channel = await getChannel(pool, form.channel);
    if (!channel) return page(c, campaign, form, 400);
    try {
      // The service also tells a running campaign, so its segments not yet published deliver to the channel too.
      const result = await linkChannels(deps, campaign.id, [channel.id], c.var.user, {
        backfill: form.backfill,
        reason,
      });
      if (!form.backfill) return c.redirect(`${consolePath.campaign(campaign.id)}?done=linked`, 303);
      return c.redirect(`${consolePath.campaign(campaign.id)}?backfilled=${result.backfilled}`, 303);
    } catch (err) {
      const { status, message } = mapError(err);
      if (status >= 500) throw err;
      return page(c, campaign, { ...form, reason, error: text.t('actionError', { message }) }, 409);
    }
  });

  return app;
}
