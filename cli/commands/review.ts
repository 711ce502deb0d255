// `klartext review …`: medical review of scripts and rendered videos from a terminal, through the HTTP API.
import { parseArgs } from 'node:util';
import { text } from 'node:stream/consumers';
import { KlartextError } from '../../shared/errors.ts';
import { loadConfig } from '../../worker/config.ts';
import { apiFor } from '../api-target.ts';
import { printScriptView, type ScriptView } from './scripts.ts';

const USAGE = `Usage:
  klartext review list
  klartext review show <campaignId> <segmentId> [--json]
  klartext review approve <campaignId> <segmentId> --sha <scriptSha256> --password-stdin [--comment text]
  klartext review request-changes <campaignId> <segmentId> --sha <scriptSha256> --comment text [--scene N=text ...]
  klartext review reject <campaignId> <segmentId> --sha <scriptSha256> --comment text
  klartext review accept-video <campaignId> <segmentId> --sha <videoSha256> --password-stdin [--comment text]
  klartext review request-rerender <campaignId> <segmentId> --sha <videoSha256> --comment text`;

const VIDEO_DECISIONS = new Set(['accept-video', 'request-rerender']);

interface QueueItem {
  campaignId: string;
  segmentId: string;
  label: string;
  language: string;
  stage?: 'script' | 'video';
}

export async function runReview(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sha: { type: 'string' },
      comment: { type: 'string' },
      scene: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [sub, campaignId, segmentId] = positionals;
  const api = await apiFor(loadConfig(), 'reviewer');
  if (sub === 'list') {
    const { items } = await api.get<{ items: QueueItem[] }>('/api/reviews');
    if (items.length === 0) console.log('Nothing waits for review.');
    for (const i of items) {
      const stage = i.stage === 'video' ? 'video ' : 'script';
      console.log(`${i.campaignId}  ${i.segmentId.padEnd(28)} ${stage} ${i.language}  ${i.label}`);
    }
    return 0;
  }
  if (!campaignId || !segmentId) throw new KlartextError(USAGE);
  if (sub === 'show') {
    const query = new URLSearchParams({ segment: segmentId, campaign: campaignId });
    const view = await api.get<ScriptView>(`/api/scripts?${query}`);
    // The workflow's state says whether a video waits; a long-closed workflow may no longer answer.
    const { state } = await api
      .get<{ state: { status: string; video?: { sha256: string; attempt: number } } }>(
        `/api/reviews/${campaignId}/${segmentId}`,
      )
      .catch(() => ({
        state: { status: 'UNKNOWN' } as { status: string; video?: { sha256: string; attempt: number } },
      }));
    if (values.json) console.log(JSON.stringify({ ...view, state }, null, 2));
    else printScriptView(view);
    if (!values.json && state.status === 'VIDEO_REVIEW' && state.video) {
      console.log(`\nVideo waiting for review: render ${state.video.attempt}, --sha ${state.video.sha256}`);
    }
    return 0;
  }
  if (sub && VIDEO_DECISIONS.has(sub)) return decideVideo(api, sub, campaignId, segmentId, values);
  if (sub !== 'approve' && sub !== 'request-changes' && sub !== 'reject') throw new KlartextError(USAGE);
  if (!values.sha) throw new KlartextError('Name the version you reviewed with --sha (see `klartext review show`).');
  const sceneComments = Object.fromEntries(
    (values.scene ?? []).map((entry) => {
      const [scene, ...note] = entry.split('=');
      // People count scenes from 1; the API keys them by index from 0.
      return [String(Number(scene) - 1), note.join('=')];
    }),
  );
  const password = await readPassword(values['password-stdin']);
  const result = await api.post<{ state: { status: string; round: number } }>(
    `/api/reviews/${campaignId}/${segmentId}/${sub}`,
    { scriptSha256: values.sha, comment: values.comment, sceneComments, password },
  );
  console.log(`Recorded. ${segmentId} is now ${result.state.status} (round ${result.state.round}).`);
  return 0;
}

/** A signature needs the password typed at this moment; it never comes from a flag (shell history, ps). */
async function readPassword(fromStdin: boolean | undefined): Promise<string | undefined> {
  return fromStdin ? (await text(process.stdin)).replace(/\r?\n$/, '') : undefined;
}

async function decideVideo(
  api: Awaited<ReturnType<typeof apiFor>>,
  sub: string,
  campaignId: string,
  segmentId: string,
  values: { sha?: string; comment?: string; 'password-stdin'?: boolean },
): Promise<number> {
  if (!values.sha) {
    throw new KlartextError('Name the video you watched with --sha <videoSha256> (see `klartext review show --json`).');
  }
  const password = await readPassword(values['password-stdin']);
  const result = await api.post<{ state: { status: string; video?: { attempt: number } } }>(
    `/api/reviews/${campaignId}/${segmentId}/${sub}`,
    { videoSha256: values.sha, comment: values.comment, password },
  );
  const render = result.state.video ? ` (render ${result.state.video.attempt})` : '';
  console.log(`Recorded. ${segmentId} is now ${result.state.status}${render}.`);
  return 0;
}
