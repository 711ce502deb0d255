// Video review on the review page: the current render, earlier video decisions, and the accept / re-render form.
import { html } from 'hono/html';
import type { User } from '../../db/user-repo.ts';
import { VIDEO_SIGNATURE_MEANING } from '../../review/subjects.ts';
import type { RecordedVideoDecision } from '../../workflows/messages.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW } from '../i18n/review.ts';
import { fillHtml, reviewPath, shortSha } from './format.ts';
import type { Html } from './layout.ts';
import { decisionPanel } from './decision-panel.ts';
import { signedMeaning } from './review-decision.ts';
import { decisionTable, whyNoForm } from './review-sign-off.ts';

export interface VideoDecisionContext {
  campaignId: string;
  segmentId: string;
  status: string;
  /** The render waiting for review, when there is one. */
  video?: { sha256: string; attempt: number };
  decisions: readonly RecordedVideoDecision[];
  user: User;
  csrfToken: string;
  draft?: { decision?: string; comment?: string };
  /** The page's language; English when absent. */
  locale?: Locale;
}

const CHOICES = ['accept-video', 'request-rerender'] as const;

function closed(ctx: VideoDecisionContext, locale: Locale): string | undefined {
  return whyNoForm('video', ctx.user, {
    status: ctx.status,
    waiting: ctx.status === 'VIDEO_REVIEW' && ctx.video !== undefined,
    mine: ctx.decisions.find((d) => d.attempt === ctx.video?.attempt && d.reviewerId === ctx.user.id),
    locale,
  });
}

function history(decisions: readonly RecordedVideoDecision[], locale: Locale): Html {
  if (decisions.length === 0) return html``;
  const t = translator(REVIEW, locale);
  return decisionTable(
    decisions.map((d) => ({ ...d, n: d.attempt, sha256: d.videoSha256 })),
    {
      caption: t('video.historyCaption'),
      captionHidden: false,
      n: t('video.render.col'),
      sha256: t('video.video.col'),
    },
    locale,
  );
}

/** The "Video check" section: why there is no form, or the form that accepts or sends the video back. */
export function videoDecisionSection(ctx: VideoDecisionContext, error?: string): Html {
  const locale = ctx.locale ?? DEFAULT_LOCALE;
  const t = translator(REVIEW, locale);
  const sha = ctx.video?.sha256 ?? '';
  const video = html`<code>${shortSha(sha)}</code>`;
  return decisionPanel({
    heading: t('video.check'),
    intro: html`${t('video.intro')}
    ${ctx.video ? fillHtml(t('video.render', { attempt: ctx.video.attempt }), { video }) : ''}`,
    before: history(ctx.decisions, locale),
    ...(error ? { error } : {}),
    closedReason: closed(ctx, locale),
    action: `${reviewPath(ctx.campaignId, ctx.segmentId)}/video`,
    csrfToken: ctx.csrfToken,
    bind: { name: 'videoSha256', value: sha },
    choices: {
      legend: t('video.legend'),
      idPrefix: 'video-decision',
      options: CHOICES.map((c) => [c, t(`choice.${c}`), t(`choice.${c}.hint`)] as const),
    },
    comment: {
      id: 'video-comment',
      label: t('video.comment'),
      hint: t('video.commentHint'),
      rows: 3,
    },
    draft: ctx.draft ?? {},
    signature: {
      idPrefix: 'video-',
      need: t('video.need'),
      meaning: fillHtml(t('video.meaning'), {
        video,
        meaning: signedMeaning(locale, t('meaning.video'), VIDEO_SIGNATURE_MEANING),
      }),
    },
    locale,
  });
}
