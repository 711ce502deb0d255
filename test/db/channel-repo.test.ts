// Channel repository and secrets at rest: AES-256-GCM round trip, nothing secret in the rows, routing, feed entries.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCampaign } from '../../db/campaign-repo.ts';
import {
  channelsForSegment,
  disableChannel,
  enableChannel,
  getChannel,
  getChannelWithSecret,
  linkCampaignChannels,
  listChannels,
  routeMatches,
  upsertChannel,
} from '../../db/channel-repo.ts';
import { createFeedChannel } from '../../channels/feed.ts';
import { createFeedStore, readFeedPage } from '../../db/feed-repo.ts';
import { createPool } from '../../db/pool.ts';
import { createSecretBox, loadOrCreateSecretBox, SECRETS_KEY_FILE } from '../../db/secrets.ts';
import { ConfigError } from '../../shared/errors.ts';
import { testBrief } from '../support/fixtures.ts';

const pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 2);
afterAll(() => pool.end());
const box = createSecretBox([randomBytes(32)]);
const uid = () => randomBytes(3).toString('hex');
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

const brief = testBrief({ name: 'channel-test', title: 'Channel test', topic: 'flu' });

describe('secret box', () => {
  it('decrypts what it encrypted, and refuses the ciphertext under another context', () => {
    const sealed = box.encrypt(SECRET, 'channel a');
    expect(sealed).toMatch(new RegExp(`^v1\\.${box.keyId}\\.`));
    expect(box.decrypt(sealed, 'channel a')).toBe(SECRET);
    expect(() => box.decrypt(sealed, 'channel b')).toThrow(/integrity check/);
  });

  it('names both key ids when a secret was encrypted with a key that is not configured', () => {
    const sealed = box.encrypt(SECRET, 'channel a');
    const other = createSecretBox([randomBytes(32)]);
    expect(() => other.decrypt(sealed, 'channel a')).toThrow(ConfigError);
    expect(() => other.decrypt(sealed, 'channel a')).toThrow(
      new RegExp(`key ${box.keyId}.*configured key is ${other.keyId}`),
    );
  });

  it('decrypts with an older key listed after the new one (rotation)', () => {
    const old = randomBytes(32);
    const sealed = createSecretBox([old]).encrypt(SECRET, 'c');
    const rotated = createSecretBox([randomBytes(32), old]);
    expect(rotated.decrypt(sealed, 'c')).toBe(SECRET);
    expect(rotated.encrypt(SECRET, 'c')).toContain(rotated.keyId);
  });

  it('generates one owner-only key in the data directory and reuses it', async () => {
    const dir = await mkdtemp(join(inject('tmpRoot'), 'secrets-'));
    const first = await loadOrCreateSecretBox({ dataDir: dir });
    const second = await loadOrCreateSecretBox({ dataDir: dir });
    expect(second.keyId).toBe(first.keyId);
    expect((await stat(join(dir, SECRETS_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await readFile(join(dir, SECRETS_KEY_FILE), 'utf8'), 'base64')).toHaveLength(32);
  });

  it('refuses a configured key that is not 32 bytes of base64, saying how to make one', async () => {
    await expect(loadOrCreateSecretBox({ key: 'c2hvcnQ=', dataDir: '/nonexistent' })).rejects.toThrow(
      /KLARTEXT_SECRETS_KEY .*32 random bytes.*openssl rand -base64 32/,
    );
  });
});

describe('channel repository', () => {
  it('stores the secret encrypted: the row holds no trace of it, and reading it back decrypts', async () => {
    const id = `hook-${uid()}`;
    const { channel, created } = await upsertChannel(pool, box, {
      id,
      kind: 'webhook',
      target: 'https://partner.example/hooks',
      secret: SECRET,
    });
    expect(created).toBe(true);
    expect(channel).toMatchObject({ id, hasSecret: true, secretKeyId: box.keyId, status: 'active' });
    expect(JSON.stringify(channel)).not.toContain(SECRET.slice(6, 30));
    const row = (await pool.query(`SELECT to_jsonb(c)::text AS t FROM channels c WHERE id = $1`, [id])).rows[0].t;
    expect(row).not.toContain(SECRET);
    expect(row).not.toContain(SECRET.slice(6, 30));
    expect((await getChannelWithSecret(pool, box, id))?.secret).toBe(SECRET);
    const stranger = createSecretBox([randomBytes(32)]);
    await expect(getChannelWithSecret(pool, stranger, id)).rejects.toThrow(/set KLARTEXT_SECRETS_KEY/);
  });

  it('keeps the secret on an update without one, and re-activates a disabled channel given a new target', async () => {
    const id = `hook-${uid()}`;
    await upsertChannel(pool, box, { id, kind: 'webhook', target: 'https://a.example/h', secret: SECRET });
    expect(await disableChannel(pool, id, 'receiver answered 410 Gone')).toBe(true);
    const same = await upsertChannel(pool, box, { id, kind: 'webhook', target: 'https://a.example/h' });
    expect(same).toMatchObject({ created: false, channel: { status: 'disabled', statusReason: /410/ } });
    const moved = await upsertChannel(pool, box, { id, kind: 'webhook', target: 'https://b.example/h' });
    expect(moved.channel).toMatchObject({ status: 'active', target: 'https://b.example/h', hasSecret: true });
    expect((await getChannelWithSecret(pool, box, id))?.secret).toBe(SECRET);
    await disableChannel(pool, id, 'paused');
    expect(await enableChannel(pool, id)).toBe(true);
    expect((await getChannel(pool, id))?.status).toBe('active');
    expect((await listChannels(pool)).some((c) => c.id === id && !('secret' in c))).toBe(true);
  });

  it('refuses to store a secret without a secrets key', async () => {
    const input = { id: `hook-${uid()}`, kind: 'webhook' as const, target: 'https://a.example/h', secret: SECRET };
    await expect(upsertChannel(pool, undefined, input)).rejects.toThrow(ConfigError);
  });
});

describe('channel routing', () => {
  const seniorsDe = { language: 'de', tags: ['age-75plus', 'region-south'] };
  it('matches by language, region tag and tag; empty lists do not narrow', () => {
    expect(routeMatches({}, seniorsDe)).toBe(true);
    expect(routeMatches({ languages: [] }, seniorsDe)).toBe(true);
    expect(routeMatches({ languages: ['de', 'en'] }, seniorsDe)).toBe(true);
    expect(routeMatches({ languages: ['tr'] }, seniorsDe)).toBe(false);
    expect(routeMatches({ regions: ['south'] }, seniorsDe)).toBe(true);
    expect(routeMatches({ regions: ['by'] }, { language: 'de', tags: ['state-by'] })).toBe(true);
    expect(routeMatches({ regions: ['north'] }, seniorsDe)).toBe(false);
    expect(routeMatches({ tags: ['parents', 'age-75plus'] }, seniorsDe)).toBe(true);
    expect(routeMatches({ languages: ['de'], tags: ['parents'] }, seniorsDe)).toBe(false);
  });

  it("returns a campaign's active channels whose route admits the segment", async () => {
    const campaignId = `ch-${uid()}`;
    await createCampaign(pool, { id: campaignId, brief, segments: [], claims: [] });
    const [all, turkish, off, unlinked] = ['all', 'tr', 'off', 'unlinked'].map((n) => `${n}-${uid()}`) as string[];
    await upsertChannel(pool, box, { id: all!, kind: 'folder', target: '/srv/drop' });
    await upsertChannel(pool, box, { id: turkish!, kind: 'feed', route: { languages: ['tr'] } });
    await upsertChannel(pool, box, { id: off!, kind: 'folder', target: '/srv/off' });
    await upsertChannel(pool, box, { id: unlinked!, kind: 'folder', target: '/srv/other' });
    await disableChannel(pool, off!, 'paused');
    await linkCampaignChannels(pool, campaignId, [all!, turkish!, off!]);
    const ids = async (language: string) =>
      (await channelsForSegment(pool, campaignId, { id: 'seg', language, tags: [] })).map((c) => c.id);
    expect(await ids('de')).toEqual([all]);
    expect((await ids('tr')).sort()).toEqual([all, turkish].sort());
  });
});

describe('feed repository', () => {
  it('appends once per delivery id through the feed adapter and pages after a sequence', async () => {
    const id = `feed-${uid()}`;
    await upsertChannel(pool, box, { id, kind: 'feed' });
    const adapter = createFeedChannel({ channelId: id, store: createFeedStore(pool) });
    const at = new Date('2026-10-01T08:00:00Z');
    const deliver = (n: number, data: Record<string, unknown>) =>
      adapter.deliver({ deliveryId: `msg_${n}`, eventType: 'video.approved', timestamp: at, data });
    for (const n of [1, 2, 3]) await deliver(n, { n });
    await deliver(2, { n: 'again' });
    const first = await readFeedPage(pool, id, { afterSeq: 0, limit: 2 });
    expect(first.entries.map((e) => [e.id, e.data])).toEqual([
      ['msg_1', { n: 1 }],
      ['msg_2', { n: 2 }],
    ]);
    expect(first.hasMore).toBe(true);
    expect(first.entries[0]?.timestamp).toBe(at.toISOString());
    const second = await readFeedPage(pool, id, { afterSeq: first.lastSeq, limit: 2 });
    expect(second).toMatchObject({ entries: [{ id: 'msg_3' }], hasMore: false });
    const empty = await readFeedPage(pool, id, { afterSeq: second.lastSeq, limit: 2 });
    expect(empty).toEqual({ entries: [], lastSeq: second.lastSeq, hasMore: false });
  });
});

describe('migration 008', () => {
  it('moves inline channels out of stored briefs, disabled and without their plain secrets', async () => {
    const dir = join(import.meta.dirname, '..', '..', 'db', 'migrations');
    const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
    const client = await pool.connect();
    try {
      // A scratch schema inside a transaction that is rolled back: the suite database is left as it was.
      await client.query('BEGIN');
      await client.query(`CREATE SCHEMA m008`);
      await client.query(`SET LOCAL search_path TO m008`);
      const run = async (f: string) => client.query(await readFile(join(dir, f), 'utf8'));
      for (const f of files.filter((f) => f < '008')) await run(f);
      const old = {
        ...brief,
        channels: [{ id: 'partner', kind: 'webhook', url: 'https://p.example/h', secret: SECRET }],
      };
      await client.query(`INSERT INTO campaigns (id, name, title, brief) VALUES ('old', 'o', 'O', $1)`, [
        JSON.stringify(old),
      ]);
      await run('008_channels.sql');
      const stored = await client.query(`SELECT brief::text AS b FROM campaigns WHERE id = 'old'`);
      expect(JSON.parse(stored.rows[0].b).channels).toEqual([{ ref: 'partner' }]);
      expect(stored.rows[0].b).not.toContain(SECRET);
      const channel = await client.query(`SELECT * FROM channels`);
      expect(channel.rows).toEqual([
        expect.objectContaining({
          id: 'partner',
          target: 'https://p.example/h',
          status: 'disabled',
          secret_ciphertext: null,
        }),
      ]);
      expect((await client.query(`SELECT * FROM campaign_channels`)).rows).toEqual([
        { campaign_id: 'old', channel_id: 'partner' },
      ]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
