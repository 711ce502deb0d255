// Internal receivers: a webhook channel's allowCidrs, set through POST /api/channels or inline in a campaign, admits
// its non-public address when the channel is saved and is kept with the channel for every delivery.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorResponse } from '../../api/errors.ts';
import { channelRoutes } from '../../api/routes/channels.ts';
import { getChannel } from '../../db/channel-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { createSecretBox } from '../../db/secrets.ts';
import { upsertUserWithToken } from '../../db/user-repo.ts';
import { createCampaignWithChannels } from '../../services/launch.ts';
import { testBrief, testSegment } from '../support/fixtures.ts';

let pool: Pool;
let app: Hono;
let token: string;
const secrets = createSecretBox([randomBytes(32)]);
const uid = () => randomBytes(3).toString('hex');
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

beforeAll(async () => {
  pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 3);
  token = await upsertUserWithToken(pool, { id: `cidr-cm-${uid()}`, displayName: 'M', role: 'campaign_manager' });
  app = new Hono().route('/', channelRoutes({ pool, secrets }));
  app.onError(errorResponse);
});
afterAll(() => pool?.end());

async function post(body: unknown) {
  const res = await app.request('/api/channels', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { channel?: { allowCidrs?: string[] }; error?: { message: string } };
  return { status: res.status, channel: json.channel, message: json.error?.message };
}

describe('allowCidrs of internal receivers', () => {
  it('admits a private receiver inside the channel allowCidrs and stores the blocks with it', async () => {
    const id = `internal-${uid()}`;
    const url = 'https://10.20.0.5/hooks';
    expect(await post({ id, kind: 'webhook', url, secret: SECRET })).toMatchObject({ status: 400 });
    const saved = await post({ id, kind: 'webhook', url, secret: SECRET, allowCidrs: ['10.20.0.0/16'] });
    expect(saved).toMatchObject({ status: 201, channel: { allowCidrs: ['10.20.0.0/16'] } });
    expect((await getChannel(pool, id))?.allowCidrs).toEqual(['10.20.0.0/16']);
    // Saved again without the blocks: the channel admits public addresses only, and so refuses its own target.
    expect(await post({ id, kind: 'webhook', url, secret: SECRET })).toMatchObject({ status: 400 });
    expect((await getChannel(pool, id))?.allowCidrs).toEqual(['10.20.0.0/16']);
  });

  it('refuses a block outside the receiver, a malformed block, and blocks on channels that send to no address', async () => {
    const url = 'https://10.20.0.5/hooks';
    expect(
      await post({ id: `w-${uid()}`, kind: 'webhook', url, secret: SECRET, allowCidrs: ['10.30.0.0/16'] }),
    ).toMatchObject({ status: 400, message: expect.stringMatching(/^url: .*private/) });
    expect(
      await post({ id: `w-${uid()}`, kind: 'webhook', url, secret: SECRET, allowCidrs: ['intranet'] }),
    ).toMatchObject({ status: 400, message: expect.stringMatching(/allowCidrs\.0: must be a CIDR block/) });
    // No allow-list opens the cloud metadata service or this host, however the block is written.
    for (const block of ['0.0.0.0/0', '169.254.0.0/16', '127.0.0.0/8', '::/0', '::ffff:0:0/96']) {
      expect(await post({ id: `w-${uid()}`, kind: 'webhook', url, secret: SECRET, allowCidrs: [block] })).toMatchObject(
        {
          status: 400,
          message: expect.stringMatching(/allowCidrs\.0: must not include .*(metadata service or this host)/),
        },
      );
    }
    expect(await post({ id: `f-${uid()}`, kind: 'feed', allowCidrs: ['10.0.0.0/8'] })).toMatchObject({
      status: 400,
      message: expect.stringMatching(/allowCidrs: a feed channel sends to no address/),
    });
  });

  it('stores the allowCidrs of a webhook channel defined inline in a campaign', async () => {
    const channelId = `inline-${uid()}`;
    const brief = testBrief({
      channels: [
        {
          id: channelId,
          kind: 'webhook',
          url: 'https://10.20.0.6/hooks',
          secret: SECRET,
          allowCidrs: ['10.20.0.0/16'],
        },
      ],
    });
    const id = `cidr-${uid()}`;
    expect(
      await createCampaignWithChannels({ pool, secrets }, { id, brief, segments: [testSegment('s1')], claims: [] }),
    ).toBe(true);
    expect((await getChannel(pool, channelId))?.allowCidrs).toEqual(['10.20.0.0/16']);
  });
});
