import { describe, expect, it } from 'vitest';
import { parseCampaignFile } from '../../campaign/campaign-file.ts';
import { resolveSignOffs } from '../../shared/reader-sign-offs.ts';
import { inputErrorMessage } from '../segments/helpers.ts';

const campaign = (review: string) => `name: demo
title: Demo
agency: Example agency
topic: Health
callToAction:
  de: Fragen Sie Ihre Praxis.
branding:
  primaryColor: '#00507A'
  backgroundColor: '#FFFFFF'
  textColor: '#1B1B1B'
video:
  width: 1280
  height: 720
review:
  approvalsRequired: 1
${review}channels: []
segments: segments.csv
claims: claims.yaml
`;

describe('review.signOffs in campaign.yaml', () => {
  it('reads which languages always need a language reviewer and which levels a test reader', () => {
    const brief = parseCampaignFile(
      campaign(`  signOffs:\n    languageReview: { '*': unread, tr: always }\n    testReading: [easy, plain]\n`),
      'campaign.yaml',
      {},
    );
    expect(brief.review.signOffs).toEqual({
      languageReview: { '*': 'unread', tr: 'always' },
      testReading: ['easy', 'plain'],
    });
    expect(resolveSignOffs(brief.review.signOffs, 'tr', 'plain')).toMatchObject({
      languageReview: 'always',
      testReading: true,
    });
  });

  it('defaults to a language review when the approver does not read the language, and a test reader for easy', () => {
    const brief = parseCampaignFile(campaign(''), 'campaign.yaml', {});
    expect(brief.review.signOffs).toBeUndefined();
    expect(resolveSignOffs(brief.review.signOffs, 'uk', 'easy')).toMatchObject({
      languageReview: 'unread',
      testReading: true,
    });
  });

  it('refuses an unknown rule, a malformed language and an unknown key at their positions', () => {
    const text = campaign(`  signOffs:\n    languageReview:\n      turkish: always\n      uk: never\n    readers: 2\n`);
    expect(inputErrorMessage(() => parseCampaignFile(text, 'campaign.yaml', {})).split('\n')).toEqual([
      'campaign.yaml:18:7: review.signOffs.languageReview.turkish: is not a valid key: must be a two-letter language code such as de',
      "campaign.yaml:19:11: review.signOffs.languageReview.uk: must be 'always' or 'unread'",
      'campaign.yaml:20:5: review.signOffs.readers: is not a known field here; check its spelling and indentation, or remove it',
    ]);
  });
});
