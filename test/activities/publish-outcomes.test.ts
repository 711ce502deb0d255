// deliverToChannel tells the worker each delivery's outcome by channel kind (klartext_deliveries_total): delivered,
// not routed to the segment, or not attempted on a disabled channel; a replayed delivery is not counted twice.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActivityDeps, DeliveryOutcome } from '../../activities/deps.ts';
import { createPublishActivities, type DeliverToChannelResult } from '../../activities/publish.ts';
import { FOLDER_FILE_NAMES } from '../../channels/channel.ts';
import { createCampaign } from '../../db/campaign-repo.ts';
import { disableChannel, upsertChannel } from '../../db/channel-repo.ts';
import { createPool } from '../../db/pool.ts';
import { saveVideo } from '../../db/video-repo.ts';
import { suiteDatabases, testBrief, testSegment } from '../support/fixtures.ts';

describe.each(suiteDatabases())('deliverToChannel outcomes on %s', (_name, url) => {
  const pool = createPool(url, 2);
  afterAll(() => pool.end());

  it('reports delivered, not-routed and disabled by channel kind, once per delivery', async () => {
    const id = randomBytes(4).toString('hex');
    const campaignId = `outcomes-${id}`;
    const outDir = await mkdtemp(join(tmpdir(), 'klartext-outcomes-'));
    const inbox = join(outDir, 'inbox');
    await mkdir(inbox);
    // The artefacts a folder channel copies (their content does not matter here).
    const assets = join(outDir, campaignId, 's1');
    await mkdir(assets, { recursive: true });
    for (const name of FOLDER_FILE_NAMES.filter((n) => !n.startsWith('video-'))) {
      await writeFile(join(assets, name), `stand-in for ${name}`);
    }
    await createCampaign(pool, {
      id: campaignId,
      brief: testBrief({ name: 'outcomes', title: 'Outcomes', topic: 'general' }),
      segments: [testSegment('s1')],
      claims: [],
    });
    await saveVideo(pool, {
      campaignId,
      segmentId: 's1',
      generationKey: `${campaignId}-g1`,
      scriptSha256: 'a'.repeat(64),
      videoPath: join(assets, 'video.mp4'),
      videoSha256: 'b'.repeat(64),
      durationSeconds: 30,
      captionsPath: join(assets, 'captions.vtt'),
    });
    await upsertChannel(pool, undefined, { id: `folder-${id}`, kind: 'folder', target: inbox });
    await upsertChannel(pool, undefined, {
      id: `elsewhere-${id}`,
      kind: 'folder',
      target: inbox,
      route: { languages: ['uk'] },
    });
    await upsertChannel(pool, undefined, { id: `paused-${id}`, kind: 'folder', target: inbox });
    await disableChannel(pool, `paused-${id}`, 'paused by a manager');

    const seen: [string, DeliveryOutcome][] = [];
    const deps = {
      pool,
      outDir,
      publicBaseUrl: 'http://127.0.0.1:3000',
      allowHttpLoopback: true,
      folderChannelRoots: [outDir],
      onDelivery: (kind: string, outcome: DeliveryOutcome) => void seen.push([kind, outcome]),
    } as unknown as ActivityDeps;
    const { deliverToChannel } = createPublishActivities(deps);
    const deliver = (channelId: string): Promise<DeliverToChannelResult> =>
      new MockActivityEnvironment().run(deliverToChannel, {
        campaignId,
        segmentId: 's1',
        channelId,
        generationKey: `${campaignId}-g1`,
      });

    expect((await deliver(`folder-${id}`)).status).toBe('delivered');
    expect((await deliver(`folder-${id}`)).status).toBe('delivered');
    expect((await deliver(`elsewhere-${id}`)).status).toBe('not-routed');
    expect((await deliver(`paused-${id}`)).status).toBe('disabled');
    expect(seen).toEqual([
      ['folder', 'delivered'],
      ['folder', 'not-routed'],
      ['folder', 'disabled'],
    ]);
  });
});
