// The shared sign-off validator, through the two subjects' rules as the segment workflow registers them.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { signedDecision } from '../../review/sign-off.ts';
import { isReviewer, ROLES, STAFF_ROLES } from '../../shared/roles.ts';
import type { ReviewDecisionInput, ReviewState, VideoDecisionInput } from '../../workflows/messages.ts';
import { validateDecision } from '../../workflows/review.ts';
import { validateVideoDecision } from '../../workflows/video-review.ts';

const sha = (c: string) => c.repeat(64);
const reviewer = { id: 'rita', displayName: 'Rita', role: 'medical_reviewer' };
const signature = { meaning: 'medically accurate' };

function refusal(f: () => void): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe('ReviewRefusedError');
    return (err as ApplicationFailure).message;
  }
  return 'accepted';
}

describe('validateDecision (script)', () => {
  const state: ReviewState = {
    status: 'IN_REVIEW',
    scriptSha256: sha('a'),
    round: 1,
    approvalsRequired: 1,
    decisions: [],
  };
  const input: ReviewDecisionInput = { reviewer, scriptSha256: sha('a'), signature };
  const check = (i: Partial<ReviewDecisionInput>, s: Partial<ReviewState> = {}, decision = 'APPROVED' as const) =>
    refusal(() => validateDecision({ ...state, ...s }, { ...input, ...i }, decision, ['mona']));

  it('accepts a signed approval of the current version', () => {
    expect(check({})).toBe('accepted');
  });

  it('refuses in the order of the common checks, with the script’s words', () => {
    expect(check({ reviewer: { ...reviewer, role: 'admin' } })).toBe(
      'User rita has role admin; only medical reviewers can decide.',
    );
    expect(check({ reviewer: { ...reviewer, id: 'mona' } })).toBe(
      'User mona manages this campaign or wrote this script and cannot review it.',
    );
    expect(check({}, { status: 'DRAFTING' })).toBe('This script is not waiting for review (status DRAFTING).');
    expect(check({ scriptSha256: sha('b') })).toBe(
      'Stale decision: it names script bbbbbbbbbbbb…, but the current version is aaaaaaaaaaaa…. ' +
        'Reload the script and review the current version.',
    );
    expect(check({ signature: undefined })).toBe('An approval is a signature: re-enter your password to sign it.');
  });

  it('accepts a change request with scene comments only', () => {
    expect(check({ sceneComments: { '0': 'too long' } }, {}, 'CHANGES_REQUESTED' as never)).toBe('accepted');
  });

  it('refuses a comment or scene comment the database cannot store, naming the field', () => {
    const changes = 'CHANGES_REQUESTED' as never;
    expect(check({ comment: 'bad\u0000x' }, {}, changes)).toMatch(/^The decision's comment contains a control/);
    expect(check({ sceneComments: { '2': 'bad\u0000x' } }, {}, changes)).toMatch(/^The decision's sceneComments\.2 /);
    expect(check({ comment: 'half \uD800 a pair' }, {}, changes)).toMatch(/lone surrogate/);
    expect(check({ comment: 'x'.repeat(10_001) }, {}, changes)).toMatch(/longer than 10000/);
    expect(check({ comment: 'line one\n\tline two' }, {}, changes)).toBe('accepted');
  });
});

describe('validateVideoDecision', () => {
  const video = { sha256: sha('c'), generationKey: 'g', attempt: 2, durationSeconds: 30 };
  const state: ReviewState = { status: 'VIDEO_REVIEW', round: 1, approvalsRequired: 1, decisions: [], video };
  const input: VideoDecisionInput = { reviewer, videoSha256: sha('c'), signature };

  it('refuses a repeated decision on the same render and a re-render request without a comment', () => {
    const decided = signedDecision(input, 'ACCEPTED' as const, 'ACCEPTED', '');
    const again = { ...state, videoDecisions: [{ ...decided, videoSha256: sha('c'), attempt: 2 }] };
    expect(refusal(() => validateVideoDecision(again, input, 'ACCEPTED', []))).toBe(
      'Reviewer rita has already decided on this video.',
    );
    expect(refusal(() => validateVideoDecision(state, { ...input, comment: ' ' }, 'RERENDER_REQUESTED', []))).toBe(
      'A re-render request needs a comment saying what is wrong with the video.',
    );
  });

  it('refuses when no video waits, with the video’s words', () => {
    expect(refusal(() => validateVideoDecision({ ...state, video: undefined }, input, 'ACCEPTED', []))).toBe(
      'This segment has no video waiting for review (status VIDEO_REVIEW).',
    );
  });
});

describe('roles', () => {
  it('knows reviewers, and staff is a subset of the roles', () => {
    expect(['medical_reviewer', 'lead_reviewer', 'admin', undefined].map(isReviewer)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(STAFF_ROLES.every((r) => (ROLES as readonly string[]).includes(r))).toBe(true);
  });
});
