// Script variants in campaign.yaml (`variants`): the schema, and what a split needs and variant B must say — checked for
// the file and for a brief sent to the API.
import { z } from 'zod';
import type { CampaignVariants } from '../shared/variants.ts';
import { channelId } from './channel-schema.ts';
import { displayName, languageCode, nonEmpty, segmentToken } from './field-schemas.ts';
import { greetingProblem, wordingSchema } from './wording-schema.ts';

export const variantsSchema = z
  .strictObject({
    split: z
      .enum(['channel', 'schedule'], { error: "must be 'channel' or 'schedule'" })
      .describe(
        'channel: the channels listed in `channels` get variant B, every other channel variant A. schedule: every ' +
          'channel gets variant A until `switchAt`, then variant B replaces it.',
      ),
    segments: z
      .array(segmentToken)
      .min(1)
      .optional()
      .describe('Segments (ids as in the segments file) that run both variants; absent: every segment.')
      .meta({ examples: [['older-adults', 'parents-tr']] }),
    channels: z
      .array(channelId)
      .min(1)
      .optional()
      .describe('split channel: ids (or refs) of the channels that get variant B.')
      .meta({ examples: [['social-b']] }),
    switchAt: z.iso
      .datetime({ offset: true, error: 'must be a date and time with an offset, e.g. 2027-06-15T00:00:00+02:00' })
      .optional()
      .describe('split schedule: when variant B replaces variant A on every channel.')
      .meta({ examples: ['2027-06-15T00:00:00+02:00'] }),
    b: z
      .strictObject({
        name: segmentToken
          .describe('Short name of variant B, shown to reviewers, on the campaign page and in exports.')
          .meta({ examples: ['question-first'] }),
        instruction: displayName('an instruction')
          .optional()
          .describe('What a drafting model does differently in variant B; reviewers see it beside the script.')
          .meta({ examples: ['Open with a question to the viewer, then the facts.'] }),
        callToAction: z
          .record(languageCode, nonEmpty('a call to action'))
          .optional()
          .describe("Language → the call to action of variant B; other languages keep the campaign's."),
        wording: z
          .record(languageCode, wordingSchema)
          .optional()
          .describe("Language → wording of variant B (greeting, headings …) over the campaign's."),
      })
      .describe('What variant B says differently: at least one of instruction, callToAction, wording.'),
  })
  .describe(
    'A second script (variant B) for some or all segments, each drafted, reviewed and signed off on its own; the ' +
      'campaign page compares the completion rates of both with 95 % Wilson intervals.',
  );

/**
 * What the split needs and variant B must say, as paths under `variants` with their messages; `channelIds` are the
 * campaign's channels (ids and refs). Checked for campaign.yaml and for a brief sent to the API.
 */
export function variantProblems(
  variants: CampaignVariants | undefined,
  channelIds: ReadonlySet<string>,
): { path: PropertyKey[]; message: string }[] {
  if (!variants) return [];
  const problems: { path: PropertyKey[]; message: string }[] = [];
  const { split, channels, switchAt, b } = variants;
  if (split === 'channel') {
    if (!channels) problems.push({ path: ['channels'], message: 'is missing: name the channels that get variant B' });
    channels?.forEach((id, i) => {
      if (!channelIds.has(id)) {
        problems.push({ path: ['channels', i], message: `'${id}' is not one of the campaign's channels` });
      }
    });
    if (
      channels &&
      channelIds.size > 0 &&
      new Set(channels.filter((id) => channelIds.has(id))).size >= channelIds.size
    ) {
      const message = 'names every channel of the campaign, so none would get variant A; leave one out';
      problems.push({ path: ['channels'], message });
    }
    if (switchAt !== undefined) problems.push({ path: ['switchAt'], message: 'is for split: schedule; remove it' });
  } else {
    if (switchAt === undefined) {
      problems.push({ path: ['switchAt'], message: 'is missing: say when variant B replaces variant A' });
    }
    if (channels !== undefined) problems.push({ path: ['channels'], message: 'is for split: channel; remove it' });
  }
  if (b.instruction === undefined && b.callToAction === undefined && b.wording === undefined) {
    const message = 'says nothing different from variant A: give an instruction, a callToAction or wording';
    problems.push({ path: ['b'], message });
  }
  for (const [lang, wording] of Object.entries(b.wording ?? {})) {
    const message = greetingProblem(wording.greeting);
    if (message) problems.push({ path: ['b', 'wording', lang, 'greeting'], message });
  }
  return problems;
}
