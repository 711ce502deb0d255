// A Turkish script whose medical reviewer reads German: the approval waits for a language reviewer's signed check of
// that very version, and a new version voids it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../cli/api-client.ts';
import { listReaderSignOffs } from '../../db/reader-sign-off-repo.ts';
import { setPassword, setUserLanguages, upsertUserWithToken } from '../../db/user-repo.ts';
import type { Role } from '../../shared/roles.ts';
import type { ReviewState } from '../../workflows/messages.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { klartext } from '../cli/run.ts';

let h: Harness;
let languageReviewer: ApiClient;
let ukrainianReviewer: ApiClient;
let reviewerId: string;
let languageReviewerToken: string;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  const user = async (id: string, role: Role, languages: string[]) => {
    const token = await upsertUserWithToken(h.pool, { id, displayName: `Test ${id}`, role });
    await setPassword(h.pool, id, TEST_PASSWORD);
    await setUserLanguages(h.pool, id, languages);
    if (role === 'language_reviewer' && languages.includes('tr')) languageReviewerToken = token;
    return createApiClient(h.server.url, token);
  };
  const suffix = randomBytes(3).toString('hex');
  languageReviewer = await user(`lr-tr-${suffix}`, 'language_reviewer', ['tr', 'de']);
  ukrainianReviewer = await user(`lr-uk-${suffix}`, 'language_reviewer', ['uk']);
  reviewerId = (await h.reviewer.get<{ id: string }>('/api/me')).id;
  await setUserLanguages(h.pool, reviewerId, ['de']);
});
afterAll(() => h?.close());

/** The example campaign with only its Turkish segment. */
async function turkishCampaign() {
  const example = await h.example();
  const segments = example.segments.filter((s) => s.language === 'tr');
  expect(segments).toHaveLength(1);
  return { campaign: { ...example, segments }, segmentId: segments[0]!.id };
}

const inReview = (path: string, not?: string) =>
  eventually(
    async () => {
      const item = await h.reviewer.get<{ state: ReviewState }>(path).catch(() => undefined);
      const { status, scriptSha256 } = item?.state ?? {};
      return status === 'IN_REVIEW' && scriptSha256 && scriptSha256 !== not ? item!.state : undefined;
    },
    60_000,
    'script in review',
  );

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: { status?: number; message: string }) => ({ status: err.status, message: err.message }),
  );

describe('language sign-off before a medical approval', () => {
  it('refuses the German reader’s approval of a Turkish script until a Turkish language reviewer signed it', async () => {
    const { campaign, segmentId } = await turkishCampaign();
    const campaignId = await h.launch(campaign);
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    const state = await inReview(path);
    expect(state.signOffs?.required).toMatchObject({ language: 'tr', languageReview: 'unread', testReading: false });
    const approve = () =>
      h.reviewer.post(`${path}/approve`, { scriptSha256: state.scriptSha256, password: TEST_PASSWORD });

    expect(await refusal(approve())).toEqual({
      status: 409,
      message:
        "This approval needs a language reviewer's sign-off for 'tr' (you do not read 'tr'; your languages are set by an admin) on this version first; ask them to sign it off on the review page.",
    });
    // Only a reader of the script's language signs, only with the password, only on the version in review.
    const body = { kind: 'language', scriptSha256: state.scriptSha256, password: TEST_PASSWORD };
    expect(await refusal(ukrainianReviewer.post(`${path}/sign-offs`, body))).toMatchObject({
      status: 409,
      message: expect.stringContaining("The script is in 'tr' and you read uk"),
    });
    expect(await refusal(languageReviewer.post(`${path}/sign-offs`, { ...body, password: 'wrong' }))).toMatchObject({
      status: 403,
    });
    expect(
      await refusal(languageReviewer.post(`${path}/sign-offs`, { ...body, scriptSha256: 'a'.repeat(64) })),
    ).toMatchObject({ status: 409, message: expect.stringContaining('Stale sign-off') });
    expect(await refusal(h.reviewer.post(`${path}/sign-offs`, body))).toMatchObject({ status: 403 });

    const signed = await languageReviewer.post<{ state: ReviewState }>(`${path}/sign-offs`, {
      ...body,
      comment: 'Fluent; formal register fits.',
    });
    expect(signed.state.signOffs?.given).toEqual([
      expect.objectContaining({ kind: 'language', language: 'tr', scriptSha256: state.scriptSha256, round: 1 }),
    ]);
    expect(await refusal(languageReviewer.post(`${path}/sign-offs`, body))).toMatchObject({
      status: 409,
      message: expect.stringContaining('has already signed this version off'),
    });
    const stored = await eventually(async () => {
      const rows = await listReaderSignOffs(h.pool, campaignId, segmentId);
      return rows.length === 1 ? rows : undefined;
    });
    expect(stored[0]).toMatchObject({
      kind: 'language',
      role: 'language_reviewer',
      comment: 'Fluent; formal register fits.',
    });
    expect(stored[0]!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const subject = `campaign/${campaignId}/segment/${segmentId}`;
    const audit = await h.pool.query(`SELECT actor, details FROM audit_log WHERE action = $1 AND subject = $2`, [
      'review.reader-sign-off',
      subject,
    ]);
    expect(audit.rows).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ kind: 'language', language: 'tr' }) }),
    ]);

    const approved = await h.reviewer.post<{ state: ReviewState }>(`${path}/approve`, {
      scriptSha256: state.scriptSha256,
      password: TEST_PASSWORD,
    });
    expect(approved.state.decisions).toEqual([expect.objectContaining({ decision: 'APPROVED', reviewerId })]);
  });

  it('voids the sign-off when a change request makes a new version', async () => {
    const { campaign, segmentId } = await turkishCampaign();
    const campaignId = await h.launch(campaign);
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    const first = await inReview(path);
    const body = { kind: 'language', scriptSha256: first.scriptSha256, password: TEST_PASSWORD };
    await languageReviewer.post(`${path}/sign-offs`, body);
    await h.secondReviewer.post(`${path}/request-changes`, {
      scriptSha256: first.scriptSha256,
      edits: [{ op: 'move', scene: 2, to: 1 }],
    });

    const second = await inReview(path, first.scriptSha256);
    expect(second.round).toBe(2);
    expect(second.signOffs?.given).toEqual([]);
    expect(
      await refusal(h.reviewer.post(`${path}/approve`, { scriptSha256: second.scriptSha256, password: TEST_PASSWORD })),
    ).toMatchObject({ status: 409, message: expect.stringContaining("language reviewer's sign-off for 'tr'") });
    // The record of the first sign-off stays, bound to the version it signed.
    expect(await listReaderSignOffs(h.pool, campaignId, segmentId)).toEqual([
      expect.objectContaining({ round: 1, scriptSha256: first.scriptSha256 }),
    ]);
  });

  it('lets a medical reviewer who reads the language approve alone, unless the campaign always asks', async () => {
    const { campaign, segmentId } = await turkishCampaign();
    await setUserLanguages(h.pool, reviewerId, ['de', 'tr']);
    try {
      const alone = await h.launch(campaign);
      const state = await inReview(`/api/reviews/${alone}/${segmentId}`);
      await h.reviewer.post(`/api/reviews/${alone}/${segmentId}/approve`, {
        scriptSha256: state.scriptSha256,
        password: TEST_PASSWORD,
      });

      const strict = {
        ...campaign,
        brief: {
          ...campaign.brief,
          review: { ...campaign.brief.review, signOffs: { languageReview: { tr: 'always' as const } } },
        },
      };
      const always = await h.launch(strict);
      const path = `/api/reviews/${always}/${segmentId}`;
      const strictState = await inReview(path);
      expect(
        await refusal(
          h.reviewer.post(`${path}/approve`, { scriptSha256: strictState.scriptSha256, password: TEST_PASSWORD }),
        ),
      ).toMatchObject({ status: 409, message: expect.stringContaining('the campaign requires one for every') });
    } finally {
      await setUserLanguages(h.pool, reviewerId, ['de']);
    }
  });

  it('takes the sign-off from the terminal, the password piped in', async () => {
    const { campaign, segmentId } = await turkishCampaign();
    const campaignId = await h.launch(campaign);
    const path = `/api/reviews/${campaignId}/${segmentId}`;
    const state = await inReview(path);
    const ran = await klartext(
      [
        'review',
        'sign-off',
        campaignId,
        segmentId,
        '--kind',
        'language',
        '--sha',
        state.scriptSha256!,
        '--password-stdin',
      ],
      {
        env: { KLARTEXT_API_URL: h.server.url, KLARTEXT_API_TOKEN: languageReviewerToken },
        stdin: `${TEST_PASSWORD}\n`,
      },
    );
    expect(ran.stdout).toBe(`Recorded. ${segmentId} has 1 reader sign-off(s) on this version (round 1).\n`);
    expect(ran.stderr).toMatch(/^Signing as lr-tr-/);
    await h.reviewer.post(`${path}/approve`, { scriptSha256: state.scriptSha256, password: TEST_PASSWORD });
  });
});
