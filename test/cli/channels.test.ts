// `klartext channels add|list|test|disable|enable` against the channel API on the suite database.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { channelRoutes } from '../../api/routes/channels.ts';
import { getChannel, getChannelWithSecret } from '../../db/channel-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { createSecretBox } from '../../db/secrets.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhook-receiver.ts';
import { serveForCli, type CliApi } from '../support/cli-api.ts';
import { klartextIn } from './run.ts';

let pool: Pool;
let api: CliApi;
let receiver: FakeWebhookReceiver;
const secrets = createSecretBox([randomBytes(32)]);
const uid = () => randomBytes(3).toString('hex');

beforeAll(async () => {
  pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 3);
  const token = await upsertUserWithToken(pool, { id: `cli-cm-${uid()}`, displayName: 'M', role: 'campaign_manager' });
  api = await serveForCli(
    new Hono().route('/', channelRoutes({ pool, secrets, allowHttpLoopback: true, folderChannelRoots: ['/srv'] })),
    token,
  );
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await api?.close();
  await pool?.end();
});

/** Runs the command; returns its exit code and what it printed. */
async function channels(argv: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const { code, stdout, stderr } = await klartextIn(['channels', ...argv]);
  return { code, out: stdout, err: stderr };
}

describe('klartext channels', () => {
  it('adds a webhook with a generated secret, printed once and stored encrypted', async () => {
    const id = `hook-${uid()}`;
    const { code, out } = await channels([
      'add',
      id,
      '--kind',
      'webhook',
      '--url',
      'https://cms.example/hooks',
      '--generate-secret',
      '--languages',
      'de,en',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^Added webhook channel ${id} → https://cms.example/hooks \\(languages=de,en\\)`));
    const secret = /Signing secret, shown only now: (whsec_\S+)/.exec(out)?.[1];
    expect((await getChannelWithSecret(pool, secrets, id))?.secret).toBe(secret);
    expect((await channels(['list'])).out).not.toContain(secret?.slice(6));
  });

  it('adds a feed and prints its token once', async () => {
    const id = `feed-${uid()}`;
    const { out } = await channels(['add', id, '--kind', 'feed', '--regions', 'south']);
    expect(out).toMatch(new RegExp(`Feed token, shown only now \\(GET /api/feeds/${id}\\): kft_`));
    expect(await getChannel(pool, id)).toMatchObject({
      kind: 'feed',
      route: { regions: ['south'] },
      hasFeedToken: true,
    });
  });

  it('pings a webhook and reports the status code, and exits 1 with the reason when the receiver refuses', async () => {
    const id = `hook-${uid()}`;
    await channels(['add', id, '--kind', 'webhook', '--url', receiver.url, '--secret', receiver.secret]);
    const ok = await channels(['test', id]);
    expect(ok).toMatchObject({
      code: 0,
      out: expect.stringMatching(new RegExp(`^${id}: ping ping_\\w+ accepted \\(HTTP 200, \\d+ ms\\)`)),
    });
    receiver.failNext(1, 400);
    const refused = await channels(['test', id]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/failed \(HTTP 400, \d+ ms\): /);
  });

  it('lists, disables with a reason and enables again', async () => {
    const id = `drop-${uid()}`;
    await channels(['add', id, '--kind', 'folder', '--dir', '/srv/cms-import', '--tags', 'parents']);
    await channels(['disable', id, '--reason', 'CMS migration']);
    expect((await channels(['list'])).out).toMatch(
      new RegExp(`^${id} +folder +DISABLED \\(CMS migration\\) /srv/cms-import  tags=parents$`, 'm'),
    );
    await channels(['enable', id]);
    const listed = JSON.parse((await channels(['list', '--json'])).out) as { id: string; status: string }[];
    expect(listed.find((c) => c.id === id)?.status).toBe('active');
  });

  it('says what is missing when the kind is absent or unknown, and what the API refused', async () => {
    expect(await channels(['add', `x-${uid()}`, '--url', 'https://a.example'])).toMatchObject({
      code: 2,
      err: "klartext: required option '--kind <kind>' not specified (see 'klartext channels add --help')",
    });
    expect((await channels(['add', `x-${uid()}`, '--kind', 'ftp'])).err).toMatch(
      /argument 'ftp' is invalid\. Allowed choices are webhook, folder, feed\./,
    );
    await expect(channels(['add', `x-${uid()}`, '--kind', 'folder'])).rejects.toThrow(
      /directory: a folder channel needs an absolute directory/,
    );
    await expect(channels(['add', `x-${uid()}`, '--kind', 'folder', '--dir', '/proc/self'])).rejects.toThrow(
      /directory: Folder channel directory must not be inside \/proc, \/sys or \/dev .*KLARTEXT_FOLDER_CHANNEL_ROOTS/,
    );
    await expect(
      channels(['add', `x-${uid()}`, '--kind', 'webhook', '--url', 'https://10.0.0.1/h', '--generate-secret', 'v1']),
    ).rejects.toThrow(/url: Channel target 10\.0\.0\.1 resolves to 10\.0\.0\.1, which is private/);
  });
});
