// `klartext campaign status|watch <id>`: where a campaign's segments are, one table per stage and a progress bar.
import { loadConfig } from '../../config/config.ts';
import { ApiRequestError, getPages, type ApiClient } from '../api-client.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';
import { SEGMENT_STAGES } from '../../shared/types.ts';

/** What `GET /api/campaigns/:id` answers. */
export interface CampaignState {
  campaignId: string;
  status: string;
  workflowStatus: string;
  paused?: boolean;
  progress?: { total: number; finished: number };
  segments: { segmentId: string; label: string; status: string }[];
}

/** Stages in the order a segment passes them; a status not listed (a newer server's) is shown after these. */
const STAGES = SEGMENT_STAGES;
const FINISHED = new Set(['PUBLISHED', 'REJECTED', 'EXPIRED', 'FAILED', 'BLOCKED', 'CANCELLED']);
const BAR = 30;

const reader = (io: Pick<Io, 'env'>, flags: ApiFlags) => apiFor(loadConfig(io.env), 'manager', flags);
const fetchState = async (io: Pick<Io, 'env'>, id: string, flags: ApiFlags) =>
  campaignState(await reader(io, flags), id);

/** The campaign with every segment: the API answers a page of segments at a time, so this follows `next`. */
export async function campaignState(api: Pick<ApiClient, 'get'>, id: string): Promise<CampaignState> {
  const path = `/api/campaigns/${encodeURIComponent(id)}?limit=500`;
  const { first, items } = await getPages<CampaignState & { next?: string }, CampaignState['segments'][number]>(
    api,
    path,
    (page) => page.segments,
  );
  const { next: _next, ...state } = first;
  return { ...state, segments: items };
}

/** Segments per stage, in pipeline order, empty stages left out. */
export function byStage(state: CampaignState): [string, CampaignState['segments']][] {
  const known = new Set<string>(STAGES);
  const order = [...STAGES, ...new Set(state.segments.map((s) => s.status).filter((s) => !known.has(s)))];
  return order.flatMap((stage) => {
    const inStage = state.segments.filter((s) => s.status === stage);
    return inStage.length > 0 ? [[stage, inStage] as [string, CampaignState['segments']]] : [];
  });
}

/** `[█████░░░░░] 2/4 segments finished` */
export function progressBar(state: CampaignState): string {
  const total = state.segments.length;
  const done = state.segments.filter((s) => FINISHED.has(s.status)).length;
  const filled = total === 0 ? 0 : Math.round((done / total) * BAR);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${done}/${total} segments finished`;
}

const pausedNote = (s: CampaignState) => (s.paused && s.status !== 'PAUSED' ? ' (paused)' : '');
const headline = (s: CampaignState) =>
  `Campaign ${s.campaignId}: ${s.status}${pausedNote(s)}, workflow ${s.workflowStatus}`;

/** The status as lines for a person: headline, progress bar, one table per stage. */
export function statusLines(state: CampaignState): string[] {
  const lines = [headline(state), progressBar(state)];
  const idWidth = Math.max(7, ...state.segments.map((s) => s.segmentId.length));
  for (const [stage, segments] of byStage(state)) {
    lines.push('', `${stage} (${segments.length})`);
    for (const s of segments) lines.push(`  ${s.segmentId.padEnd(idWidth)}  ${s.label}`);
  }
  return lines;
}

/** One line saying where things are: what `watch` prints on each change when not writing to a terminal. */
export function changeLine(state: CampaignState): string {
  const stages = byStage(state).map(([stage, segments]) => `${stage} ${segments.length}`);
  const done = state.segments.filter((s) => FINISHED.has(s.status)).length;
  return `${state.campaignId} ${state.status}${pausedNote(state)}: ${stages.join(' · ')} (${done}/${state.segments.length} finished)`;
}

export async function campaignStatus(
  campaignId: string,
  opts: ApiFlags & { json?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const state = await fetchState(io, campaignId, opts);
  emit(opts.json, state, (s) => {
    for (const line of statusLines(s)) console.log(line);
  });
  return 0;
}

/** How long `watch` keeps trying while the API does not answer (a restart, a deploy) before it gives up. */
const OUTAGE_PATIENCE_MS = 5 * 60_000;

/** A failure worth waiting out: no answer, or the server's own trouble (5xx), not a refusal of this request. */
const transient = (err: unknown) => err instanceof ApiRequestError && (err.status === 0 || err.status >= 500);

/**
 * Refreshes until the campaign's workflow ends: a terminal redraws the status in place, anything else gets one line
 * per change (for logs and CI). Exit 0 when it completed or was cancelled, 1 when it failed or was terminated. While
 * the API does not answer it says so once and keeps trying, for up to five minutes.
 */
export async function campaignWatch(
  campaignId: string,
  opts: ApiFlags & { interval?: number; tty?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const tty = opts.tty ?? process.stdout.isTTY === true;
  const intervalMs = (opts.interval ?? 2) * 1000;
  const api = await reader(io, opts);
  let last = '';
  let outageSince: number | undefined;
  for (;;) {
    const state = await campaignState(api, campaignId).catch((err) => {
      if (!transient(err)) throw err;
      if (outageSince === undefined)
        console.error(`klartext: ${(err as Error).message.replace(/\.$/, '')}; trying again.`);
      outageSince ??= Date.now();
      if (Date.now() - outageSince > OUTAGE_PATIENCE_MS) throw err;
      return undefined;
    });
    if (state) {
      outageSince = undefined;
      if (tty) {
        // Home and clear, then the whole status: a redraw, not a scroll.
        console.log(`\x1b[H\x1b[2J${statusLines(state).join('\n')}`);
      } else {
        const line = changeLine(state);
        if (line !== last) console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);
        last = line;
      }
      if (state.workflowStatus !== 'RUNNING') {
        const ok = state.workflowStatus === 'COMPLETED' || state.status === 'CANCELLED';
        console.log(`The campaign workflow ended ${state.workflowStatus}; the campaign is ${state.status}.`);
        return ok ? 0 : 1;
      }
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
