// The evidence behind the script: every cited claim with its approved text and source, anchored as #claim-<id>.
import { html } from 'hono/html';
import type { CitedClaim } from '../../services/script-view.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW, type ReviewKey } from '../i18n/review.ts';
import { formatDate, safeHttpUrl } from './format.ts';
import type { Html } from './layout.ts';
import { otherWordings } from './review-edits.ts';

type T = (key: ReviewKey) => string;

function usability(claim: CitedClaim, t: T): Html {
  if (claim.missing) return html`<span class="tag tag-blocking">${t('evidence.missing')}</span>`;
  if (claim.usable === false) {
    const why = claim.status === 'withdrawn' ? t('evidence.withdrawn') : t('evidence.outOfDate');
    return html`<span class="tag tag-blocking">${why}</span>`;
  }
  return html`<span class="tag tag-ok">${t('evidence.current')}</span>`;
}

function source(claim: CitedClaim, t: T, locale: Locale): Html {
  const s = claim.source;
  if (!s) return html``;
  const href = safeHttpUrl(s.url);
  return html`<dl class="source">
    <div>
      <dt>${t('evidence.publisher')}</dt>
      <dd>${s.publisher}</dd>
    </div>
    <div>
      <dt>${t('evidence.title')}</dt>
      <dd><cite>${s.title}</cite></dd>
    </div>
    <div>
      <dt>${t('evidence.date')}</dt>
      <dd><time datetime="${s.date}">${formatDate(s.date, locale)}</time></dd>
    </div>
    <div>
      <dt>${t('evidence.source')}</dt>
      <dd>
        ${
          href
            ? html`<a href="${href}" rel="noopener noreferrer" target="_blank" class="external"
                >${new URL(href).host}<span class="visually-hidden">${t('evidence.external')}</span></a
              >`
            : html`<span class="tag tag-blocking">${t('evidence.noUrl')}</span> ${s.url}`
        }
      </dd>
    </div>
  </dl>`;
}

/** The "Evidence" section; a claim that is missing or no longer usable is marked, never hidden. */
export function evidenceSection(claims: readonly CitedClaim[], lang: string, locale: Locale = DEFAULT_LOCALE): Html {
  const t = translator(REVIEW, locale);
  return html`<section class="panel evidence-list" id="evidence" aria-labelledby="evidence-h">
    <h2 id="evidence-h">${t('evidence.heading')}</h2>
    <p class="section-intro">${t('evidence.intro')}</p>
    ${
      claims.length === 0
        ? html`<p class="empty">${t('evidence.none')}</p>`
        : html`<ol class="claims">
            ${claims.map(
              (c) =>
                html`<li class="claim${c.usable === false || c.missing ? ' claim-unusable' : ''}" id="claim-${c.id}">
                  <h3 class="claim-head"><code>${c.id}</code> ${usability(c, t)}</h3>
                  ${
                    c.text
                      ? html`<blockquote class="claim-text" lang="${lang}"><p>${c.text}</p></blockquote>`
                      : html`<p class="muted">${t('evidence.noText')}</p>`
                  }
                  ${otherWordings(c, lang, locale)} ${source(c, t, locale)}
                </li>`,
            )}
          </ol>`
    }
  </section>`;
}
