// The login page in the workspace's frame, for `loginRoutes({ page: loginPage })`.
import { html } from 'hono/html';
import { translator } from '../i18n.ts';
import { WORKSPACE } from '../i18n/workspace.ts';
import type { LoginPageProps } from '../routes/login.ts';
import { layout, type Html } from './layout.ts';

/** Renders the login form; field names and hidden fields are the ones the login routes read. */
export function loginPage({ csrfToken, next, username, error, locale }: LoginPageProps): Html {
  const t = translator(WORKSPACE, locale);
  return layout({
    title: t('login.title'),
    locale,
    body: html`<div class="login">
      <div class="page-head">
        <h1>${t('login.title')}</h1>
        <p class="lede">${t('login.lede')}</p>
      </div>
      ${
        error
          ? html`<div class="alert alert-blocking" role="alert" id="login-error"><p>${error}</p></div>`
          : html`<div role="alert" id="login-error"></div>`
      }
      <form method="post" action="/login" class="panel login-form">
        <input type="hidden" name="_csrf" value="${csrfToken}" />
        <input type="hidden" name="next" value="${next}" />
        <div class="field">
          <label for="username">${t('login.username')}</label>
          <input
            type="text"
            id="username"
            name="username"
            autocomplete="username"
            required
            value="${username}"
            autocapitalize="none"
            spellcheck="false"
          />
        </div>
        <div class="field">
          <label for="password">${t('login.password')}</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
        </div>
        <button type="submit" class="button-primary">${t('login.submit')}</button>
      </form>
      <p class="muted">${t('login.help')}</p>
    </div>`,
  });
}
