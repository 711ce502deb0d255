// Decisions on a segment: the record of earlier ones, and the form a reviewer signs with (password at signing).
import { html } from 'hono/html';
import type { User } from '../../db/user-repo.ts';
import type { SideBySide } from '../../shared/back-translation.ts';
import { SIGNATURE_MEANING } from '../../review/subjects.ts';
import type { RecordedDecision } from '../../workflows/messages.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW } from '../i18n/review.ts';
import { fillHtml, pluralKey, reviewPath, shortSha } from './format.ts';
import type { Html } from './layout.ts';
import { decisionPanel } from './decision-panel.ts';
import { editsField } from './review-edits.ts';
import { signOffWarning } from './review-rendering.ts';
import { decisionTable, whyNoForm } from './review-sign-off.ts';

/** What the reviewer entered, kept when the page is shown again with an error (never the password). */
export interface DecisionDraft {
  decision?: string;
  comment?: string;
  scenes?: Record<string, string>;
  /** Script edits as typed, one per line. */
  edits?: string;
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
  /** The page's language; English when absent. */
  locale?: Locale;
  /** The script in the reader's languages: sentences without any rendering are named on the form. */
  sideBySide?: readonly SideBySide[];
  /** The script's language, for that warning. */
  scriptLanguage?: string;
}

const CHOICES = ['approve', 'request-changes', 'reject'] as const;

/** The "Decisions so far" table of this and earlier rounds. */
export function historySection(decisions: readonly RecordedDecision[], locale: Locale = DEFAULT_LOCALE): Html {
  const t = translator(REVIEW, locale);
  return html`<section class="panel history" id="history" aria-labelledby="history-h">
    <h2 id="history-h">${t('history.heading')}</h2>
    ${
      decisions.length === 0
        ? html`<p class="empty">${t('history.none')}</p>`
        : decisionTable(
            decisions.map((d) => ({ ...d, n: d.round, sha256: d.scriptSha256 })),
            {
              caption: t('history.caption'),
              captionHidden: true,
              n: t('table.round'),
              sha256: t('table.version'),
            },
            locale,
          )
    }
  </section>`;
}

function closed(ctx: DecisionContext): string | undefined {
  return whyNoForm('script', ctx.user, {
    status: ctx.status,
    waiting: ctx.status === 'IN_REVIEW',
    mine: ctx.decisions.find((d) => d.round === ctx.round && d.reviewerId === ctx.user.id),
    locale: ctx.locale ?? DEFAULT_LOCALE,
  });
}

/** What a signature means, in the page's language; other languages also show the English words that are recorded. */
export function signedMeaning(locale: Locale, translated: string, recorded: string): Html {
  if (locale === 'en') return html`<strong>${recorded}</strong>`;
  const t = translator(REVIEW, locale);
  const english = html`<span lang="en">${recorded}</span>`;
  return html`<strong>${translated}</strong> (${fillHtml(t('sign.recordedAs'), { meaning: english })})`;
}

/** The "Your decision" section: the form, or why there is none. */
export function decisionSection(ctx: DecisionContext, error?: string): Html {
  const locale = ctx.locale ?? DEFAULT_LOCALE;
  const t = translator(REVIEW, locale);
  const approvals = ctx.decisions.filter((d) => d.round === ctx.round && d.decision === 'APPROVED').length;
  const d = ctx.draft ?? {};
  const version = html`<code>${shortSha(ctx.scriptSha256)}</code>`;
  const intro = t(pluralKey('decide.intro', ctx.approvalsRequired), {
    round: ctx.round,
    approvals,
    required: ctx.approvalsRequired,
  });
  const meaning = signedMeaning(locale, t('meaning.script'), SIGNATURE_MEANING);
  return decisionPanel({
    heading: t('decide.heading'),
    intro: fillHtml(intro, { version }),
    before: signOffWarning(ctx.sideBySide ?? [], ctx.scriptLanguage ?? '', locale),
    ...(error ? { error } : {}),
    closedReason: closed(ctx),
    action: reviewPath(ctx.campaignId, ctx.segmentId),
    csrfToken: ctx.csrfToken,
    bind: { name: 'scriptSha256', value: ctx.scriptSha256 },
    choices: {
      legend: t('decide.legend'),
      idPrefix: 'decision',
      options: CHOICES.map((c) => [c, t(`choice.${c}`), t(`choice.${c}.hint`)] as const),
    },
    comment: {
      id: 'comment',
      label: t('decide.comment'),
      hint: t('decide.commentHint'),
      rows: 4,
    },
    draft: d,
    extra: html`<fieldset class="scene-comments">
        <legend>${t('decide.sceneComments')}</legend>
        ${ctx.scenes.map(
          (text, k) =>
            html`<div class="field">
              <label for="comment-scene-${k}"
                >${t('decide.sceneLabel', { n: k + 1 })} <span class="muted">“${text}”</span></label
              >
              <textarea id="comment-scene-${k}" name="scene-${k}" rows="2">${d.scenes?.[String(k)] ?? ''}</textarea>
            </div>`,
        )}
      </fieldset>
      ${editsField(d.edits, locale)}`,
    signature: {
      idPrefix: '',
      need: t('decide.need'),
      meaning: fillHtml(t('decide.meaning'), { version, meaning }),
    },
    locale,
  });
}
