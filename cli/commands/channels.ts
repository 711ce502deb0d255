// `klartext channels add|list|test|disable|enable`: channel administration through the HTTP API, as a campaign manager.
import type { ChannelRecord } from '../../db/channel-repo.ts';
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

export interface ChannelAddOptions extends ApiFlags {
  kind: 'webhook' | 'folder' | 'feed';
  name?: string;
  url?: string;
  dir?: string;
  secret?: string;
  generateSecret?: 'v1' | 'v1a';
  newToken?: boolean;
  languages?: string;
  regions?: string;
  tags?: string;
  /** webhook: CIDR blocks admitted although not public (`--allow-cidr`, repeatable). */
  allowCidr?: string[];
  /** Further renditions the channel takes besides the main video, comma-separated. */
  renditions?: string;
}

type Listed = Omit<ChannelRecord, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

interface Saved {
  channel: Listed;
  created: boolean;
  secret?: string;
  publicKey?: string;
  feedToken?: string;
}

interface Tested {
  ok: boolean;
  deliveryId: string;
  statusCode?: number;
  latencyMs: number;
  error?: string;
}

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function describeRoute(c: Listed): string {
  const parts = Object.entries(c.route).flatMap(([k, v]) => (v && v.length > 0 ? [`${k}=${v.join(',')}`] : []));
  return parts.length > 0 ? parts.join(' ') : 'all segments';
}

const manager = (io: Pick<Io, 'env'>, flags: ApiFlags) => apiFor(loadConfig(io.env), 'manager', flags);
const path = (id: string, suffix = '') => `/api/channels/${encodeURIComponent(id)}${suffix}`;

/** Adds or updates a channel; a generated secret, public key or feed token is printed this once. */
export async function channelsAdd(id: string, opts: ChannelAddOptions, io: Pick<Io, 'env'>): Promise<number> {
  const saved = await (
    await manager(io, opts)
  ).post<Saved>('/api/channels', {
    id,
    kind: opts.kind,
    name: opts.name,
    url: opts.url,
    directory: opts.dir,
    secret: opts.secret,
    generateSecret: opts.generateSecret,
    generateToken: opts.newToken || undefined,
    languages: list(opts.languages),
    regions: list(opts.regions),
    tags: list(opts.tags),
    allowCidrs: opts.allowCidr,
    renditions: list(opts.renditions),
  });
  const c = saved.channel;
  console.log(
    `${saved.created ? 'Added' : 'Updated'} ${c.kind} channel ${c.id} → ${c.target ?? '(pulled feed)'} (${describeRoute(c)}).`,
  );
  if (c.allowCidrs) console.log(`Internal addresses admitted: ${c.allowCidrs.join(', ')}`);
  if (c.renditions) console.log(`Takes besides the main video: ${c.renditions.join(', ')}`);
  if (saved.secret) console.log(`Signing secret, shown only now: ${saved.secret}`);
  if (saved.publicKey) console.log(`Public key for the receiver to verify v1a signatures: ${saved.publicKey}`);
  if (saved.feedToken) console.log(`Feed token, shown only now (GET /api/feeds/${c.id}): ${saved.feedToken}`);
  return 0;
}

export async function channelsList(opts: ApiFlags & { json?: boolean }, io: Pick<Io, 'env'>): Promise<number> {
  const { channels } = await (await manager(io, opts)).get<{ channels: Listed[] }>('/api/channels');
  emit(opts.json, channels, () => {
    if (channels.length === 0) console.log('No channels yet: add one with `klartext channels add`.');
    for (const c of channels) {
      const state = c.status === 'active' ? 'active' : `DISABLED (${c.statusReason ?? 'no reason given'})`;
      console.log(`${c.id.padEnd(24)} ${c.kind.padEnd(8)} ${state.padEnd(10)} ${c.target ?? '-'}  ${describeRoute(c)}`);
    }
  });
  return 0;
}

/** Sends a ping delivery; exit code 1 when the receiver refuses it. */
export async function channelsTest(id: string, opts: ApiFlags, io: Pick<Io, 'env'>): Promise<number> {
  const r = await (await manager(io, opts)).post<Tested>(path(id, '/test'), {});
  const status = r.statusCode === undefined ? '' : `HTTP ${r.statusCode}, `;
  if (r.ok) console.log(`${id}: ping ${r.deliveryId} accepted (${status}${r.latencyMs} ms).`);
  else console.log(`${id}: ping ${r.deliveryId} failed (${status}${r.latencyMs} ms): ${r.error}`);
  return r.ok ? 0 : 1;
}

export async function channelsDisable(
  id: string,
  opts: ApiFlags & { reason?: string },
  io: Pick<Io, 'env'>,
): Promise<number> {
  await (await manager(io, opts)).post(path(id, '/disable'), { reason: opts.reason });
  console.log(`Disabled ${id}: nothing more is delivered to it until \`klartext channels enable ${id}\`.`);
  return 0;
}

export async function channelsEnable(id: string, opts: ApiFlags, io: Pick<Io, 'env'>): Promise<number> {
  await (await manager(io, opts)).post(path(id, '/enable'), {});
  console.log(`Enabled ${id}.`);
  return 0;
}
