// A script's sentences in the reader's language: the cell beside each sentence, the note above, the sign-off warning.
import { html } from 'hono/html';
import type { SentenceRendering, SideBySide } from '../../shared/back-translation.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW, type ReviewKey } from '../i18n/review.ts';
import { fillHtml, languageLabel, shortSha } from './format.ts';
import type { Html } from './layout.ts';

type T = (key: ReviewKey, vars?: Record<string, string | number>) => string;

/** The rendering beside one sentence, saying where it comes from: a claim version, a back-translation, or nothing. */
export function renderingCell(rendering: SentenceRendering | undefined, lang: string, t: T): Html {
  if (!rendering || rendering.kind === 'not-back-translated') {
    return html`<span class="tag tag-warning">${t('render.none')}</span>`;
  }
  if (rendering.kind === 'claim') {
    const claim = html`<a href="#claim-${rendering.claimId}" class="claim-link">${rendering.claimId}</a>`;
    const version = html`<code title="${rendering.claimSha256}">${shortSha(rendering.claimSha256)}</code>`;
    return html`<p class="rendering" lang="${lang}">${rendering.text}</p>
      <p class="rendering-source">${fillHtml(t('render.claim'), { claim, version })}</p>`;
  }
  return html`<p class="rendering" lang="${lang}">${rendering.text}</p>
    <p class="rendering-source">${t('render.back')}</p>`;
}

/** What the column beside the sentences holds, who back-translated, and why some sentences have nothing. */
export function renderingNote(side: SideBySide, locale: Locale = DEFAULT_LOCALE): Html {
  const t = translator(REVIEW, locale);
  const language = languageLabel(side.language, locale);
  const missing = side.missing
    ? t(`render.missing.${side.missing}`, { n: side.notBackTranslated, failure: side.failure ?? '' })
    : undefined;
  return html`<div class="rendering-note" id="rendering">
    <p>
      ${t('render.intro', { language })}
      ${side.translatedBy ? t('render.by', { provider: providerName(side.translatedBy) }) : ''}
    </p>
    ${missing ? html`<p class="notice notice-warning">${missing}</p>` : ''}
  </div>`;
}

const providerName = (by: NonNullable<SideBySide['translatedBy']>) =>
  by.model ? `${by.provider} · ${by.model}` : by.provider;

/** The warning on the medical sign-off form when sentences have no rendering in a language the reviewer reads. */
export function signOffWarning(
  sides: readonly SideBySide[],
  scriptLang: string,
  locale: Locale = DEFAULT_LOCALE,
): Html {
  const t = translator(REVIEW, locale);
  const short = sides.filter((s) => s.notBackTranslated > 0);
  if (short.length === 0) return html``;
  return html`${short.map(
    (s) =>
      html`<p class="notice notice-warning" role="note">
        ${t('render.signOff', {
          n: s.notBackTranslated,
          language: languageLabel(s.language, locale),
          script: languageLabel(scriptLang, locale),
        })}
      </p>`,
  )}`;
}
