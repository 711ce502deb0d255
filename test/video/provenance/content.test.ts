// The manifest content states only sign-offs of the rendered script version and only claims the campaign holds.
import { describe, expect, it } from 'vitest';
import { buildProvenanceContent, type ProvenanceFacts } from '../../../video/provenance/content.ts';
import { claimSha256 } from '../../../db/campaign-repo.ts';
import type { SignatureRecord } from '../../../db/signature-repo.ts';
import { InputError } from '../../../shared/errors.ts';
import { CLAIM } from './fixture.ts';

const signature = (round: number, scriptSha256: string): SignatureRecord => ({
  campaignId: 'c',
  segmentId: 's',
  round,
  reviewerId: `rev-${round}`,
  reviewerName: `Reviewer ${round}`,
  role: 'medical_reviewer',
  meaning: 'approved',
  scriptSha256,
  claimSetSha256: 'b'.repeat(64),
  contentSha256: 'c'.repeat(64),
  signedAt: `2026-11-2${round}T10:00:00.000Z`,
});

const facts = (extra: Partial<ProvenanceFacts> = {}): ProvenanceFacts => ({
  campaignId: 'c',
  segmentId: 's',
  video: { sha256: 'd'.repeat(64), sizeBytes: 10, durationSeconds: 1 },
  scriptSha256: 'new',
  citedClaimIds: [CLAIM.id, CLAIM.id],
  claims: [{ ...CLAIM, sha256: claimSha256(CLAIM) }],
  signatures: [signature(1, 'old'), signature(2, 'new')],
  generator: { renderer: 'veo', videoModel: 'veo-3', scriptProvider: 'openai', scriptModel: 'gpt-5' },
  createdAt: '2026-11-26T00:00:00.000Z',
  ...extra,
});

describe('buildProvenanceContent', () => {
  it('states the cited claim versions once and the sign-offs of this script only', () => {
    const content = buildProvenanceContent(facts());
    expect(content.claims).toEqual([{ id: CLAIM.id, sha256: claimSha256(CLAIM), source: CLAIM.source }]);
    expect(content.signatures.map((s) => s.reviewerId)).toEqual(['rev-2']);
    expect(content.digitalSourceType).toMatch(/\/trainedAlgorithmicMedia$/);
    expect(content.generator).toEqual({
      renderer: 'veo',
      videoModel: 'veo-3',
      scriptProvider: 'openai',
      scriptModel: 'gpt-5',
    });
  });

  it('states the narration engine and voice when the render recorded them', () => {
    const narration = {
      engine: 'espeak-ng-system' as const,
      version: '1.51',
      path: '/usr/bin/espeak-ng',
      voices: { en: 'en-gb' },
    };
    expect(buildProvenanceContent(facts({ narration })).narration).toEqual(narration);
    expect(buildProvenanceContent(facts())).not.toHaveProperty('narration');
  });

  it('refuses a cited claim the campaign does not hold and a script no one signed', () => {
    expect(() => buildProvenanceContent(facts({ citedClaimIds: ['missing'] }))).toThrow(InputError);
    expect(() => buildProvenanceContent(facts({ scriptSha256: 'unsigned' }))).toThrow(/No medical sign-off/);
  });
});
