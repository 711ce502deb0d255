// The `channels:` entries of campaign.yaml: a registered channel by ref, or a webhook, folder or feed defined inline.
import { z } from 'zod';
import type { ChannelConfig, ChannelRef } from '../shared/types.ts';
import { httpUrl, languageCode, nonEmpty, renditionList } from './field-schemas.ts';

export const channelId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');
const routeToken = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits and dashes');
const route = {
  languages: z
    .array(languageCode)
    .optional()
    .describe('Only segments in these languages get this channel; absent: every language.')
    .meta({ examples: [['de', 'en']] }),
  regions: z
    .array(routeToken)
    .optional()
    .describe('Only segments tagged region-<r> or state-<r> for one of these; absent: every region.'),
  tags: z
    .array(routeToken)
    .optional()
    .describe('Only segments with one of these tags; absent: every segment.')
    .meta({ examples: [['older-adults']] }),
  renditions: renditionList.describe(
    'Further renditions this channel takes besides the main video (portrait, square, landscape; -open-captions for ' +
      'captions burned into the frames); absent: the main video only.',
  ),
};
const channelKey = channelId.describe('Unique id of the channel within klartext.');
const inlineChannelSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .strictObject({
        id: channelKey,
        kind: z.literal('webhook'),
        url: httpUrl
          .describe('Where signed deliveries are POSTed; https (http only to loopback).')
          .meta({ examples: ['https://partner.example/hooks/klartext'] }),
        secret: z
          .string()
          .regex(/^(whsec|whsk)_[A-Za-z0-9+/]+={0,2}$/, 'must be a Standard Webhooks secret: whsec_ or whsk_ + base64')
          .describe('Standard Webhooks signing secret; write ${VAR} and keep it in the environment.')
          .meta({ examples: ['${PARTNER_WEBHOOK_SECRET}'] }),
        allowCidrs: z
          .array(z.string().regex(/^[0-9A-Fa-f:.]+\/\d{1,3}$/, 'must be a CIDR block such as 10.20.0.0/16'))
          .optional()
          .describe('Internal address blocks the receiver may be at; other non-public addresses are refused.'),
        ...route,
      })
      .describe('A receiver that gets each published video as a signed webhook.'),
    z
      .strictObject({
        id: channelKey,
        kind: z.literal('folder'),
        directory: nonEmpty('a directory path')
          .describe('Drop folder; relative paths start at this file.')
          .meta({ examples: ['../out/cms-import'] }),
        ...route,
      })
      .describe('A folder each published video is written to (for a CMS import).'),
    z
      .strictObject({
        id: channelKey,
        kind: z.literal('feed'),
        token: z
          .string()
          .min(32, 'must be at least 32 characters (a random token)')
          .optional()
          .describe('Bearer token the partner pulls the feed with; absent: one is generated.'),
        ...route,
      })
      .describe('A feed a partner pulls.'),
  ],
  { error: "must be 'webhook', 'folder' or 'feed'" },
);
const channelRefSchema = z
  .strictObject({ ref: channelId.describe('Id of a channel already registered in klartext.') })
  .describe('A channel registered before (klartext channels add).');

// An entry is either `{ ref: <id> }` or an inline channel; choosing the schema by shape keeps errors precise.
/** One entry of `channels:` as the parser reads it. */
export const channelSchema = z.unknown().transform((value, ctx): ChannelConfig | ChannelRef => {
  const schema = value && typeof value === 'object' && 'ref' in value ? channelRefSchema : inlineChannelSchema;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

/** One entry of `channels:` as documented (JSON Schema, reference). */
export const channelEntrySchema = z.union([channelRefSchema, inlineChannelSchema]);
