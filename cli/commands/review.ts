// `klartext review …`: medical review of scripts and rendered videos from a terminal, through the HTTP API.
import { KlartextError } from '../../shared/errors.ts';
import { parseEdit } from '../../shared/script-edits.ts';
import { loadConfig } from '../../config/config.ts';
import { ApiRequestError, getPages } from '../api-client.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import { readStdin, type Io } from '../context.ts';
import { CHOOSE_ANOTHER, describeIdentity, whoIs } from '../identity.ts';
import { emit } from '../output.ts';
import { printScriptView, type ScriptView } from './scripts.ts';

interface QueueItem {
  campaignId: string;
  segmentId: string;
  label: string;
  language: string;
  stage?: 'script' | 'video';
}

type ReviewState = {
  status: string;
  round?: number;
  video?: { sha256: string; attempt: number };
  signOffs?: { given: { scriptSha256: string }[] };
};

export interface DecisionOptions extends ApiFlags {
  sha: string;
  comment?: string;
  /** `N=text`, scenes counted from 1. */
  scene?: string[];
  /** As written in shared/script-edits.ts EDIT_SYNTAX, e.g. `drop 3.2`. */
  edit?: string[];
  passwordStdin?: boolean;
}

export type ScriptDecision = 'approve' | 'request-changes' | 'reject';
export type VideoDecision = 'accept-video' | 'request-rerender';

const reviewer = (io: Pick<Io, 'env'>, flags: ApiFlags) => apiFor(loadConfig(io.env), 'reviewer', flags);

/** The queue, oldest first: the API answers a page at a time, so this follows `next` until `limit` items or the end. */
export async function reviewList(
  opts: ApiFlags & { json?: boolean; limit?: number },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await reviewer(io, opts);
  const page = Math.min(opts.limit ?? 500, 500);
  const { items } = await getPages<{ items: QueueItem[]; next?: string }, QueueItem>(
    api,
    `/api/reviews?limit=${page}`,
    (p) => p.items,
    opts.limit,
  );
  emit(opts.json, items, () => {
    if (items.length === 0) console.log('Nothing waits for review.');
    for (const i of items) {
      const stage = i.stage === 'video' ? 'video ' : 'script';
      console.log(`${i.campaignId}  ${i.segmentId.padEnd(28)} ${stage} ${i.language}  ${i.label}`);
    }
  });
  return 0;
}

export async function reviewShow(
  campaignId: string,
  segmentId: string,
  opts: ApiFlags & { json?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await reviewer(io, opts);
  const query = new URLSearchParams({ segment: segmentId, campaign: campaignId });
  const view = await api.get<ScriptView>(`/api/scripts?${query}`);
  // The workflow's state says whether a video waits; a long-closed workflow may no longer answer.
  const { state } = await api
    .get<{ state: ReviewState }>(`/api/reviews/${campaignId}/${segmentId}`)
    .catch(() => ({ state: { status: 'UNKNOWN' } as ReviewState }));
  emit(opts.json, { ...view, state }, () => {
    printScriptView(view);
    if (state.status === 'VIDEO_REVIEW' && state.video) {
      console.log(`\nVideo waiting for review: render ${state.video.attempt}, --sha ${state.video.sha256}`);
    }
  });
  return 0;
}

/**
 * Sends a script or video decision. Says on stderr whom it acts as (and where that identity came from) before
 * sending; a refusal of the signature or the role names that user and how to act as another.
 */
export async function reviewDecide(
  decision: ScriptDecision | VideoDecision,
  campaignId: string,
  segmentId: string,
  opts: DecisionOptions,
  io: Io,
): Promise<number> {
  const api = await reviewer(io, opts);
  const who = await whoIs(api);
  const signing = decision === 'approve' || decision === 'accept-video';
  // A signature attributes medical content to a person: never let one be made under an identity nobody saw.
  console.error(`${signing ? 'Signing' : 'Deciding'} as ${describeIdentity(who, api.target)}`);
  const password = opts.passwordStdin ? await readStdin(io.stdin) : undefined;
  const video = decision === 'accept-video' || decision === 'request-rerender';
  const body = video
    ? { videoSha256: opts.sha, comment: opts.comment, password }
    : {
        scriptSha256: opts.sha,
        comment: opts.comment,
        sceneComments: sceneComments(opts.scene),
        ...(opts.edit?.length ? { edits: opts.edit.map(parseEdit) } : {}),
        password,
      };
  const result = await api
    .post<{ state: ReviewState }>(`/api/reviews/${campaignId}/${segmentId}/${decision}`, body)
    .catch((err: unknown) => {
      if (!(err instanceof ApiRequestError) || (err.status !== 401 && err.status !== 403)) throw err;
      const as = who?.id ?? 'the user of the token';
      throw new KlartextError(
        `${err.message} (acted as ${as}, from ${api.target.source.description}; ${CHOOSE_ANOTHER})`,
        {
          cause: err,
        },
      );
    });
  const { state } = result;
  const detail = video ? (state.video ? ` (render ${state.video.attempt})` : '') : ` (round ${state.round})`;
  console.log(`Recorded. ${segmentId} is now ${state.status}${detail}.`);
  return 0;
}

/** People count scenes from 1; the API keys them by index from 0. */
function sceneComments(entries: string[] = []): Record<string, string> {
  return Object.fromEntries(
    entries.map((entry) => {
      const [scene, ...note] = entry.split('=');
      return [String(Number(scene) - 1), note.join('=')];
    }),
  );
}

/** A language reviewer's or test reader's signed sign-off of the script version they read (password from stdin). */
export async function reviewSignOff(
  campaignId: string,
  segmentId: string,
  opts: DecisionOptions & { kind: 'language' | 'test-reading' },
  io: Io,
): Promise<number> {
  const api = await reviewer(io, opts);
  const who = await whoIs(api);
  // A signature attributes a check to a person: say whose it is before it is made.
  console.error(`Signing as ${describeIdentity(who, api.target)}`);
  const password = opts.passwordStdin ? await readStdin(io.stdin) : undefined;
  const body = { kind: opts.kind, scriptSha256: opts.sha, comment: opts.comment, password };
  const { state } = await api.post<{ state: ReviewState }>(`/api/reviews/${campaignId}/${segmentId}/sign-offs`, body);
  const given = state.signOffs?.given.filter((g) => g.scriptSha256 === opts.sha).length ?? 0;
  console.log(`Recorded. ${segmentId} has ${given} reader sign-off(s) on this version (round ${state.round}).`);
  return 0;
}
