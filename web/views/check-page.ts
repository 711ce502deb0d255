// The public video check page: a file is hashed in the browser, a link or fingerprint pasted; the agency's answer.
import { html } from 'hono/html';
import { LOCALES, translator, type Locale } from '../i18n.ts';
import { CHECK, type CheckKey } from '../i18n/check.ts';
import { MAX_INPUT, type CheckResult, type InputProblem } from '../routes/check-data.ts';
import { formatDateTime, languageLabel, plainUserText, safeHttpUrl, userText } from './format.ts';
import { RENDITION_FORMATS } from '../../shared/renditions.ts';
import type { Html } from './layout.ts';
import { STYLESHEET } from './stylesheet.ts';

type T = ReturnType<typeof translator<CheckKey>>;

export interface CheckPageInput {
  locale: Locale;
  /** What the visitor entered, shown again in the field. */
  input: string;
  result?: CheckResult;
  problem?: InputProblem;
  /** The page's short address (for the QR code and to say aloud). */
  address: string;
  /** Versioned paths of the page's script and QR image. */
  scriptHref: string;
  qrHref: string;
}

const ENDONYMS: Record<Locale, string> = { de: 'Deutsch', en: 'English' };

/** The whole page; its only script (hashing a chosen file) is a same-origin file, so the page works without it too. */
export function checkPage(input: CheckPageInput): Html {
  const { locale, result, problem } = input;
  const t = translator(CHECK, locale);
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${result || problem ? `${t('resultHeading')}: ` : ''}${t('title')} · klartext</title>
        <link rel="stylesheet" href="${STYLESHEET.href}" />
        <script src="${input.scriptHref}" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">${t('skipLink')}</a>
        <header class="site-header">
          <div class="site-header-inner">
            <a class="brand" href="/check?lang=${locale}">${t('brand')}</a>
            ${languageLinks(input, t)}
          </div>
        </header>
        <main id="main" tabindex="-1">
          <div class="page-head">
            <h1>${t('title')}</h1>
            <p class="lede">${t('lede')}</p>
          </div>
          ${result || problem ? resultSection(input, t) : ''} ${forms(input, t)} ${shareSection(input, t)}
        </main>
        <footer class="site-footer"><p>${t('footer')}</p></footer>
      </body>
    </html>`;
}

function languageLinks(input: CheckPageInput, t: T): Html {
  const query = (l: Locale) => `/check?lang=${l}${input.result ? `&v=${input.result.sha256}` : ''}`;
  return html`<nav class="site-nav" aria-label="${t('languageNav')}">
    <ul>
      ${LOCALES.map(
        (l) =>
          html`<li>
            <a href="${query(l)}" lang="${l}" hreflang="${l}" ${l === input.locale ? html`aria-current="page"` : ''}
              >${ENDONYMS[l]}</a
            >
          </li>`,
      )}
    </ul>
  </nav>`;
}

function forms(input: CheckPageInput, t: T): Html {
  return html`<section class="panel" aria-labelledby="file-heading" id="file-panel" hidden data-check-file>
      <h2 id="file-heading">${t('fileHeading')}</h2>
      <p>${t('privacy')}</p>
      <div class="field">
        <label for="check-file">${t('fileLabel')}</label>
        <input type="file" id="check-file" accept="video/*,.mp4,.m4v,.mov,.webm" aria-describedby="check-file-hint" />
        <p class="muted" id="check-file-hint">${t('fileHint')}</p>
      </div>
      <p
        id="check-file-status"
        role="status"
        aria-live="polite"
        data-hashing="${t('fileHashing')}"
        data-no-crypto="${t('fileNoCrypto')}"
        data-failed="${t('fileFailed')}"
      ></p>
    </section>
    <section class="panel" aria-labelledby="paste-heading">
      <h2 id="paste-heading">${t('pasteHeading')}</h2>
      <form method="get" action="/check" id="check-form">
        <input type="hidden" name="lang" value="${input.locale}" />
        <div class="field">
          <label for="check-input">${t('pasteLabel')}</label>
          <input
            type="text"
            id="check-input"
            name="v"
            value="${input.input}"
            maxlength="${MAX_INPUT}"
            size="72"
            autocomplete="off"
            spellcheck="false"
            autocapitalize="none"
            aria-describedby="check-input-hint"
          />
          <p class="muted" id="check-input-hint">${t('pasteHint')}</p>
        </div>
        <button type="submit" class="button-primary">${t('submit')}</button>
      </form>
    </section>`;
}

function resultSection(input: CheckPageInput, t: T): Html {
  const { result, problem, locale } = input;
  const body = problem
    ? html`<div class="alert alert-blocking" role="alert"><p>${t(problem)}</p></div>`
    : result
      ? verdict(result, locale, t)
      : '';
  return html`<section aria-labelledby="result-heading" id="result">
    <h2 id="result-heading">${t('resultHeading')}</h2>
    ${body}
  </section>`;
}

function verdict(result: CheckResult, locale: Locale, t: T): Html {
  const fingerprint = html`<p class="muted">${t('fingerprint')}: <code class="sha">${result.sha256}</code></p>`;
  if (result.kind === 'unknown') {
    return html`<div class="alert alert-blocking" id="verdict" data-verdict="unknown">
        <h3>${t('status.unknown')}</h3>
        <p>${t('status.unknownText')}</p>
        <p>${t('status.unknownAdvice')}</p>
      </div>
      ${fingerprint}`;
  }
  if (result.kind === 'invalid') {
    return html`<div class="alert alert-blocking" id="verdict" data-verdict="invalid">
        <h3>${t('status.invalid')}</h3>
        <p>${t('status.invalidText')}</p>
      </div>
      ${fingerprint}`;
  }
  const box = { endorsed: 'notice notice-ok', replaced: 'notice notice-warning', retracted: 'alert alert-blocking' };
  const replacement =
    result.status === 'replaced' && result.replacedBy
      ? html`<p><a href="/check?lang=${locale}&v=${result.replacedBy}">${t('status.replacedLink')}</a></p>`
      : '';
  // The replacement's reason is a fixed English note of the pipeline; the text above says it in the page's language.
  const reason =
    result.status === 'retracted' && result.statusReason
      ? html`<p><strong>${t('status.reason')}:</strong> ${userText(result.statusReason)}</p>`
      : '';
  return html`<div class="${box[result.status]}" id="verdict" data-verdict="${result.status}">
      <h3>${t(`status.${result.status}`)}</h3>
      <p>${t(`status.${result.status}Text`)}</p>
      ${reason} ${replacement}
    </div>
    ${fingerprint} ${facts(result, locale, t)} ${claims(result, t)} ${credentials(result, t)}`;
}

type Genuine = Extract<CheckResult, { kind: 'genuine' }>;

/** Which frame format a rendition is: `9:16, 720×1280: a version of the same reviewed video`. */
function formatText(rendition: NonNullable<Genuine['rendition']>, t: T): string {
  const { aspect } = RENDITION_FORMATS[rendition.format];
  const value = t('facts.formatValue', { aspect, width: rendition.width, height: rendition.height });
  return rendition.openCaptions ? `${value} (${t('facts.formatOpenCaptions')})` : value;
}

function facts(result: Genuine, locale: Locale, t: T): Html {
  const row = (label: string, value: Html | string) =>
    html`<dt>${label}</dt>
      <dd>${value}</dd>`;
  return html`<h3>${t('facts.heading')}</h3>
    <dl class="facts">
      ${row(t('facts.published'), formatDateTime(result.publishedAt, locale))}
      ${result.agency ? row(t('facts.agency'), userText(result.agency)) : ''}
      ${row(t('facts.campaign'), userText(result.campaignTitle))} ${row(t('facts.audience'), userText(result.audience))}
      ${result.language ? row(t('facts.language'), languageLabel(result.language, locale)) : ''}
      ${result.rendition ? row(t('facts.format'), formatText(result.rendition, t)) : ''}
      ${
        result.reviews.lastAt
          ? row(
              t('facts.reviewed'),
              t('facts.reviewedValue', {
                count: result.reviews.count,
                date: formatDateTime(result.reviews.lastAt, locale),
              }),
            )
          : ''
      }
      ${row(t('facts.aiGenerated'), t('facts.aiGeneratedValue'))}
      ${result.status === 'endorsed' ? '' : row(t('facts.statusChanged'), formatDateTime(result.statusChangedAt, locale))}
    </dl>`;
}

function claims(result: Genuine, t: T): Html {
  if (result.claims.length === 0)
    return html`<h3>${t('claims.heading')}</h3>
      <p>${t('claims.none')}</p>`;
  return html`<h3>${t('claims.heading')}</h3>
    <ol class="check-claims">
      ${result.claims.map((c) => {
        const href = safeHttpUrl(c.source.url);
        const title = plainUserText(c.source.title);
        return html`<li>
          <p ${result.language ? html`lang="${result.language}"` : ''}>
            ${c.text ? userText(c.text) : html`<em>${t('claims.textUnavailable')}</em>`}
          </p>
          <p class="muted">
            ${t('claims.source')}: ${href ? html`<a href="${href}" rel="noopener noreferrer">${title}</a>` : title},
            ${userText(c.source.publisher)}, ${c.source.date}
          </p>
        </li>`;
      })}
    </ol>`;
}

function credentials(result: Genuine, t: T): Html {
  const cc = result.contentCredentials;
  const heading = html`<h3>${t('cc.heading')}</h3>`;
  if (!cc)
    return html`${heading}
      <p data-content-credentials="not-available">${t('cc.notAvailable')}</p>`;
  if (!cc.present)
    return html`${heading}
      <p data-content-credentials="absent">${t('cc.absent')}</p>`;
  // The manifest knows whether the development certificate signed, not whether a reader trusts the agency's own.
  const state = !cc.valid
    ? 'invalid'
    : cc.source === 'manifest'
      ? cc.development
        ? 'untrusted'
        : 'signed'
      : cc.trusted
        ? 'present'
        : 'untrusted';
  return html`${heading}
    <p data-content-credentials="${state}">${t(`cc.${state}`)}</p>
    <dl class="facts">
      ${
        cc.signer
          ? html`<dt>${t('cc.signer')}</dt>
              <dd>${userText(cc.signer)}</dd>`
          : ''
      }
      ${
        cc.issuer
          ? html`<dt>${t('cc.issuer')}</dt>
              <dd>${userText(cc.issuer)}</dd>`
          : ''
      }
      <dt>${t('cc.aiAssertion')}</dt>
      <dd>${cc.aiGenerated ? t('cc.yes') : t('cc.no')}</dd>
    </dl>`;
}

function shareSection(input: CheckPageInput, t: T): Html {
  return html`<section class="panel" aria-labelledby="share-heading">
    <h2 id="share-heading">${t('qr.heading')}</h2>
    <p>${t('qr.text', { address: input.address })}</p>
    <img src="${input.qrHref}" alt="${t('qr.alt')}" width="160" height="160" />
  </section>`;
}
