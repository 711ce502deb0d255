// The page frame of every workspace page (login included): skip link, header with navigation and account, one main.
import { html } from 'hono/html';
import type { User } from '../../db/user-repo.ts';
import { MANAGER_ROLES, type Role, STAFF_ROLES } from '../../shared/roles.ts';
import { plainUserText, ROLE_LABELS } from './format.ts';
import { STYLESHEET } from './stylesheet.ts';

/** An escaped HTML fragment as produced by `html```; never build one by concatenating strings. */
export type Html = ReturnType<typeof html>;

export interface LayoutInput {
  /** The page's subject; the document title reads "<title> · klartext review". */
  title: string;
  body: Html;
  /** The signed-in user; without one the header shows no navigation (the login page). */
  user?: User;
  /** Needed for the sign-out form. */
  csrfToken?: string;
  /** The navigation entry to mark as current, e.g. '/queue'. */
  current?: string;
}

const NAV: { href: string; label: string; roles: readonly Role[] }[] = [
  { href: '/queue', label: 'Review queue', roles: STAFF_ROLES },
  { href: '/dashboard', label: 'Campaigns', roles: MANAGER_ROLES },
];

function navigation(user: User, current: string | undefined): Html {
  const items = NAV.filter((n) => n.roles.includes(user.role));
  return html`<nav class="site-nav" aria-label="Main">
    <ul>
      ${items.map(
        (n) => html`<li><a href="${n.href}" ${n.href === current ? html`aria-current="page"` : ''}>${n.label}</a></li>`,
      )}
    </ul>
  </nav>`;
}

function account(user: User, csrfToken: string | undefined): Html {
  return html`<div class="account">
    <span class="account-name">${user.displayName}</span>
    <span class="account-role">${ROLE_LABELS[user.role] ?? user.role}</span>
    ${
      csrfToken === undefined
        ? ''
        : html`<form method="post" action="/logout" class="sign-out">
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <button type="submit" class="button-quiet">Sign out</button>
          </form>`
    }
  </div>`;
}

/** Renders a complete HTML document around `body`, which becomes the page's only `<main>`. */
export function layout({ title, body, user, csrfToken, current }: LayoutInput): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${plainUserText(title)} · klartext review</title>
        <link rel="stylesheet" href="${STYLESHEET.href}" />
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header">
          <div class="site-header-inner">
            <a class="brand" href="/">klartext <span class="brand-sub">Medical review</span></a>
            ${user ? navigation(user, current) : ''} ${user ? account(user, csrfToken) : ''}
          </div>
        </header>
        <main id="main" tabindex="-1">${body}</main>
        <footer class="site-footer">
          <p>Nothing is published without a medical reviewer's signature. Every decision is recorded.</p>
        </footer>
      </body>
    </html>`;
}

/** A page saying what went wrong and where to go next (unknown segment, missing role, …). */
export function messagePage(input: Omit<LayoutInput, 'body'> & { heading: string; message: string }): Html {
  return layout({
    ...input,
    body: html`<div class="page-head"><h1>${input.heading}</h1></div>
      <p class="lede">${input.message}</p>
      <p><a href="/">Back to the start page</a></p>`,
  });
}
