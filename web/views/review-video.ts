// Video review on the review page: the current render, earlier video decisions, and the accept / re-render form.
import { html } from 'hono/html';
import type { User } from '../../db/user-repo.ts';
import { VIDEO_SIGNATURE_MEANING } from '../../review/subjects.ts';
import type { RecordedVideoDecision } from '../../workflows/messages.ts';
import { reviewPath, shortSha } from './format.ts';
import type { Html } from './layout.ts';
import { decisionPanel } from './decision-panel.ts';
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
}

const CHOICES = [
  ['accept-video', 'Accept and sign', 'The video is published to the campaign’s channels.'],
  ['request-rerender', 'Request a new render', 'The video is made again with your comment; it comes back here.'],
] as const;

function closed(ctx: VideoDecisionContext): string | undefined {
  return whyNoForm('video', ctx.user, {
    reader: 'you can watch it here',
    notWaiting: 'No video is waiting for review',
    decidedOn: 'this video',
    status: ctx.status,
    waiting: ctx.status === 'VIDEO_REVIEW' && ctx.video !== undefined,
    mine: ctx.decisions.find((d) => d.attempt === ctx.video?.attempt && d.reviewerId === ctx.user.id),
  });
}

function history(decisions: readonly RecordedVideoDecision[]): Html {
  if (decisions.length === 0) return html``;
  return decisionTable(
    decisions.map((d) => ({ ...d, n: d.attempt, sha256: d.videoSha256 })),
    { caption: 'Video decisions, oldest first', captionHidden: false, n: 'Render', sha256: 'Video' },
  );
}

/** The "Video check" section: why there is no form, or the form that accepts or sends the video back. */
export function videoDecisionSection(ctx: VideoDecisionContext, error?: string): Html {
  const sha = ctx.video?.sha256 ?? '';
  return decisionPanel({
    heading: 'Video check',
    intro: html`The script was approved. Watch the rendered video (with captions) above: it may differ from the script
    visually. ${ctx.video ? html`This is render ${ctx.video.attempt}, video <code>${shortSha(sha)}</code>.` : ''}`,
    before: history(ctx.decisions),
    ...(error ? { error } : {}),
    closedReason: closed(ctx),
    action: `${reviewPath(ctx.campaignId, ctx.segmentId)}/video`,
    csrfToken: ctx.csrfToken,
    bind: { name: 'videoSha256', value: sha },
    choices: { legend: 'Decision on the video', idPrefix: 'video-decision', options: CHOICES },
    comment: {
      id: 'video-comment',
      label: 'Comment',
      hint: 'A re-render request needs a comment saying what is wrong.',
      rows: 3,
    },
    draft: ctx.draft ?? {},
    signature: {
      idPrefix: 'video-',
      need: 'an acceptance',
      meaning: html`By accepting, you sign that video <code>${shortSha(sha)}</code>:
        <strong>${VIDEO_SIGNATURE_MEANING}</strong>. Your name, role and the time are recorded with the signature.`,
    },
  });
}
