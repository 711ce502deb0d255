// Outcomes from channels: taking in a verified report message, and a campaign's outcomes as managers may see them.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { checkInboundHeaders, verifyInboundSignature, type InboundHeaders } from '../channels/inbound.ts';
import { feedTokenSha256, getChannelWithSecret } from '../db/channel-repo.ts';
import type { Pool, Queryable } from '../db/pool.ts';
import type { SecretBox } from '../db/secrets.ts';
import {
  listCampaignOutcomesPage,
  recordOutcomeMessage,
  segmentationK,
  unknownDeliveries,
  type OutcomeKey,
  type RecordedMessage,
} from '../db/outcome-repo.ts';
import { DEFAULT_K } from '../segments/segment-table.ts';
import { OUTCOMES_CSV_HEADER, outcomesCsvLines, publishOutcomes, type PublishedOutcome } from '../shared/outcomes.ts';
import { ApiError } from './errors.ts';
import { feedTokenSha256Of } from './launch.ts';

/** Reports in one message; a channel with more sends several messages. */
export const MAX_OUTCOME_REPORTS = 200;
/** The body limit of the inbound route: 200 reports take some 40 KiB. */
export const OUTCOME_BODY_LIMIT = 64 * 1024;
/** An observation may be this far ahead of our clock (the signature's own tolerance); later would freeze the totals. */
const FUTURE_SLACK_MS = 5 * 60_000;

const count = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(Number.MAX_SAFE_INTEGER);
const report = z
  .strictObject({
    deliveryId: z.string().regex(/^msg_[0-9a-f]{32}$/, 'must be a delivery id (msg_ and 32 hex digits)'),
    observedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with its offset' }),
    views: count,
    completions: count,
    ctaClicks: count,
  })
  .refine((r) => r.completions <= r.views, { path: ['completions'], message: 'must not exceed views' })
  .refine((r) => Date.parse(r.observedAt) <= Date.now() + FUTURE_SLACK_MS, {
    path: ['observedAt'],
    message: 'lies in the future; send the time the totals were counted',
  });
const messageSchema = z.strictObject({
  type: z.literal('video.outcomes', { error: 'must be "video.outcomes"' }),
  timestamp: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with its offset' }),
  data: z.strictObject({
    outcomes: z
      .array(report)
      .min(1, 'must list at least one report')
      .max(MAX_OUTCOME_REPORTS, `must list at most ${MAX_OUTCOME_REPORTS} reports; send several messages`),
  }),
});

/** What an inbound request carries, read by the route; the body as the bytes that were signed. */
export interface InboundOutcomeRequest {
  channelId: string;
  headers: InboundHeaders & { authorization?: string };
  body: Uint8Array;
  nowMs?: number;
}

const REFUSED =
  'Unknown channel, or the message does not verify: sign it with the channel\'s whsec_ secret ("webhook-signature: ' +
  'v1,<base64>") or, for a feed channel, send "Authorization: Bearer <feed token>".';

/** Whether the request proves it comes from the channel: a `v1` signature with its secret, or a feed's token. */
async function authenticates(
  db: Queryable,
  secrets: SecretBox | undefined,
  req: InboundOutcomeRequest,
  signed: { msgId: string; timestamp: number },
): Promise<boolean> {
  const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (token) {
    const stored = await feedTokenSha256(db, req.channelId);
    const given = Buffer.from(feedTokenSha256Of(token), 'hex');
    const expected = Buffer.from(stored ?? '0'.repeat(64), 'hex');
    return timingSafeEqual(given, expected) && stored !== undefined;
  }
  const channel = await getChannelWithSecret(db, secrets, req.channelId);
  if (!channel?.secret || !req.headers.signature) return false;
  return verifyInboundSignature(channel.secret, { ...signed, body: req.body, signatureHeader: req.headers.signature });
}

function parseMessage(body: Uint8Array): z.infer<typeof messageSchema> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new ApiError(400, 'The body is not UTF-8 JSON; send {"type":"video.outcomes","timestamp":…,"data":{…}}.');
  }
  const parsed = messageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new ApiError(400, `Invalid outcome message at ${first?.path.join('.') || '(body)'}: ${first?.message}`);
}

/**
 * Takes in one outcome message: headers and timestamp, then who sent it, then the body, then that every delivery it
 * names went to this channel; only then is anything stored, all reports or none.
 *
 * @throws ApiError 400 (a header or the body unreadable), 401 (stale, forged, unknown channel), 404 (a delivery the
 *   channel was not sent), 409 (the webhook-id was used before for another body).
 */
export async function receiveOutcomes(
  deps: { pool: Pool; secrets?: SecretBox },
  req: InboundOutcomeRequest,
): Promise<Extract<RecordedMessage, { status: 'accepted' | 'replayed' }>> {
  const verdict = checkInboundHeaders(req.headers, Math.floor((req.nowMs ?? Date.now()) / 1000));
  if (!verdict.ok) throw new ApiError(verdict.reason === 'malformed' ? 400 : 401, verdict.message);
  if (!(await authenticates(deps.pool, deps.secrets, req, verdict))) throw new ApiError(401, REFUSED);
  const message = parseMessage(req.body);
  const reports = message.data.outcomes;
  const ids = reports.map((r) => r.deliveryId);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new ApiError(400, `Delivery ${repeated} is reported twice in one message; send it once.`);
  const unknown = await unknownDeliveries(deps.pool, req.channelId, ids);
  if (unknown.length > 0) {
    const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : '';
    throw new ApiError(
      404,
      `Channel ${req.channelId} was sent no video under delivery id ${unknown[0]}${more}; nothing was stored. Report ` +
        'the webhook-id of a video.approved or video.replaced message it received (a feed entry\'s "id").',
    );
  }
  const recorded = await recordOutcomeMessage(deps.pool, {
    channelId: req.channelId,
    webhookId: verdict.msgId,
    bodySha256: createHash('sha256').update(req.body).digest('hex'),
    reports: reports.map((r) => ({ ...r, observedAt: new Date(r.observedAt) })),
  });
  if (recorded.status === 'conflict') {
    throw new ApiError(
      409,
      `webhook-id ${verdict.msgId} was used before for another body; give each message its own id.`,
    );
  }
  return recorded;
}

/** A campaign's outcomes as published: its k (the segmentation's, else the default) and the suppressed rows. */
export async function campaignOutcomes(
  db: Queryable,
  campaignId: string,
  page: { after?: OutcomeKey; limit?: number } = {},
): Promise<{ campaignId: string; k: number; outcomes: PublishedOutcome[]; next?: OutcomeKey }> {
  const [k, rows] = await Promise.all([
    segmentationK(db, campaignId),
    listCampaignOutcomesPage(db, campaignId, { after: page.after, limit: page.limit ?? OUTCOME_PAGE_SIZE }),
  ]);
  return {
    campaignId,
    k: k ?? DEFAULT_K,
    outcomes: publishOutcomes(rows.rows, k ?? DEFAULT_K),
    ...(rows.next ? { next: rows.next } : {}),
  };
}

/** Outcome rows per page of `GET /api/campaigns/:id/outcomes` unless the request asks for another `limit`. */
export const OUTCOME_PAGE_SIZE = 500;

/** Outcome rows the console page shows with one page of segments: as many as this, the CSV has every row. */
export const PAGE_OUTCOME_LIMIT = 200;

/**
 * The outcomes of some of a campaign's segments (a page of them) as published, at most `limit` rows, and whether more
 * rows exist for them: two queries however many outcomes the campaign has.
 */
export async function segmentOutcomes(
  db: Queryable,
  campaignId: string,
  segmentIds: readonly string[],
  limit = PAGE_OUTCOME_LIMIT,
): Promise<{ k: number; outcomes: PublishedOutcome[]; more: boolean }> {
  const [k, page] = await Promise.all([
    segmentationK(db, campaignId),
    listCampaignOutcomesPage(db, campaignId, { segmentIds, limit }),
  ]);
  return { k: k ?? DEFAULT_K, outcomes: publishOutcomes(page.rows, k ?? DEFAULT_K), more: page.next !== undefined };
}

/** Rows per query while writing the CSV export. */
const CSV_PAGE = 1000;

/**
 * The campaign's complete outcomes CSV as chunks, read a page of rows at a time so a campaign of any size is never held
 * in memory at once. The first page is read before this returns, so an unreadable database is an error response
 * rather than a cut-off file.
 */
export async function outcomesCsvStream(
  db: Queryable,
  campaignId: string,
  pageSize = CSV_PAGE,
): Promise<ReadableStream<Uint8Array>> {
  const k = (await segmentationK(db, campaignId)) ?? DEFAULT_K;
  const encoder = new TextEncoder();
  let page = await listCampaignOutcomesPage(db, campaignId, { limit: pageSize });
  let chunk = OUTCOMES_CSV_HEADER + outcomesCsvLines(publishOutcomes(page.rows, k));
  return new ReadableStream({
    async pull(controller) {
      if (chunk !== '') controller.enqueue(encoder.encode(chunk));
      if (!page.next) {
        controller.close();
        return;
      }
      page = await listCampaignOutcomesPage(db, campaignId, { after: page.next, limit: pageSize });
      chunk = outcomesCsvLines(publishOutcomes(page.rows, k));
    },
  });
}
