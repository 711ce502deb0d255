// Generation ledger and video budget against the real database (PGlite over the wire, PostgreSQL when configured).
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCampaign } from '../../db/campaign-repo.ts';
import { budgetUsage, createGenerationLedger } from '../../db/generation-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { BudgetExceededError, NON_RETRYABLE_ERRORS } from '../../shared/errors.ts';
import type { CampaignBrief } from '../../shared/types.ts';

const postgresUrl = inject('postgresUrl');
const databases: [string, string][] = [
  ['PGlite', inject('pgliteUrl')],
  ...(postgresUrl ? [['PostgreSQL', postgresUrl] as [string, string]] : []),
];

const brief = (budgetSeconds?: number): CampaignBrief => ({
  name: 'ledger-test',
  title: 'Ledger test',
  agency: 'Test agency',
  topic: 'flu',
  callToAction: { de: 'Fragen Sie Ihre Praxis.' },
  branding: { primaryColor: '#004B87', backgroundColor: '#FFFFFF', textColor: '#111111' },
  video: { width: 1280, height: 720, ...(budgetSeconds === undefined ? {} : { budgetSeconds }) },
  review: { approvalsRequired: 1 },
  channels: [],
  segmentsFile: '/x/segments.csv',
  claimsFile: '/x/claims.yaml',
});
const key = () => createHash('sha256').update(randomBytes(8)).digest('hex');

describe.each(databases)('generation ledger on %s', (_name, url) => {
  const pool: Pool = createPool(url, 6);
  const ledger = createGenerationLedger(pool);
  afterAll(() => pool.end());
  const campaign = async (budgetSeconds?: number) => {
    const id = `ledger-${randomBytes(4).toString('hex')}`;
    await createCampaign(pool, { id, brief: brief(budgetSeconds), segments: [], claims: [] });
    return id;
  };
  const reservation = (campaignId: string, k: string, seconds: number) => ({
    key: k,
    campaignId,
    segmentId: 'seg-a',
    provider: 'openai-videos',
    model: 'sora-2',
    seconds,
  });

  it('reserves before submission, settles from the reported seconds and releases a failed job', async () => {
    const id = await campaign(20);
    const [a, b] = [key(), key()];
    await ledger.reserve(reservation(id, a, 8));
    expect(await ledger.get(a)).toBeUndefined();
    expect(await budgetUsage(pool, id)).toEqual({ reservedSeconds: 8, spentSeconds: 0, budgetSeconds: 20 });
    await ledger.recordJob(a, 'video_1');
    expect(await ledger.get(a)).toEqual({ status: 'submitted', jobId: 'video_1' });
    await ledger.complete(a, 6);
    expect(await ledger.get(a)).toEqual({ status: 'completed', jobId: 'video_1' });
    expect(await budgetUsage(pool, id)).toMatchObject({ reservedSeconds: 0, spentSeconds: 6 });

    await ledger.reserve(reservation(id, b, 8));
    await ledger.recordJob(b, 'video_2');
    await ledger.discardJob(b, 'video_2');
    expect(await ledger.get(b)).toBeUndefined();
    expect(await budgetUsage(pool, id)).toMatchObject({ reservedSeconds: 0, spentSeconds: 6 });
    await ledger.reserve(reservation(id, b, 8));
    await ledger.fail(b, 'moderation_blocked: refused');
    expect(await budgetUsage(pool, id)).toMatchObject({ reservedSeconds: 0, spentSeconds: 6 });
  });

  it('reserves a key once however often it is retried', async () => {
    const id = await campaign(10);
    const k = key();
    for (let i = 0; i < 3; i++) await ledger.reserve(reservation(id, k, 8));
    await ledger.recordJob(k, 'video_1');
    await ledger.reserve(reservation(id, k, 8));
    expect(await budgetUsage(pool, id)).toMatchObject({ reservedSeconds: 8, spentSeconds: 0 });
    expect(await ledger.get(k)).toEqual({ status: 'submitted', jobId: 'video_1' });
  });

  it('refuses a reservation past the budget with what is reserved, spent and asked', async () => {
    const id = await campaign(12);
    const done = key();
    await ledger.reserve(reservation(id, done, 4));
    await ledger.complete(done, 4);
    await ledger.reserve(reservation(id, key(), 4));
    const error = await ledger.reserve(reservation(id, key(), 8)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(NON_RETRYABLE_ERRORS).toContain((error as BudgetExceededError).code);
    expect((error as Error).message).toMatch(/8 s more.*4 s spent and 4 s reserved of a budget of 12 s/);
    expect((error as Error).message).toContain('video.budgetSeconds');
  });

  it('lets parallel reservations spend the budget exactly once', async () => {
    const id = await campaign(20);
    const results = await Promise.allSettled(
      Array.from({ length: 9 }, () => ledger.reserve(reservation(id, key(), 4))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.every((r) => r.reason instanceof BudgetExceededError)).toBe(true);
    expect(await budgetUsage(pool, id)).toMatchObject({ reservedSeconds: 20, spentSeconds: 0 });
  });

  it('reserves without limit when the campaign sets no budget', async () => {
    const id = await campaign();
    for (let i = 0; i < 5; i++) await ledger.reserve(reservation(id, key(), 12));
    expect(await budgetUsage(pool, id)).toEqual({ reservedSeconds: 60, spentSeconds: 0 });
  });
});
