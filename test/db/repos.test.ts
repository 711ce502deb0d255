// Repository suite: runs on PGlite over the wire protocol, and on the real PostgreSQL when DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createCampaign,
  getCampaign,
  listCampaignClaims,
  listSegments,
  transitionCampaign,
} from '../../db/campaign-repo.ts';
import { ensureDelivery, finishAttempt, listDeliveries, startAttempt } from '../../db/delivery-repo.ts';
import { migrate } from '../../db/migrate.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { getScriptVersion, saveScriptVersion, scriptSha256 } from '../../db/script-repo.ts';
import { findUserByToken, upsertUserWithToken } from '../../db/user-repo.ts';
import type { Claim, Script } from '../../shared/types.ts';
import { testBrief, testSegment, suiteDatabases } from '../support/fixtures.ts';
import { createStoreActivities } from '../../activities/store.ts';
import type { ActivityDeps } from '../../activities/deps.ts';

const databases = suiteDatabases();

const brief = testBrief({ name: 'repo-test', title: 'Repo test', topic: 'flu' });
const segment = (id: string) => testSegment(id);
const claim: Claim = {
  id: 'flu-annual',
  text: { de: 'Die Grippeimpfung wird jährlich empfohlen.' },
  topics: ['timing'],
  source: { title: 'STIKO', publisher: 'RKI', url: 'https://www.rki.de', date: '2026-01-01' },
  status: 'active',
};
const script: Script = {
  title: 'T',
  language: 'de',
  readingLevel: 'plain',
  scenes: [{ sentences: [{ text: 'N', claimIds: [] }], onScreenText: 'O', visual: 'V', durationSeconds: 4 }],
  callToAction: 'C',
  aiDisclosure: 'KI',
  sources: [],
};

describe.each(databases)('repositories on %s', (_name, url) => {
  const pool: Pool = createPool(url, 3);
  afterAll(() => pool.end());
  const newId = () => `repo-${randomBytes(4).toString('hex')}`;

  it('applies migrations once and reports nothing on a second run', async () => {
    expect(await migrate(pool)).toEqual([]);
  });

  it('stores a campaign with its segments and claim versions', async () => {
    const id = newId();
    expect(await createCampaign(pool, { id, brief, segments: [segment('a'), segment('b')], claims: [claim] })).toBe(
      true,
    );
    expect((await getCampaign(pool, id))?.brief).toEqual(brief);
    expect((await listSegments(pool, id)).map((s) => [s.id, s.status])).toEqual([
      ['a', 'PENDING'],
      ['b', 'PENDING'],
    ]);
    expect(await listCampaignClaims(pool, id)).toEqual([claim]);
    expect(await createCampaign(pool, { id, brief, segments: [segment('a')], claims: [claim] })).toBe(false);
  });

  it('completes only a running campaign: one cancelled as its last segment finished stays cancelled', async () => {
    const store = createStoreActivities({ pool } as unknown as ActivityDeps);
    const [running, cancelled] = [newId(), newId()];
    for (const id of [running, cancelled]) {
      await createCampaign(pool, { id, brief, segments: [segment('a')], claims: [claim] });
      expect(await transitionCampaign(pool, id, 'DRAFT', 'RUNNING')).toBe(true);
    }
    expect(await transitionCampaign(pool, cancelled, 'RUNNING', 'CANCELLED')).toBe(true);
    for (const id of [running, cancelled]) await store.finishCampaign({ campaignId: id, counts: { PUBLISHED: 1 } });
    expect((await getCampaign(pool, running))?.status).toBe('COMPLETED');
    expect((await getCampaign(pool, cancelled))?.status).toBe('CANCELLED');
  });

  it('writes nothing of a campaign whose segments are invalid', async () => {
    const id = newId();
    await expect(
      createCampaign(pool, { id, brief, segments: [segment('a'), segment('a')], claims: [claim] }),
    ).rejects.toThrow();
    expect(await getCampaign(pool, id)).toBeUndefined();
    expect(await listSegments(pool, id)).toEqual([]);
  });

  it('keeps script versions immutable and content-addressed', async () => {
    const id = newId();
    await createCampaign(pool, { id, brief, segments: [segment('a')], claims: [claim] });
    const v = {
      campaignId: id,
      segmentId: 'a',
      script: { ...script, title: id },
      provider: 'local',
      templateHash: 'h',
    };
    const sha = await saveScriptVersion(pool, v);
    expect(sha).toBe(scriptSha256(v.script));
    expect(await saveScriptVersion(pool, v)).toBe(sha);
    expect((await getScriptVersion(pool, { campaignId: id, segmentId: 'a', sha256: sha }))?.script).toEqual(v.script);
  });

  it('keeps the same text in two campaigns as two versions, each reviewed on its own', async () => {
    const [one, two] = [newId(), newId()];
    for (const id of [one, two]) await createCampaign(pool, { id, brief, segments: [segment('a')], claims: [claim] });
    const same = { ...script, title: `shared-${one}` };
    const sha = await saveScriptVersion(pool, {
      campaignId: one,
      segmentId: 'a',
      script: same,
      provider: 'local',
      templateHash: 'h',
    });
    expect(
      await saveScriptVersion(pool, {
        campaignId: two,
        segmentId: 'a',
        script: same,
        provider: 'local',
        templateHash: 'h',
      }),
    ).toBe(sha);
    expect(await getScriptVersion(pool, { campaignId: two, segmentId: 'a', sha256: sha })).toMatchObject({
      campaignId: two,
    });
  });

  it('keeps one ledger row per delivery id and records each attempt', async () => {
    const id = newId();
    const d = {
      id: `msg_${id}`,
      campaignId: id,
      segmentId: 'a',
      channelId: 'c',
      eventType: 'video.approved',
      videoSha256: 'v',
    };
    expect((await ensureDelivery(pool, d)).status).toBe('pending');
    const attempt = await startAttempt(pool, d.id);
    await finishAttempt(pool, { id: d.id, attempt, statusCode: 200, latencyMs: 12, status: 'delivered' });
    const again = await ensureDelivery(pool, d);
    expect(again).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(await listDeliveries(pool, id)).toHaveLength(1);
  });

  it('finds a user by token and never by a wrong one', async () => {
    const userId = newId();
    const token = await upsertUserWithToken(pool, { id: userId, displayName: 'R', role: 'medical_reviewer' });
    expect(await findUserByToken(pool, token)).toEqual({ id: userId, displayName: 'R', role: 'medical_reviewer' });
    expect(await findUserByToken(pool, `${token}x`)).toBeUndefined();
  });
});
