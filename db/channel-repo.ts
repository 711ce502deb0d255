// Channels, reusable across campaigns: stored with encrypted secrets, linked to campaigns, routed to segments.
import { ConfigError } from '../shared/errors.ts';
import type { RenditionId } from '../shared/renditions.ts';
import type { ChannelKind, ChannelRoute, Segment } from '../shared/types.ts';
import { variantTakesChannel, type CampaignVariants } from '../shared/variants.ts';
import type { Queryable } from './pool.ts';
import type { SecretBox } from './secrets.ts';

export type ChannelStatus = 'active' | 'disabled';

/** A channel as listed and returned by the API: never its secret, only whether it has one. */
export interface ChannelRecord {
  id: string;
  name: string;
  kind: ChannelKind;
  /** The webhook URL or the folder's directory; absent for a feed. */
  target?: string;
  route: ChannelRoute;
  status: ChannelStatus;
  statusReason?: string;
  hasSecret: boolean;
  /** Which secrets key encrypted the secret (for rotation). */
  secretKeyId?: string;
  hasFeedToken: boolean;
  /** webhook: CIDR blocks admitted although not public (internal receivers). */
  allowCidrs?: string[];
  /** Further renditions the channel takes besides the main video; absent: none. */
  renditions?: RenditionId[];
  createdBy?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What the delivery activity needs: the channel with its secret decrypted. Never log or return it. */
export interface ChannelWithSecret extends ChannelRecord {
  secret?: string;
}

export interface UpsertChannelInput {
  id: string;
  name?: string;
  kind: ChannelKind;
  target?: string;
  route?: ChannelRoute;
  /** Plain secret; encrypted before it reaches the database. Absent: an existing secret is kept. */
  secret?: string;
  /** SHA-256 (hex) of a new feed token. Absent: an existing token is kept. */
  feedTokenSha256?: string;
  /** webhook: CIDR blocks admitted although not public; absent: public addresses only. */
  allowCidrs?: string[];
  /** Further renditions the channel takes besides the main video; absent or empty: none. */
  renditions?: RenditionId[];
  createdBy?: string;
}

const COLUMNS = `id, name, kind, target, route, status, status_reason, secret_key_id, allow_cidrs, renditions, created_by, created_at,
  updated_at,
  secret_ciphertext IS NOT NULL AS has_secret, feed_token_sha256 IS NOT NULL AS has_feed_token`;

/** Associated data binding a ciphertext to its channel: a secret copied onto another row does not decrypt. */
const secretContext = (id: string) => `channel ${id}`;

function toRecord(row: Record<string, unknown>): ChannelRecord {
  return {
    id: row.id as string,
    name: row.name as string,
    kind: row.kind as ChannelKind,
    target: (row.target as string | null) ?? undefined,
    route: row.route as ChannelRoute,
    status: row.status as ChannelStatus,
    statusReason: (row.status_reason as string | null) ?? undefined,
    hasSecret: row.has_secret as boolean,
    secretKeyId: (row.secret_key_id as string | null) ?? undefined,
    hasFeedToken: row.has_feed_token as boolean,
    ...(row.allow_cidrs ? { allowCidrs: row.allow_cidrs as string[] } : {}),
    ...(row.renditions ? { renditions: row.renditions as RenditionId[] } : {}),
    createdBy: (row.created_by as string | null) ?? undefined,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

/**
 * Creates a channel or updates the one with this id. A changed target or secret makes it active again (a new
 * endpoint is not the one that said 410); otherwise its status is kept. Returns the record and whether it is new.
 */
export async function upsertChannel(
  db: Queryable,
  secrets: SecretBox | undefined,
  input: UpsertChannelInput,
): Promise<{ channel: ChannelRecord; created: boolean }> {
  let sealed: { ciphertext: string; keyId: string } | undefined;
  if (input.secret !== undefined) {
    if (!secrets) {
      throw new ConfigError(
        `Channel ${input.id} has a secret, but this process has no secrets key to encrypt it with; configure one.`,
      );
    }
    // The same secret again (a campaign file naming the channel inline) is no change: a channel disabled by a 410
    // stays disabled until its target or secret really changes.
    const stored = await db.query(`SELECT secret_ciphertext FROM channels WHERE id = $1`, [input.id]);
    const previous = stored.rows[0]?.secret_ciphertext as string | null | undefined;
    let same = false;
    try {
      same = !!previous && secrets.decrypt(previous, secretContext(input.id)) === input.secret;
    } catch {
      // Unreadable under the current key: store the new one.
    }
    if (!same) {
      sealed = { ciphertext: secrets.encrypt(input.secret, secretContext(input.id)), keyId: secrets.keyId };
    }
  }
  const r = await db.query(
    `INSERT INTO channels AS c (id, name, kind, target, route, secret_ciphertext, secret_key_id, feed_token_sha256,
       created_by, allow_cidrs, renditions)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, kind = EXCLUDED.kind, target = EXCLUDED.target, route = EXCLUDED.route,
       allow_cidrs = EXCLUDED.allow_cidrs, renditions = EXCLUDED.renditions,
       secret_ciphertext = coalesce(EXCLUDED.secret_ciphertext, c.secret_ciphertext),
       secret_key_id = coalesce(EXCLUDED.secret_key_id, c.secret_key_id),
       feed_token_sha256 = coalesce(EXCLUDED.feed_token_sha256, c.feed_token_sha256),
       status = CASE WHEN c.target IS DISTINCT FROM EXCLUDED.target OR EXCLUDED.secret_ciphertext IS NOT NULL
                     OR c.kind <> EXCLUDED.kind THEN 'active' ELSE c.status END,
       status_reason = CASE WHEN c.target IS DISTINCT FROM EXCLUDED.target OR EXCLUDED.secret_ciphertext IS NOT NULL
                     OR c.kind <> EXCLUDED.kind THEN NULL ELSE c.status_reason END,
       updated_at = now()
     RETURNING ${COLUMNS}, (xmax = 0) AS created`,
    [
      input.id,
      input.name ?? input.id,
      input.kind,
      input.kind === 'feed' ? null : (input.target ?? null),
      JSON.stringify(input.route ?? {}),
      sealed?.ciphertext ?? null,
      sealed?.keyId ?? null,
      input.feedTokenSha256 ?? null,
      input.createdBy ?? null,
      input.kind === 'webhook' && input.allowCidrs?.length ? JSON.stringify(input.allowCidrs) : null,
      input.renditions?.length ? JSON.stringify(input.renditions) : null,
    ],
  );
  const row = r.rows[0] as Record<string, unknown>;
  return { channel: toRecord(row), created: row.created as boolean };
}

/** One channel without its secret. */
export async function getChannel(db: Queryable, id: string): Promise<ChannelRecord | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM channels WHERE id = $1`, [id]);
  return r.rows[0] && toRecord(r.rows[0]);
}

/**
 * One channel with its secret decrypted: for the delivery activity and the channel test only.
 * @throws ConfigError when there is no key, or the secret was encrypted with a key that is not configured.
 */
export async function getChannelWithSecret(
  db: Queryable,
  secrets: SecretBox | undefined,
  id: string,
): Promise<ChannelWithSecret | undefined> {
  const r = await db.query(`SELECT ${COLUMNS}, secret_ciphertext FROM channels WHERE id = $1`, [id]);
  const row = r.rows[0] as Record<string, unknown> | undefined;
  if (!row) return undefined;
  const ciphertext = row.secret_ciphertext as string | null;
  if (ciphertext && !secrets) {
    throw new ConfigError(`Channel ${id} has a secret, but this process has no secrets key to decrypt it with.`);
  }
  return { ...toRecord(row), secret: ciphertext ? secrets?.decrypt(ciphertext, secretContext(id)) : undefined };
}

/** Every channel, by id, without secrets. */
export async function listChannels(db: Queryable): Promise<ChannelRecord[]> {
  const r = await db.query(`SELECT ${COLUMNS} FROM channels ORDER BY id`);
  return r.rows.map(toRecord);
}

/** Disables a channel (deliveries to it stop) with the reason shown to managers; false when there is no such id. */
export async function disableChannel(db: Queryable, id: string, reason: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE channels SET status = 'disabled', status_reason = $2, updated_at = now() WHERE id = $1`,
    [id, reason],
  );
  return r.rowCount === 1;
}

/** Enables a channel again; false when there is no such id. */
export async function enableChannel(db: Queryable, id: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE channels SET status = 'active', status_reason = NULL, updated_at = now() WHERE id = $1`,
    [id],
  );
  return r.rowCount === 1;
}

/** The stored SHA-256 of a feed channel's token, for the feed endpoint's constant-time comparison. */
export async function feedTokenSha256(db: Queryable, id: string): Promise<string | undefined> {
  const r = await db.query(`SELECT feed_token_sha256 FROM channels WHERE id = $1 AND kind = 'feed'`, [id]);
  return (r.rows[0]?.feed_token_sha256 as string | null) ?? undefined;
}

/** Links channels to a campaign (idempotent). */
export async function linkCampaignChannels(db: Queryable, campaignId: string, channelIds: readonly string[]) {
  for (const channelId of channelIds) {
    await db.query(`INSERT INTO campaign_channels (campaign_id, channel_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      campaignId,
      channelId,
    ]);
  }
}

/** The channels linked to a campaign, by id, without secrets. */
export async function listCampaignChannels(db: Queryable, campaignId: string): Promise<ChannelRecord[]> {
  const r = await db.query(
    `SELECT ${COLUMNS} FROM channels WHERE id IN (SELECT channel_id FROM campaign_channels WHERE campaign_id = $1)
     ORDER BY id`,
    [campaignId],
  );
  return r.rows.map(toRecord);
}

/** The regions a segment is tagged with: `region-<r>` and `state-<r>` tags, as segmentation specs produce them. */
export function segmentRegions(tags: readonly string[]): string[] {
  return tags.flatMap((t) => /^(?:region|state)-(.+)$/.exec(t)?.[1] ?? []);
}

/** Whether a route lets a segment through: every non-empty list must contain one of the segment's values. */
export function routeMatches(route: ChannelRoute, segment: Pick<Segment, 'language' | 'tags'>): boolean {
  const passes = (wanted: readonly string[] | undefined, have: readonly string[]) =>
    !wanted || wanted.length === 0 || wanted.some((w) => have.includes(w));
  return (
    passes(route.languages, [segment.language]) &&
    passes(route.regions, segmentRegions(segment.tags)) &&
    passes(route.tags, segment.tags)
  );
}

/** The campaign's active channels whose route (and a split of script variants by channel) lets this segment through. */
export async function channelsForSegment(
  db: Queryable,
  campaignId: string,
  segment: Pick<Segment, 'id' | 'language' | 'tags'>,
  variants?: CampaignVariants,
): Promise<ChannelRecord[]> {
  const linked = await listCampaignChannels(db, campaignId);
  return linked.filter(
    (ch) =>
      ch.status === 'active' && routeMatches(ch.route, segment) && variantTakesChannel(variants, segment.id, ch.id),
  );
}
