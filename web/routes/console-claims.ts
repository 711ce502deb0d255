// Console routes of the claims library: list with validity, import a claims file, withdraw with its cascade shown first.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../../api/deps.ts';
import type { WebEnv } from '../../api/session.ts';
import { parseClaimsFile } from '../../campaign/claims-file.ts';
import { importClaims, listLibraryClaims } from '../../db/claim-repo.ts';
import { listEndorsedCiting } from '../../db/revocation-repo.ts';
import { mapError } from '../../services/errors.ts';
import { withdrawClaim } from '../../services/claim-withdrawal.ts';
import { listInFlightCiting } from '../../db/withdrawal-repo.ts';
import { isClaimCurrent } from '../../shared/claims.ts';
import { InputError } from '../../shared/errors.ts';
import { MANAGER_ROLES, type Role } from '../../shared/roles.ts';
import { consoleText, type FileProblem } from '../views/console-common.ts';
import { claimsBody, cascadePreview, type ClaimsPageInput } from '../views/console-claims.ts';
import { confirmBody, readConfirmation } from '../views/console-confirm.ts';
import { libraryText } from './console-channels.ts';
import { sendFramed, sendMessage } from './web-page.ts';
import type { Guards } from './console-shared.ts';

/** Who curates the library (as over the API): lead reviewers and admins, and campaign managers. */
export const CURATOR_ROLES: readonly Role[] = ['campaign_manager', 'lead_reviewer', 'admin'];

const AT = /^(.+?):(\d+):(\d+): ([\s\S]*)$/;
const problemsOf = (err: InputError, file: string): FileProblem[] =>
  err.message.split('\n').map((line) => {
    const m = AT.exec(line);
    return m
      ? { file: m[1] ?? file, line: Number(m[2]), column: Number(m[3]), message: m[4] ?? '' }
      : { file, line: 1, column: 1, message: line };
  });

export function claimConsoleRoutes(deps: AppDeps, { managers, curators, staff }: Guards) {
  const { pool } = deps;
  const app = new Hono<WebEnv>();

  const page = async (c: Context<WebEnv>, extra: Partial<ClaimsPageInput> = {}, status: 200 | 201 | 400 = 200) => {
    const text = libraryText(c);
    const today = new Date().toISOString().slice(0, 10);
    const claims = (await listLibraryClaims(pool)).map((e) => ({ ...e, usable: isClaimCurrent(e.claim, today) }));
    const role = c.var.user.role;
    const input: ClaimsPageInput = {
      claims,
      csrfToken: c.var.session.csrfToken,
      mayWithdraw: MANAGER_ROLES.includes(role),
      mayImport: CURATOR_ROLES.includes(role),
      ...extra,
    };
    return sendFramed(c, { title: text.t('claims'), current: '/claims', body: claimsBody(text, input) }, status);
  };

  app.get('/claims', ...staff, (c) => page(c));

  app.post('/claims/import', ...curators, async (c) => {
    const { t } = libraryText(c);
    const file = (await c.req.parseBody()).claims;
    if (!(file instanceof File) || file.size === 0) return page(c, { error: t('missingClaimsFile') }, 400);
    const name = file.name.split(/[\\/]/).pop() || 'claims.yaml';
    let claims;
    try {
      claims = parseClaimsFile(await file.text(), name);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return page(c, { problems: problemsOf(err, name) }, 400);
    }
    const counts = await importClaims(pool, claims);
    return page(c, { flash: t('imported', counts) }, 201);
  });

  const withdrawPage = async (
    c: Context<WebEnv>,
    extra: { reason?: string; error?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const text = libraryText(c);
    const { t } = text;
    const id = c.req.param('id') ?? '';
    if (!(await listLibraryClaims(pool)).some((e) => e.claim.id === id)) {
      return sendMessage(c, 404, t('claims'), t('claimNotFound', { id }));
    }
    const heading = t('confirmWithdraw', { id });
    const body = confirmBody(consoleText(text.locale), {
      heading,
      explanation: t('confirmWithdrawText'),
      action: `/claims/${encodeURIComponent(id)}/withdraw`,
      backHref: '/claims',
      crumbs: [[t('claims'), '/claims'], [id]],
      csrfToken: c.var.session.csrfToken,
      reasonRequired: true,
      preview: cascadePreview(text, await listEndorsedCiting(pool, id), await listInFlightCiting(pool, id)),
      ...extra,
    });
    return sendFramed(c, { title: heading, current: '/claims', body }, status);
  };

  app.get('/claims/:id/withdraw', ...managers, (c) => withdrawPage(c));

  app.post('/claims/:id/withdraw', ...managers, async (c) => {
    const text = libraryText(c);
    const { reason, error } = readConfirmation(consoleText(text.locale), await c.req.parseBody(), true);
    if (error) return withdrawPage(c, { reason, error }, 400);
    const id = c.req.param('id');
    try {
      const { outcome } = await withdrawClaim(deps, id, c.var.user, reason);
      if (!outcome) return page(c, { flash: text.t('doneRunning', { id }) });
      const flash = text.t('doneWithdrawn', {
        id,
        videos: outcome.videosRetracted.reduce((n, r) => n + r.videos, 0),
        sentBack: outcome.segmentsSentBack.length,
        blocked: outcome.segmentsBlocked.length,
      });
      return page(c, { flash, withdrawal: outcome });
    } catch (err) {
      const { status, message } = mapError(err);
      if (status >= 500) throw err;
      if (status === 404) return withdrawPage(c);
      return withdrawPage(c, { reason, error: message }, 409);
    }
  });

  return app;
}
