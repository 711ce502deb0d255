// The decision panel of the review page, one layout for both subjects: why there is no form, or the signed form.
import { html } from 'hono/html';
import type { Locale } from '../i18n.ts';
import type { Html } from './layout.ts';
import { choicesFieldset, signatureFields } from './review-sign-off.ts';

/** What differs between the script's and the video's decision panel. */
export interface DecisionPanel {
  heading: string;
  intro: Html;
  /** Shown between the intro and the form, e.g. earlier decisions on the video. */
  before?: Html;
  error?: string;
  /** Why this reviewer gets no form; the form is shown when absent. */
  closedReason: string | undefined;
  action: string;
  csrfToken: string;
  /** The hidden field binding the decision to what the reviewer read or watched. */
  bind: { name: string; value: string };
  choices: { legend: string; idPrefix: string; options: readonly (readonly [string, string, string])[] };
  comment: { id: string; label: string; hint: string; rows: number };
  /** What the reviewer entered, kept when the page is shown again with an error (never the password). */
  draft: { decision?: string; comment?: string };
  /** Form fields between the comment and the signature, e.g. per-scene comments. */
  extra?: Html;
  signature: { idPrefix: string; need: string; meaning: Html };
  /** The page's language, for the signature's field and button; English when absent. */
  locale?: Locale;
}

/** The "decide" section of the review page. */
export function decisionPanel(p: DecisionPanel): Html {
  const { comment, signature } = p;
  return html`<section class="panel decide" id="decide" aria-labelledby="decide-h">
    <h2 id="decide-h">${p.heading}</h2>
    <p class="section-intro">${p.intro}</p>
    ${p.before ?? ''}
    ${p.error ? html`<div class="alert alert-blocking" id="decision-error"><p>${p.error}</p></div>` : ''}
    ${
      p.closedReason
        ? html`<p class="notice">${p.closedReason}</p>`
        : html`<form method="post" action="${p.action}" class="decision-form">
            <input type="hidden" name="_csrf" value="${p.csrfToken}" />
            <input type="hidden" name="${p.bind.name}" value="${p.bind.value}" />
            ${choicesFieldset(p.choices.legend, p.choices.idPrefix, p.choices.options, p.draft.decision)}
            <div class="field">
              <label for="${comment.id}">${comment.label}</label>
              <p class="hint" id="${comment.id}-hint">${comment.hint}</p>
              <textarea id="${comment.id}" name="comment" rows="${comment.rows}" aria-describedby="${comment.id}-hint">
${p.draft.comment ?? ''}</textarea>
            </div>
            ${p.extra ?? ''} ${signatureFields(signature.idPrefix, signature.need, signature.meaning, p.locale)}
          </form>`
    }
  </section>`;
}
