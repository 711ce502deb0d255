// The review page and its decision form: GET shows a segment's current script, POST signs or sends back.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCampaign, getSegment } from '../../db/campaign-repo.ts';
import { listDecisions } from '../../db/review-repo.ts';
import { listCampaignVideos } from '../../db/video-repo.ts';
import { listVideoReviews } from '../../db/video-review-repo.ts';
import type { RecordedDecision, RecordedVideoDecision } from '../../workflows/messages.ts';
import { decideOn, languagesOf } from '../../api/decide.ts';
import type { AppDeps } from '../../api/deps.ts';
import { mayAccessCampaign } from '../../api/ownership.ts';
import { verifySignature } from '../../services/login-guard.ts';
import { mapError } from '../../services/errors.ts';
import { loadScriptView } from '../../services/script-view.ts';
import { previewEdits } from '../../services/script-edits.ts';
import { parseEdits } from '../../shared/script-edits.ts';
import type { ScriptEdit } from '../../shared/types.ts';
import { requireWebRole, type WebEnv } from '../../api/session.ts';
import { readingLanguages } from '../../review/reader-languages.ts';
import { signingDecision, type Subject } from '../../review/subjects.ts';
import { READER_ROLES, STAFF_ROLES, REVIEWER_ROLES } from '../../shared/roles.ts';
import { listReaderSignOffs } from '../../db/reader-sign-off-repo.ts';
import { getUserLanguages, type User } from '../../db/user-repo.ts';
import { signOff } from '../../api/reader-sign-off.ts';
import type { ReadersContext } from '../views/review-readers.ts';
import { normalizeText, textProblem } from '../../shared/text-guard.ts';
import { localeOf, translator } from '../i18n.ts';
import { REVIEW, type ReviewKey } from '../i18n/review.ts';
import type { DecisionDraft } from '../views/review-decision.ts';
import { reviewBody, type ReviewPageInput } from '../views/review-page.ts';
import { sendFramed, sendMessage, type PageStatus } from './web-page.ts';

/** Each subject's form: where it posts, and the fixed confirmation each decision redirects to (see DONE in web.ts). */
const FORMS = {
  script: {
    path: '/review/:campaignId/:segmentId',
    done: { approve: 'approved', 'request-changes': 'changes-requested', reject: 'rejected' },
    choose: 'route.chooseScript',
  },
  video: {
    path: '/review/:campaignId/:segmentId/video',
    done: { 'accept-video': 'video-accepted', 'request-rerender': 'rerender-requested' },
    choose: 'route.chooseVideo',
  },
} as const satisfies Record<Subject, { path: string; done: Record<string, string>; choose: ReviewKey }>;

const tr = (c: Context<WebEnv>) => translator(REVIEW, localeOf(c));

/** The languages the signed-in reviewer reads: those recorded for them, else the workspace language of this page. */
async function readerOf(deps: AppDeps, c: Context<WebEnv>): Promise<string[]> {
  const recorded = await getUserLanguages(deps.pool, c.var.user.id);
  return readingLanguages({ languages: recorded?.languages, locale: localeOf(c) });
}

type Loaded = Omit<ReviewPageInput, 'decision' | 'error' | 'readers'> & {
  decision: Omit<ReviewPageInput['decision'], 'user' | 'csrfToken' | 'draft'>;
  readers: Omit<ReadersContext, 'user' | 'csrfToken'>;
};

async function loadReview(
  deps: AppDeps,
  campaignId: string,
  segmentId: string,
  user: User,
  readers: readonly string[],
): Promise<Loaded | undefined> {
  const view = await loadScriptView(deps, campaignId, segmentId, readers);
  if (!view) return undefined;
  const [campaign, segment, videos] = await Promise.all([
    getCampaign(deps.pool, campaignId),
    getSegment(deps.pool, campaignId, segmentId),
    listCampaignVideos(deps.pool, campaignId),
  ]);
  const { review, current } = view;
  // Without a workflow to ask (it ended long ago), the database's record of decisions stands in.
  const decisions: RecordedDecision[] =
    review?.decisions ?? (await listDecisions(deps.pool, campaignId, segmentId)).map((d) => ({ ...d, role: '' }));
  const rendered = videos.find((v) => v.segmentId === segmentId && v.scriptSha256 === current.sha256);
  const videoDecisions: RecordedVideoDecision[] =
    review?.videoDecisions ?? (await listVideoReviews(deps.pool, campaignId, segmentId));
  const assets = `/assets/${encodeURIComponent(campaignId)}/${encodeURIComponent(segmentId)}`;
  // The workflow's record counts; the database keeps every sign-off, so those on earlier versions show as void.
  const recorded = await listReaderSignOffs(deps.pool, campaignId, segmentId);
  const given = review?.signOffs?.given ?? recorded.filter((s) => s.scriptSha256 === current.sha256);
  return {
    view,
    readers: {
      campaignId,
      segmentId,
      scriptSha256: current.sha256,
      status: review?.status ?? segment?.status ?? 'PENDING',
      ...(review?.signOffs ? { required: review.signOffs.required } : {}),
      given,
      earlier: recorded.filter((s) => s.scriptSha256 !== current.sha256),
      userLanguages: await languagesOf(deps.pool)(user),
    },
    campaignTitle: campaign?.title ?? campaignId,
    video: rendered && {
      src: `${assets}/video.mp4`,
      captions: `${assets}/captions.vtt`,
      ...(rendered.narration ? { narration: rendered.narration } : {}),
    },
    videoReview: {
      decisions: videoDecisions,
      ...(review?.video ? { video: { sha256: review.video.sha256, attempt: review.video.attempt } } : {}),
    },
    decision: {
      campaignId,
      segmentId,
      scriptSha256: current.sha256,
      status: review?.status ?? segment?.status ?? 'PENDING',
      round: review?.round ?? current.round,
      approvalsRequired: review?.approvalsRequired ?? campaign?.brief.review.approvalsRequired ?? 1,
      decisions,
      scenes: current.script.scenes.map((s) => s.onScreenText),
    },
    // Said on the version drafted after a send-back (and on a blocked segment's last page), not in later rounds.
    ...(review?.sentBack && review.sentBack.round >= review.round - 1 ? { sentBack: review.sentBack.message } : {}),
  };
}

function render(c: Context<WebEnv>, loaded: Loaded, status: PageStatus, error?: string, draft?: DecisionDraft) {
  const { user, session } = c.var;
  const locale = localeOf(c);
  const decision = { ...loaded.decision, user, csrfToken: session.csrfToken, draft };
  const videoReview = loaded.videoReview && { ...loaded.videoReview, ...(draft ? { draft } : {}) };
  const readers = { ...loaded.readers, user, csrfToken: session.csrfToken, locale };
  const body = reviewBody({ ...loaded, decision, readers, error, locale, ...(videoReview ? { videoReview } : {}) });
  const title = tr(c)('title', { label: loaded.view.segment?.label ?? loaded.view.segmentId });
  return sendFramed(c, { title, current: '/queue', body }, status);
}

/** A refusal shown on the form (status from the one error mapping); a session end or a failure goes to onError. */
function refusal(err: unknown): { status: PageStatus; message: string } | undefined {
  const { status, message } = mapError(err);
  return status === 401 || status === 500 ? undefined : { status, message };
}

const text = (v: unknown) => (typeof v === 'string' ? normalizeText(v.trim()) : '');

/** What the text guard refuses in a typed comment, said to the reviewer; the workflow would refuse it too. */
function draftProblem(draft: DecisionDraft, t: ReturnType<typeof tr>): string | undefined {
  const comment = textProblem(draft.comment ?? '', 'text', 10_000);
  if (comment) return t('route.comment', { problem: comment });
  for (const [scene, value] of Object.entries(draft.scenes ?? {})) {
    const problem = textProblem(value, 'text', 5_000);
    if (problem) return t('route.sceneComment', { scene, problem });
  }
  return undefined;
}

/** Per-scene comments from the script form's `scene-<index>` fields, blank ones left out. */
function sceneCommentsOf(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form).flatMap(([k, v]) => {
      const scene = /^scene-(\d+)$/.exec(k)?.[1];
      return scene !== undefined && text(v) ? [[scene, text(v)]] : [];
    }),
  );
}

/**
 * Re-checks the password when the decision is a signature (rate-limited like logins), sends the decision, and answers:
 * the queue with a confirmation, or the page again with the workflow's or the API's reason.
 */
async function submit(
  c: Context<WebEnv>,
  deps: AppDeps,
  opts: {
    signing: boolean;
    password: string;
    again: (status: PageStatus, message: string) => Promise<Response>;
    done: string;
  },
  send: (verifyPassword: () => Promise<boolean>) => Promise<unknown>,
): Promise<Response> {
  let verified = false;
  if (opts.signing && opts.password) {
    const check = await verifySignature(deps.pool, c.var.user, opts.password);
    if (!check.ok && check.reason === 'rate-limited') {
      const minutes = Math.ceil(check.retryAfterSeconds / 60);
      return opts.again(429, tr(c)(minutes === 1 ? 'route.locked.one' : 'route.locked.other', { n: minutes }));
    }
    verified = check.ok;
  }
  try {
    await send(async () => verified);
  } catch (err) {
    const refused = refusal(err);
    if (!refused) throw err;
    return opts.again(refused.status, refused.message);
  }
  return c.redirect(`/queue?done=${opts.done}`, 303);
}

/** GET and POST `/review/:campaignId/:segmentId`; reading needs a staff role, deciding a reviewer role. */
export function reviewPageRoutes(
  deps: AppDeps,
  guards: { session: MiddlewareHandler<WebEnv>; csrf: MiddlewareHandler<WebEnv> },
) {
  const app = new Hono<WebEnv>();
  const { session, csrf } = guards;
  const readers = requireWebRole(STAFF_ROLES);
  const reviewers = requireWebRole(REVIEWER_ROLES);
  const notFound = (c: Context<WebEnv>) => sendMessage(c, 404, tr(c)('route.noScript'), tr(c)('route.noScriptText'));

  app.get('/review/:campaignId/:segmentId', session, readers, csrf, async (c) => {
    const { campaignId, segmentId } = c.req.param();
    // A campaign manager reads the reviews of the campaigns they manage; another's looks like no script at all.
    if (!(await mayAccessCampaign(deps.pool, c.var.user, campaignId))) return notFound(c);
    const loaded = await loadReview(deps, campaignId, segmentId, c.var.user, await readerOf(deps, c));
    return loaded ? render(c, loaded, 200) : notFound(c);
  });

  // A language reviewer's or test reader's sign-off: always a signature, so the password is checked first.
  app.post('/review/:campaignId/:segmentId/sign-off', session, requireWebRole(READER_ROLES), csrf, async (c) => {
    const { campaignId, segmentId } = c.req.param();
    if (!(await mayAccessCampaign(deps.pool, c.var.user, campaignId))) return notFound(c);
    const form = await c.req.parseBody();
    const kind = text(form.kind);
    const comment = text(form.comment);
    const password = typeof form.password === 'string' ? form.password : '';
    const again = async (status: PageStatus, message: string) => {
      const loaded = await loadReview(deps, campaignId, segmentId, c.var.user, await readerOf(deps, c));
      return loaded ? render(c, loaded, status, message) : notFound(c);
    };
    if (kind !== 'language' && kind !== 'test-reading') return again(400, tr(c)('route.chooseScript'));
    const problem = textProblem(comment, 'text', 10_000);
    if (problem) return again(400, tr(c)('route.comment', { problem }));
    const signing = { signing: true, password, again, done: 'signed-off' };
    return submit(c, deps, signing, (verifyPassword) =>
      signOff(
        { temporal: deps.temporal, verifyPassword, languagesOf: languagesOf(deps.pool) },
        {
          campaignId,
          segmentId,
          user: c.var.user,
          kind,
          scriptSha256: text(form.scriptSha256),
          comment: comment || undefined,
          password: password || undefined,
        },
      ),
    );
  });

  for (const subject of ['script', 'video'] as const) {
    const { path, done, choose } = FORMS[subject];
    app.post(path, session, reviewers, csrf, async (c) => {
      const { campaignId, segmentId } = c.req.param();
      const form = await c.req.parseBody();
      const decision = text(form.decision);
      const sceneComments = subject === 'script' ? sceneCommentsOf(form) : {};
      const draft: DecisionDraft = {
        decision,
        comment: text(form.comment),
        ...(subject === 'script' ? { scenes: sceneComments, edits: text(form.edits) } : {}),
      };
      const password = typeof form.password === 'string' ? form.password : '';
      const again = async (status: PageStatus, message: string) => {
        const loaded = await loadReview(deps, campaignId, segmentId, c.var.user, await readerOf(deps, c));
        return loaded ? render(c, loaded, status, message, draft) : notFound(c);
      };
      const confirmation = Object.hasOwn(done, decision) ? (done as Record<string, string>)[decision] : undefined;
      if (!confirmation) return again(400, tr(c)(choose));
      const problem = draftProblem(draft, tr(c));
      if (problem) return again(400, problem);
      let edits: ScriptEdit[];
      try {
        edits = parseEdits(draft.edits ?? '');
      } catch (error) {
        return again(400, (error as Error).message);
      }
      const signing = { signing: decision === signingDecision(subject), password, again, done: confirmation };
      const binding =
        subject === 'script'
          ? {
              scriptSha256: text(form.scriptSha256),
              sceneComments: Object.keys(sceneComments).length > 0 ? sceneComments : undefined,
              ...(edits.length > 0 ? { edits } : {}),
            }
          : { videoSha256: text(form.videoSha256) };
      return submit(c, deps, signing, (verifyPassword) =>
        decideOn(
          subject,
          {
            temporal: deps.temporal,
            verifyPassword,
            languagesOf: languagesOf(deps.pool),
            checkEdits: (target, list) => previewEdits(deps.pool, target, list),
          },
          {
            campaignId,
            segmentId,
            decision,
            user: c.var.user,
            comment: draft.comment || undefined,
            password: password || undefined,
          },
          binding,
        ),
      );
    });
  }

  return app;
}
