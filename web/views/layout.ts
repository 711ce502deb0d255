// The page frame of every workspace page (login included): skip link, header with navigation, language and account.
import { html } from 'hono/html';
import type { User } from '../../db/user-repo.ts';
import { MANAGER_ROLES, type Role, STAFF_ROLES } from '../../shared/roles.ts';
import { DEFAULT_LOCALE, LOCALES, translator, type Locale } from '../i18n.ts';
import { WORKSPACE, type WorkspaceKey } from '../i18n/workspace.ts';
import { plainUserText, roleLabel } from './format.ts';
import { STYLESHEET } from './stylesheet.ts';

/** An escaped HTML fragment as produced by `html```; never build one by concatenating strings. */
export type Html = ReturnType<typeof html>;

export interface LayoutInput {
  /** The page's subject; the document title reads "<title> · klartext review". */
  title: string;
  body: Html;
  /** The language of the page: `<html lang>` and every text of the frame. */
  locale?: Locale;
  /** The signed-in user; without one the header shows no navigation (the login page). */
  user?: User;
  /** Needed for the sign-out and language forms. */
  csrfToken?: string;
  /** The navigation entry to mark as current, e.g. '/queue'. */
  current?: string;
  /** The language the user chose ('' or absent: as the browser asks); preselected in the switch. */
  languageSetting?: Locale | '';
  /** Where the language switch returns to (this page's path and query). */
  path?: string;
}

const NAV: { href: string; label: WorkspaceKey; roles: readonly Role[] }[] = [
  { href: '/queue', label: 'nav.queue', roles: STAFF_ROLES },
  { href: '/dashboard', label: 'nav.campaigns', roles: MANAGER_ROLES },
  { href: '/campaigns/new', label: 'nav.newCampaign', roles: MANAGER_ROLES },
  { href: '/channels', label: 'nav.channels', roles: MANAGER_ROLES },
  // Every reviewer reads the claims library; importing and withdrawing are checked on its page.
  { href: '/claims', label: 'nav.claims', roles: STAFF_ROLES },
];

/** Each language named in itself, so a reader finds their own whatever language the page is in. */
const ENDONYMS: Record<Locale, string> = { de: 'Deutsch', en: 'English' };

type T = ReturnType<typeof translator<WorkspaceKey>>;

function navigation(user: User, current: string | undefined, t: T): Html {
  const items = NAV.filter((n) => n.roles.includes(user.role));
  return html`<nav class="site-nav" aria-label="${t('mainNav')}">
    <ul>
      ${items.map(
        (n) =>
          html`<li><a href="${n.href}" ${n.href === current ? html`aria-current="page"` : ''}>${t(n.label)}</a></li>`,
      )}
    </ul>
  </nav>`;
}

/** The language switch: works without scripts, stores the choice on the user (POST /settings/language). */
function languageSwitch(input: LayoutInput, csrfToken: string, t: T): Html {
  const setting = input.languageSetting ?? '';
  const option = (value: Locale | '', label: string, lang?: Locale) =>
    html`<option value="${value}" ${lang ? html`lang="${lang}"` : ''} ${setting === value ? html`selected` : ''}>
      ${label}
    </option>`;
  return html`<form method="post" action="/settings/language" class="language-switch">
    <input type="hidden" name="_csrf" value="${csrfToken}" />
    <input type="hidden" name="next" value="${input.path ?? '/'}" />
    <label for="language-select">${t('languageLabel')}</label>
    <select id="language-select" name="locale">
      ${option('', t('languageBrowser'))} ${LOCALES.map((l) => option(l, ENDONYMS[l], l))}
    </select>
    <button type="submit" class="button-quiet">${t('languageSave')}</button>
  </form>`;
}

function account(input: LayoutInput & { user: User }, locale: Locale, t: T): Html {
  const { user, csrfToken } = input;
  return html`<div class="account">
    ${csrfToken === undefined ? '' : languageSwitch(input, csrfToken, t)}
    <span class="account-name">${user.displayName}</span>
    <span class="account-role">${roleLabel(user.role, locale)}</span>
    ${
      csrfToken === undefined
        ? ''
        : html`<form method="post" action="/logout" class="sign-out">
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <button type="submit" class="button-quiet">${t('signOut')}</button>
          </form>`
    }
  </div>`;
}

/** Renders a complete HTML document around `body`, which becomes the page's only `<main>`. */
export function layout(input: LayoutInput): Html {
  const { title, body, user, current } = input;
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = translator(WORKSPACE, locale);
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${plainUserText(title)} · ${t('titleSuffix')}</title>
        <link rel="stylesheet" href="${STYLESHEET.href}" />
      </head>
      <body>
        <a class="skip-link" href="#main">${t('skipLink')}</a>
        <header class="site-header">
          <div class="site-header-inner">
            <a class="brand" href="/">klartext <span class="brand-sub">${t('brandSub')}</span></a>
            ${user ? navigation(user, current, t) : ''} ${user ? account({ ...input, user }, locale, t) : ''}
          </div>
        </header>
        <main id="main" tabindex="-1">${body}</main>
        <footer class="site-footer">
          <p>${t('footer')}</p>
        </footer>
      </body>
    </html>`;
}

/** A page saying what went wrong and where to go next (unknown segment, missing role, …). */
export function messagePage(input: Omit<LayoutInput, 'body'> & { heading: string; message: string | Html }): Html {
  const t = translator(WORKSPACE, input.locale ?? DEFAULT_LOCALE);
  return layout({
    ...input,
    body: html`<div class="page-head"><h1>${input.heading}</h1></div>
      <p class="lede">${input.message}</p>
      <p><a href="/">${t('backToStart')}</a></p>`,
  });
}
