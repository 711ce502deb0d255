// Decisions on a segment: the record of earlier ones, and the form a reviewer signs with (password at signing).
import { html } from 'hono/html';
import type { User } from '../../db/user-repo.ts';
import { SIGNATURE_MEANING } from '../../review/subjects.ts';
import type { RecordedDecision } from '../../workflows/messages.ts';
import { reviewPath, shortSha } from './format.ts';
import type { Html } from './layout.ts';
import { decisionPanel } from './decision-panel.ts';
import { decisionTable, whyNoForm } from './review-sign-off.ts';

/** What the reviewer entered, kept when the page is shown again with an error (never the password). */
export interface DecisionDraft {
  decision?: string;
  comment?: string;
  scenes?: Record<string, string>;
}

export interface DecisionContext {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
  status: string;
  round: number;
  approvalsRequired: number;
  decisions: readonly RecordedDecision[];
  /** Each scene's on-screen text, to label the per-scene comment fields. */
  scenes: readonly string[];
  user: User;
  csrfToken: string;
  draft?: DecisionDraft;
}

const CHOICES = [
  ['approve', 'Approve and sign', 'The script goes on to be rendered and published.'],
  ['request-changes', 'Request changes', 'A new draft is written from your comments and comes back for review.'],
  ['reject', 'Reject', 'No video is made for this segment.'],
] as const;

/** The "Decisions so far" table of this and earlier rounds. */
export function historySection(decisions: readonly RecordedDecision[]): Html {
  return html`<section class="panel history" id="history" aria-labelledby="history-h">
    <h2 id="history-h">Decisions so far</h2>
    ${
      decisions.length === 0
        ? html`<p class="empty">No decision has been made on this segment yet.</p>`
        : decisionTable(
            decisions.map((d) => ({ ...d, n: d.round, sha256: d.scriptSha256 })),
            {
              caption: 'Review decisions on this segment, oldest first',
              captionHidden: true,
              n: 'Round',
              sha256: 'Version',
            },
          )
    }
  </section>`;
}

function closed(ctx: DecisionContext): string | undefined {
  return whyNoForm('script', ctx.user, {
    reader: 'you can read this page',
    notWaiting: 'This script is not waiting for review',
    decidedOn: 'this version',
    status: ctx.status,
    waiting: ctx.status === 'IN_REVIEW',
    mine: ctx.decisions.find((d) => d.round === ctx.round && d.reviewerId === ctx.user.id),
  });
}

/** The "Your decision" section: the form, or why there is none. */
export function decisionSection(ctx: DecisionContext, error?: string): Html {
  const approvals = ctx.decisions.filter((d) => d.round === ctx.round && d.decision === 'APPROVED').length;
  const d = ctx.draft ?? {};
  return decisionPanel({
    heading: 'Your decision',
    intro: html`Round ${ctx.round}: ${approvals} of ${ctx.approvalsRequired}
      approval${ctx.approvalsRequired === 1 ? '' : 's'} needed so far. Your decision applies to version
      <code>${shortSha(ctx.scriptSha256)}</code> only.`,
    ...(error ? { error } : {}),
    closedReason: closed(ctx),
    action: reviewPath(ctx.campaignId, ctx.segmentId),
    csrfToken: ctx.csrfToken,
    bind: { name: 'scriptSha256', value: ctx.scriptSha256 },
    choices: { legend: 'Decision', idPrefix: 'decision', options: CHOICES },
    comment: {
      id: 'comment',
      label: 'General comment',
      hint: 'A change request needs a comment here or on a scene.',
      rows: 4,
    },
    draft: d,
    extra: html`<fieldset class="scene-comments">
      <legend>Comments on scenes (optional)</legend>
      ${ctx.scenes.map(
        (text, k) =>
          html`<div class="field">
            <label for="comment-scene-${k}">Scene ${k + 1} <span class="muted">“${text}”</span></label>
            <textarea id="comment-scene-${k}" name="scene-${k}" rows="2">${d.scenes?.[String(k)] ?? ''}</textarea>
          </div>`,
      )}
    </fieldset>`,
    signature: {
      idPrefix: '',
      need: 'an approval',
      meaning: html`By approving, you sign that version <code>${shortSha(ctx.scriptSha256)}</code> of this script is
        <strong>${SIGNATURE_MEANING}</strong>. Your name, role and the time are recorded with the signature.`,
    },
  });
}
