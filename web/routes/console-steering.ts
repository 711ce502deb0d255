// Console routes of a running campaign: its page, and pause/resume/budget/retract/cancel, each confirmed with a reason.
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppDeps } from '../../api/deps.ts';
import type { WebEnv } from '../../api/session.ts';
import { listCampaignChannels, listChannels } from '../../db/channel-repo.ts';
import { countSegmentsByStatus, type CampaignRow } from '../../db/campaign-repo.ts';
import { segmentPageLinks, segmentPageOf } from '../../api/pages.ts';
import { mapError } from '../../services/errors.ts';
import { cancelCampaign, startRevocation } from '../../services/revocation.ts';
import { pauseCampaign, raiseBudget, resumeCampaign } from '../../services/steering.ts';
import { outcomesCsvStream, segmentOutcomes } from '../../services/outcomes.ts';
import { buildCampaignSummary } from '../../services/summary.ts';
import { campaignVariants } from '../../services/variants.ts';
import { outcomesCsvName } from '../../shared/outcomes.ts';
import type { ConsoleKey } from '../i18n/console.ts';
import { localeOf } from '../i18n.ts';
import { consoleBody } from '../views/console-campaign.ts';
import { consolePath, consoleText, type ConsoleText } from '../views/console-common.ts';
import { confirmBody, readConfirmation, type ConfirmInput } from '../views/console-confirm.ts';
import { sendFramed } from './web-page.ts';
import { campaignNotFound, consoleFlash, visibleCampaign, type Guards } from './console-shared.ts';

type Form = Record<string, unknown>;

/** A steering action: its texts, whether a reason is required, its own fields, and what it calls. */
interface Action {
  heading: ConsoleKey;
  explanation: ConsoleKey;
  reasonRequired: boolean;
  done: string;
  fields?: (text: ConsoleText, form: Form) => ReturnType<typeof html>;
  /** Checks the action's own fields; the text of what is wrong, or undefined. */
  check?: (text: ConsoleText, form: Form) => string | undefined;
  run: (deps: AppDeps, c: Context<WebEnv>, campaign: CampaignRow, reason: string, form: Form) => Promise<unknown>;
}

const budgetOf = (form: Form) => Number(typeof form.budgetSeconds === 'string' ? form.budgetSeconds.trim() : NaN);

const ACTIONS: Record<string, Action> = {
  pause: {
    heading: 'confirmPause',
    explanation: 'confirmPauseText',
    reasonRequired: true,
    done: 'paused',
    run: (deps, c, campaign, reason) => pauseCampaign(deps, campaign.id, c.var.user, reason),
  },
  resume: {
    heading: 'confirmResume',
    explanation: 'confirmResumeText',
    reasonRequired: false,
    done: 'resumed',
    run: (deps, c, campaign, reason) => resumeCampaign(deps, campaign.id, c.var.user, reason || undefined),
  },
  budget: {
    heading: 'confirmBudget',
    explanation: 'confirmBudgetText',
    reasonRequired: true,
    done: 'budget',
    fields: ({ t }, form) =>
      html`<div class="field">
        <label for="f-budget">${t('budgetSeconds')}</label>
        <input
          id="f-budget"
          name="budgetSeconds"
          type="number"
          min="1"
          step="1"
          required
          value="${typeof form.budgetSeconds === 'string' ? form.budgetSeconds : ''}"
        />
      </div>`,
    check: ({ t }, form) => (Number.isInteger(budgetOf(form)) && budgetOf(form) > 0 ? undefined : t('budgetInvalid')),
    run: (deps, c, campaign, reason, form) => raiseBudget(deps, campaign.id, c.var.user, budgetOf(form), reason),
  },
  retract: {
    heading: 'confirmRetract',
    explanation: 'confirmRetractText',
    reasonRequired: true,
    done: 'retracted',
    run: (deps, c, campaign, reason) =>
      startRevocation(deps, { campaignId: campaign.id, reason, actor: c.var.user.id }),
  },
  cancel: {
    heading: 'confirmCancel',
    explanation: 'confirmCancelText',
    reasonRequired: true,
    done: 'cancelled',
    run: (deps, c, campaign, reason) => cancelCampaign(deps, campaign.id, c.var.user, reason),
  },
};

export function steeringConsoleRoutes(deps: AppDeps, { managers }: Guards) {
  const { pool } = deps;
  const app = new Hono<WebEnv>();

  // A page of segments at a time (`?cursor=`, `?limit=`), with the counts per stage and the outcomes of that page's
  // segments: a fixed number of queries however many segments and outcomes the campaign has. A campaign with script
  // variants adds its page's varied segments, A and B compared (three queries for up to 1,000 outcome rows).
  app.get('/campaigns/:id/console', ...managers, async (c) => {
    const text = consoleText(localeOf(c));
    const campaign = await visibleCampaign(pool, c);
    const summary = campaign && (await buildCampaignSummary(pool, campaign.id, segmentPageOf(c.req.query())));
    if (!summary) return campaignNotFound(c);
    const id = summary.campaignId;
    const onPage = summary.segments.map((s) => s.segmentId);
    const [campaignChannels, channels, stages, outcomes, compared] = await Promise.all([
      listCampaignChannels(pool, id),
      listChannels(pool),
      countSegmentsByStatus(pool, id),
      segmentOutcomes(pool, id, onPage),
      campaign.brief.variants ? campaignVariants(pool, id, onPage) : undefined,
    ]);
    const linked = new Set(campaignChannels.map((ch) => ch.id));
    const linkable = channels.filter((ch) => !linked.has(ch.id) && ch.status === 'active');
    const body = consoleBody(text, {
      summary,
      stages,
      pages: segmentPageLinks(c.req.url, summary),
      linkable,
      flash: consoleFlash(text, c),
      budgetSeconds: campaign.brief.video.budgetSeconds,
      outcomes,
      ...(compared?.b ? { variants: { ...compared, b: compared.b } } : {}),
    });
    return sendFramed(c, { title: summary.title, current: '/campaigns', body });
  });

  // The same suppressed rows as the page and `GET /api/campaigns/:id/outcomes.csv`, for a browser session.
  app.get('/campaigns/:id/outcomes.csv', ...managers, async (c) => {
    const campaign = await visibleCampaign(pool, c);
    if (!campaign) return campaignNotFound(c);
    return c.body(await outcomesCsvStream(pool, campaign.id), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${outcomesCsvName(campaign.id)}"`,
    });
  });

  const confirmPage = (
    c: Context<WebEnv>,
    campaign: CampaignRow,
    name: string,
    extra: { form?: Form; error?: string; reason?: string },
    status: 200 | 400 | 409 = 200,
  ) => {
    const text = consoleText(localeOf(c));
    const action = ACTIONS[name]!;
    const input: ConfirmInput = {
      heading: text.t(action.heading, { title: campaign.title }),
      explanation: text.t(action.explanation),
      action: consolePath.action(campaign.id, name),
      backHref: consolePath.campaign(campaign.id),
      crumbs: [
        [text.t('campaigns'), '/campaigns'],
        [campaign.title, consolePath.campaign(campaign.id)],
        [text.t('confirm')],
      ],
      csrfToken: c.var.session.csrfToken,
      reasonRequired: action.reasonRequired,
      fields: action.fields?.(text, extra.form ?? {}),
      reason: extra.reason,
      error: extra.error,
    };
    return sendFramed(c, { title: input.heading, current: '/campaigns', body: confirmBody(text, input) }, status);
  };

  for (const name of Object.keys(ACTIONS)) {
    const action = ACTIONS[name]!;
    app.get(`/campaigns/:id/${name}`, ...managers, async (c) => {
      const campaign = await visibleCampaign(pool, c);
      return campaign ? confirmPage(c, campaign, name, {}) : campaignNotFound(c);
    });

    app.post(`/campaigns/:id/${name}`, ...managers, async (c) => {
      const text = consoleText(localeOf(c));
      const campaign = await visibleCampaign(pool, c);
      if (!campaign) return campaignNotFound(c);
      const form = await c.req.parseBody();
      const { reason, error } = readConfirmation(text, form, action.reasonRequired);
      const invalid = error ?? action.check?.(text, form);
      if (invalid) return confirmPage(c, campaign, name, { form, reason, error: invalid }, 400);
      try {
        await action.run(deps, c, campaign, reason, form);
      } catch (err) {
        const { status, message } = mapError(err);
        if (status >= 500) throw err;
        const error = text.t('actionError', { message });
        return confirmPage(c, campaign, name, { form, reason, error }, status === 409 ? 409 : 400);
      }
      return c.redirect(`${consolePath.campaign(campaign.id)}?done=${action.done}`, 303);
    });
  }

  return app;
}
