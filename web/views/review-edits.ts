// The review form's script edits: one per line (`drop 3.2`, `shorten 2.1 <claim>`), made by the next version.
import { html } from 'hono/html';
import { translator, type Locale } from '../i18n.ts';
import { REVIEW_EDITS, type ReviewEditsKey } from '../i18n/review-edits.ts';
import type { CitedClaim } from '../../services/script-view.ts';
import type { Html } from './layout.ts';

/** Examples as typed (the same in every language), with what each does. */
const EXAMPLES: readonly (readonly [string, ReviewEditsKey])[] = [
  ['drop 3', 'syntax.dropScene'],
  ['drop 3.2', 'syntax.dropSentence'],
  ['shorten 2.1 <claim>', 'syntax.shorten'],
  ['alternative 2.1 <claim> 1', 'syntax.alternative'],
  ['move 4 2', 'syntax.move'],
];

/** The edits field of the script decision form, keeping what the reviewer typed when the page comes back. */
export function editsField(value: string | undefined, locale: Locale): Html {
  const t = translator(REVIEW_EDITS, locale);
  return html`<fieldset class="script-edits">
    <legend>${t('legend')}</legend>
    <p class="hint" id="edits-hint">${t('hint')}</p>
    <details>
      <summary>${t('syntax.caption')}</summary>
      <dl class="edit-syntax">
        ${EXAMPLES.map(
          ([code, key]) =>
            html`<div>
              <dt><code lang="en">${code}</code></dt>
              <dd>${t(key)}</dd>
            </div>`,
        )}
      </dl>
    </details>
    <div class="field">
      <label for="edits">${t('label')}</label>
      <textarea id="edits" name="edits" rows="3" spellcheck="false" aria-describedby="edits-hint">
${value ?? ''}</textarea>
    </div>
  </fieldset>`;
}

/** A cited claim's other approved wordings (what `shorten` and `alternative` edits say instead), and its myth. */
export function otherWordings(claim: CitedClaim, lang: string, locale: Locale): Html {
  const t = translator(REVIEW_EDITS, locale);
  const rows: [string, string][] = [
    ...(claim.shortText ? [[t('wordings.short'), claim.shortText] as [string, string]] : []),
    ...(claim.alternatives ?? []).map((text, i): [string, string] => [t('wordings.alternative', { n: i + 1 }), text]),
    ...(claim.myth
      ? [
          [t('wordings.myth'), claim.myth.text],
          [t('wordings.whyWrong'), claim.myth.whyWrong],
        ]
      : []),
  ] as [string, string][];
  if (rows.length === 0) return html``;
  return html`<h4 class="other-wordings-head">${t('wordings.caption')}</h4>
    <dl class="other-wordings">
      ${rows.map(
        ([label, text]) =>
          html`<div>
            <dt>${label}</dt>
            <dd lang="${lang}">${text}</dd>
          </div>`,
      )}
    </dl>`;
}
