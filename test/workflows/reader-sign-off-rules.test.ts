import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { missingSignOffs, readsLanguages, resolveSignOffs } from '../../shared/reader-sign-offs.ts';
import type { ReaderSignOffInput, ReviewDecisionInput, ReviewState } from '../../workflows/messages.ts';
import { refuseMissingSignOffs, validateReaderSignOff } from '../../workflows/reader-sign-off.ts';

const SHA = 'b'.repeat(64);
const meaning = { meaning: 'test readers from the target group read the script and understood it' };

/** A German easy-language script in review, needing the default sign-offs. */
function easyScript(): ReviewState {
  return {
    status: 'IN_REVIEW',
    scriptSha256: SHA,
    round: 1,
    approvalsRequired: 1,
    decisions: [],
    signOffs: { required: resolveSignOffs(undefined, 'de', 'easy'), given: [] },
  };
}

const reader = (role: string, languages: string[] = []) => ({ id: `${role}-1`, displayName: role, role, languages });
const testReading = (overrides: Partial<ReaderSignOffInput> = {}): ReaderSignOffInput => ({
  reviewer: reader('test_reader'),
  kind: 'test-reading',
  scriptSha256: SHA,
  signature: meaning,
  ...overrides,
});
const approval: ReviewDecisionInput = {
  reviewer: { id: 'dr-a', displayName: 'Dr A', role: 'medical_reviewer', languages: ['de'] },
  scriptSha256: SHA,
  signature: { meaning: 'medically accurate and appropriate for this audience' },
};
const refusal = (f: () => void) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return (err as ApplicationFailure).message;
  }
  return undefined;
};

describe('resolveSignOffs', () => {
  it('asks by default for a language review when the approver does not read the language, and test reading for easy', () => {
    expect(resolveSignOffs(undefined, 'tr', 'plain')).toEqual({
      language: 'tr',
      readingLevel: 'plain',
      languageReview: 'unread',
      testReading: false,
    });
    expect(resolveSignOffs(undefined, 'de', 'easy').testReading).toBe(true);
  });

  it('takes a language’s own rule over the campaign’s `*`, and the campaign’s reading levels', () => {
    const policy = { languageReview: { '*': 'always' as const, de: 'unread' as const }, testReading: ['plain'] };
    expect(resolveSignOffs(policy, 'uk', 'plain')).toMatchObject({ languageReview: 'always', testReading: true });
    expect(resolveSignOffs(policy, 'de', 'easy')).toMatchObject({ languageReview: 'unread', testReading: false });
  });
});

describe('missingSignOffs', () => {
  const tr = resolveSignOffs(undefined, 'tr', 'plain');
  it('needs nothing from a reviewer who reads the language, a language review from one who does not', () => {
    expect(missingSignOffs(tr, ['de', 'tr'], [])).toEqual([]);
    expect(missingSignOffs(tr, ['de'], [])).toEqual(['language']);
    expect(missingSignOffs(tr, undefined, [])).toEqual(['language']);
    expect(missingSignOffs(tr, ['de'], [{ kind: 'language', language: 'tr' }])).toEqual([]);
  });
  it('needs a language review on every script when the campaign always asks', () => {
    expect(missingSignOffs({ ...tr, languageReview: 'always' }, ['tr'], [])).toEqual(['language']);
  });
});

describe('readsLanguages', () => {
  it('reads the recorded languages, else the workspace locale, else German and English', () => {
    expect(readsLanguages({ languages: ['tr'], locale: 'de' })).toEqual(['tr']);
    expect(readsLanguages({ languages: [], locale: 'en' })).toEqual(['en']);
    expect(readsLanguages({ languages: [], locale: null })).toEqual(['de', 'en']);
  });
});

describe('a test reader’s sign-off of an easy-language script', () => {
  it('refuses the medical approval until a test reader signed the version', () => {
    const state = easyScript();
    expect(refusal(() => refuseMissingSignOffs(state, approval))).toBe(
      "This approval needs a test reader's sign-off (the script is written at reading level 'easy') on this version first; ask them to sign it off on the review page.",
    );
    expect(refusal(() => validateReaderSignOff(state, testReading()))).toBeUndefined();
    state.signOffs!.given.push({
      kind: 'test-reading',
      reviewerId: 'test_reader-1',
      reviewerName: 'test_reader',
      role: 'test_reader',
      language: 'de',
      scriptSha256: SHA,
      round: 1,
      meaning: meaning.meaning,
      comment: '',
      signedAt: '2026-12-07T10:00:00.000Z',
    });
    expect(refusal(() => refuseMissingSignOffs(state, approval))).toBeUndefined();
    expect(refusal(() => validateReaderSignOff(state, testReading()))).toBe(
      'test_reader-1 has already signed this version off.',
    );
  });

  it('refuses a sign-off by another role, unsigned, on a stale version, or by a conflicted user', () => {
    const state = easyScript();
    expect(
      refusal(() => validateReaderSignOff(state, testReading({ reviewer: reader('language_reviewer', ['de']) }))),
    ).toBe('User language_reviewer-1 has role language_reviewer; only a test_reader gives the test-reading sign-off.');
    expect(refusal(() => validateReaderSignOff(state, testReading({ signature: undefined })))).toBe(
      'A sign-off is a signature: re-enter your password to sign it.',
    );
    expect(refusal(() => validateReaderSignOff(state, testReading({ scriptSha256: 'c'.repeat(64) })))).toMatch(
      /^Stale sign-off: it names script cccccccccccc…/,
    );
    expect(refusal(() => validateReaderSignOff(state, testReading(), ['test_reader-1']))).toBe(
      'User test_reader-1 manages this campaign or wrote this script and cannot sign it off.',
    );
  });

  it('refuses a test reading the campaign does not ask for, and any sign-off outside review', () => {
    const plain = { ...easyScript(), signOffs: { required: resolveSignOffs(undefined, 'de', 'plain'), given: [] } };
    expect(refusal(() => validateReaderSignOff(plain, testReading()))).toBe(
      "Scripts at reading level 'plain' need no test reader's sign-off in this campaign.",
    );
    expect(refusal(() => validateReaderSignOff({ ...easyScript(), status: 'RENDERING' }, testReading()))).toBe(
      'This script is not waiting for review (status RENDERING).',
    );
  });

  it('lets a version drafted before the policy existed be approved as before', () => {
    const { signOffs: _none, ...old } = easyScript();
    expect(refusal(() => refuseMissingSignOffs(old, approval))).toBeUndefined();
  });
});
