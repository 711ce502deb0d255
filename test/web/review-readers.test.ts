import { describe, expect, it } from 'vitest';
import { resolveSignOffs, type ReaderSignOff } from '../../shared/reader-sign-offs.ts';
import { readersSection, type ReadersContext } from '../../web/views/review-readers.ts';

const SHA = 'd'.repeat(64);
const signed = (overrides: Partial<ReaderSignOff>): ReaderSignOff => ({
  kind: 'language',
  reviewerId: 'ayse',
  reviewerName: 'Ayşe K.',
  role: 'language_reviewer',
  language: 'tr',
  scriptSha256: SHA,
  round: 2,
  meaning: 'm',
  comment: '',
  signedAt: '2026-12-07T10:00:00.000Z',
  ...overrides,
});
const ctx = (overrides: Partial<ReadersContext> = {}): ReadersContext => ({
  campaignId: 'c1',
  segmentId: 'turkish-adults',
  scriptSha256: SHA,
  status: 'IN_REVIEW',
  required: resolveSignOffs(undefined, 'tr', 'plain'),
  given: [],
  earlier: [],
  user: { id: 'dr-a', displayName: 'Dr A', role: 'medical_reviewer' },
  userLanguages: ['de'],
  csrfToken: 'csrf-token',
  ...overrides,
});
const page = async (c: ReadersContext) => String(await readersSection(c));

describe('the review page’s reader sign-offs', () => {
  it('lists the language review as missing, with no form for a medical reviewer', async () => {
    const html = await page(ctx());
    expect(html).toContain('Sign-offs by readers');
    expect(html).toContain('when the approving medical reviewer does not read Turkish (tr)');
    expect(html).toContain('missing');
    expect(html).not.toContain('Test reading');
    expect(html).not.toContain('<form');
  });

  it('names who signed and when, and counts sign-offs on earlier versions as void', async () => {
    const html = await page(
      ctx({ given: [signed({ comment: 'Fluent.' })], earlier: [signed({ round: 1, scriptSha256: 'e'.repeat(64) })] }),
    );
    expect(html).toContain('signed by Ayşe K., 7 Dec 2026');
    expect(html).toContain('Fluent.');
    expect(html).toContain('1 sign-off(s) on earlier versions are void');
    expect(html).toContain('eeeeeeeeeeee');
  });

  it('gives a language reviewer who reads the language the signed form bound to the version, in German too', async () => {
    const reviewer = { id: 'ayse', displayName: 'Ayşe K.', role: 'language_reviewer' as const };
    const html = await page(ctx({ user: reviewer, userLanguages: ['tr'], locale: 'de' }));
    expect(html).toContain('action="/review/c1/turkish-adults/sign-off"');
    expect(html).toContain(`name="scriptSha256" value="${SHA}"`);
    expect(html).toContain('name="kind" value="language"');
    expect(html).toContain('type="password"');
    expect(html).toContain('Freigaben durch Lesende');
    const other = await page(ctx({ user: reviewer, userLanguages: ['uk'] }));
    expect(other).not.toContain('<form');
    expect(other).toContain('Turkish (tr) is not among the languages you read');
  });

  it('asks a test reader of an easy script for theirs, and shows nothing for versions without a policy', async () => {
    const tester = { id: 'tl', displayName: 'Test reader', role: 'test_reader' as const };
    const html = await page(ctx({ required: resolveSignOffs(undefined, 'de', 'easy'), user: tester }));
    expect(html).toContain('for scripts at reading level easy');
    expect(html).toContain('name="kind" value="test-reading"');
    expect(await page(ctx({ required: undefined }))).toBe('');
  });
});
