// The links under a paged list: the next page, and back to the first; no page numbers (pages are keyset cursors).
import { html } from 'hono/html';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { LISTS } from '../i18n/lists.ts';
import type { Html } from './layout.ts';

/** Where the list's other pages are; both absent on a list that fits one page. */
export interface PageLinks {
  nextHref?: string;
  firstHref?: string;
}

/** The pager, or nothing when the list fits one page. */
export function pager(links: PageLinks, locale: Locale = DEFAULT_LOCALE): Html | '' {
  if (!links.nextHref && !links.firstHref) return '';
  const t = translator(LISTS, locale);
  return html`<nav class="pager" aria-label="${t('pages.label')}">
    ${links.firstHref ? html`<a href="${links.firstHref}">${t('pages.first')}</a>` : ''}
    ${links.nextHref ? html`<a href="${links.nextHref}" rel="next">${t('pages.next')}</a>` : ''}
  </nav>`;
}
