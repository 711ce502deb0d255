// The login page in the workspace's frame, for `loginRoutes({ page: loginPage })`.
import { html } from 'hono/html';
import type { LoginPageProps } from '../routes/login.ts';
import { layout, type Html } from './layout.ts';

/** Renders the login form; field names and hidden fields are the ones the login routes read. */
export function loginPage({ csrfToken, next, username, error }: LoginPageProps): Html {
  return layout({
    title: 'Log in',
    body: html`<div class="login">
      <div class="page-head">
        <h1>Log in</h1>
        <p class="lede">Medical review of klartext public-health videos.</p>
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
          <label for="username">User name</label>
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
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
        </div>
        <button type="submit" class="button-primary">Log in</button>
      </form>
      <p class="muted">Sessions end after 8 hours without activity. Ask an administrator if you cannot log in.</p>
    </div>`,
  });
}
