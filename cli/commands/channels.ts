// `klartext channels add|list|test|disable|enable`: channel administration through the HTTP API, as a campaign manager.
import { parseArgs } from 'node:util';
import type { ChannelRecord } from '../../db/channel-repo.ts';
import { KlartextError } from '../../shared/errors.ts';
import { loadConfig } from '../../worker/config.ts';
import { apiFor } from '../api-target.ts';

const USAGE = `Usage: klartext channels add <id> --kind webhook --url https://… [--secret whsec_…|whsk_… | --generate-secret[=v1|v1a]]
       klartext channels add <id> --kind folder --dir <absolute path>
       klartext channels add <id> --kind feed [--new-token]
         any kind: [--name <name>] [--languages de,en] [--regions south,by] [--tags parents,…]
       klartext channels list [--json]
       klartext channels test <id>
       klartext channels disable <id> [--reason <text>]  |  klartext channels enable <id>`;

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

export async function runChannels(argv: string[]): Promise<number> {
  // `--generate-secret` on its own means v1; parseArgs has no optional values, so give it one.
  const args = argv.map((a) => (a === '--generate-secret' ? '--generate-secret=v1' : a));
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string' },
      dir: { type: 'string' },
      secret: { type: 'string' },
      'generate-secret': { type: 'string' },
      'new-token': { type: 'boolean', default: false },
      languages: { type: 'string' },
      regions: { type: 'string' },
      tags: { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [sub, id] = positionals;
  const api = () => apiFor(loadConfig(), 'manager');
  const path = (suffix = '') => `/api/channels/${encodeURIComponent(id ?? '')}${suffix}`;

  if (sub === 'add' && id) {
    const kind = values.kind;
    if (kind !== 'webhook' && kind !== 'folder' && kind !== 'feed') {
      throw new KlartextError(`channels add needs --kind webhook, folder or feed.\n${USAGE}`);
    }
    const generate = values['generate-secret'];
    if (generate !== undefined && generate !== 'v1' && generate !== 'v1a') {
      throw new KlartextError(`--generate-secret takes v1 (HMAC, whsec_) or v1a (Ed25519, whsk_), not ${generate}.`);
    }
    const saved = await (
      await api()
    ).post<Saved>('/api/channels', {
      id,
      kind,
      name: values.name,
      url: values.url,
      directory: values.dir,
      secret: values.secret,
      generateSecret: generate,
      generateToken: values['new-token'] || undefined,
      languages: list(values.languages),
      regions: list(values.regions),
      tags: list(values.tags),
    });
    const c = saved.channel;
    console.log(
      `${saved.created ? 'Added' : 'Updated'} ${c.kind} channel ${c.id} → ${c.target ?? '(pulled feed)'} (${describeRoute(c)}).`,
    );
    if (saved.secret) console.log(`Signing secret, shown only now: ${saved.secret}`);
    if (saved.publicKey) console.log(`Public key for the receiver to verify v1a signatures: ${saved.publicKey}`);
    if (saved.feedToken) console.log(`Feed token, shown only now (GET /api/feeds/${c.id}): ${saved.feedToken}`);
    return 0;
  }
  if (sub === 'list') {
    const { channels } = await (await api()).get<{ channels: Listed[] }>('/api/channels');
    if (values.json) {
      console.log(JSON.stringify(channels, null, 2));
      return 0;
    }
    if (channels.length === 0) console.log('No channels yet: add one with `klartext channels add`.');
    for (const c of channels) {
      const state = c.status === 'active' ? 'active' : `DISABLED (${c.statusReason ?? 'no reason given'})`;
      console.log(`${c.id.padEnd(24)} ${c.kind.padEnd(8)} ${state.padEnd(10)} ${c.target ?? '-'}  ${describeRoute(c)}`);
    }
    return 0;
  }
  if (sub === 'test' && id) {
    const r = await (await api()).post<Tested>(path('/test'), {});
    const status = r.statusCode === undefined ? '' : `HTTP ${r.statusCode}, `;
    if (r.ok) console.log(`${id}: ping ${r.deliveryId} accepted (${status}${r.latencyMs} ms).`);
    else console.log(`${id}: ping ${r.deliveryId} failed (${status}${r.latencyMs} ms): ${r.error}`);
    return r.ok ? 0 : 1;
  }
  if (sub === 'disable' && id) {
    await (await api()).post(path('/disable'), { reason: values.reason });
    console.log(`Disabled ${id}: nothing more is delivered to it until \`klartext channels enable ${id}\`.`);
    return 0;
  }
  if (sub === 'enable' && id) {
    await (await api()).post(path('/enable'), {});
    console.log(`Enabled ${id}.`);
    return 0;
  }
  throw new KlartextError(USAGE);
}
