// The confirmation step of every steering action: what it does, a reason, an explicit tick, and the action's own fields.
import { html } from 'hono/html';
import type { Html } from './layout.ts';
import { alert, breadcrumb, csrfField, type ConsoleText } from './console-common.ts';

export interface ConfirmInput {
  heading: string;
  explanation: string;
  /** Where the form posts; the page's own URL. */
  action: string;
  /** Where "back" leads: the campaign console or the segment page. */
  backHref: string;
  crumbs: readonly [string, string?][];
  csrfToken: string;
  /** Whether a reason is required (resume takes an optional one). */
  reasonRequired: boolean;
  /** Fields of the action itself (the new budget, the channel and backfill), already rendered. */
  fields?: Html;
  /** What the action would touch, shown before the confirmation (the backfill list, the claim's cascade). */
  preview?: Html;
  reason?: string;
  error?: string;
}

export function confirmBody({ t }: ConsoleText, input: ConfirmInput): Html {
  return html`${breadcrumb(input.crumbs, t('breadcrumb'))}
    <div class="page-head">
      <h1>${input.heading}</h1>
      <p class="lede">${input.explanation}</p>
    </div>
    ${alert(input.error)} ${input.preview ?? ''}
    <form method="post" action="${input.action}" class="panel confirm">
      ${csrfField(input.csrfToken)} ${input.fields ?? ''}
      <div class="field">
        <label for="f-reason">${input.reasonRequired ? t('reason') : t('reasonOptional')}</label>
        <textarea
          id="f-reason"
          name="reason"
          rows="3"
          maxlength="2000"
          ${input.reasonRequired ? html`required minlength="3"` : ''}
          aria-describedby="f-reason-hint"
        >
${input.reason ?? ''}</textarea>
        <p class="hint" id="f-reason-hint">${t('reasonHint')}</p>
      </div>
      <div class="field-check">
        <input id="f-confirm" type="checkbox" name="confirm" value="1" required />
        <label for="f-confirm">${t('understand')}</label>
      </div>
      <div class="field-actions">
        <button type="submit" class="button-primary">${t('confirm')}</button>
        <a href="${input.backHref}">${t('back')}</a>
      </div>
    </form>`;
}

/** Reads and checks the confirmation form: the reason (trimmed) or the text of what is missing. */
export function readConfirmation(
  { t }: ConsoleText,
  form: Record<string, unknown>,
  reasonRequired: boolean,
): { reason: string; error?: string } {
  const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
  if (reasonRequired && reason.length < 3) return { reason, error: t('reasonMissing') };
  if (form.confirm !== '1') return { reason, error: t('notConfirmed') };
  return { reason };
}
