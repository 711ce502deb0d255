// Request bodies the HTTP API accepts, validated with zod before anything is stored.
import { z } from 'zod';
import { parseCidr, refusalReason } from '../channels/address-policy.ts';
import { variantProblems } from '../campaign/variants-schema.ts';
import { iconProblem } from '../campaign/icons.ts';
import { FONT_FAMILIES } from '../shared/fonts.ts';
import { RENDITION_IDS } from '../shared/renditions.ts';
import { normalizeText, textProblem, type TextKind } from '../shared/text-guard.ts';
import { READING_LEVELS, type CampaignBrief, type Claim, type ScriptEdit, type Segment } from '../shared/types.ts';

/** A user-supplied string, checked by the one text guard (shared/text-guard.ts), bounded and stored as NFC. */
export function guardedText(kind: TextKind, max: number) {
  return z
    .string()
    .max(max, `is longer than ${max} characters; shorten it`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value, kind);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .overwrite(normalizeText);
}
/** A label, name or title: one line, no bidi controls. */
export const nameText = (max = 500) => guardedText('name', max);
/** Free text: comments and reasons; tab and line breaks allowed. */
export const longText = (max = 10_000) => guardedText('text', max);

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');
const lang = z.string().regex(/^[a-z]{2}$/);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/);

const token = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits and dashes');

/** Renditions by id, each once (shared/renditions.ts). */
const renditions = z
  .array(z.enum(RENDITION_IDS))
  .max(RENDITION_IDS.length)
  .refine((ids) => new Set(ids).size === ids.length, 'must name each rendition once')
  .optional();

/** Which segments a channel receives: by language, region (`region-<r>`/`state-<r>` tags) and tags. */
export const channelRouteSchema = {
  languages: z.array(lang).optional(),
  regions: z.array(token).optional(),
  tags: z.array(token).optional(),
  /** Further renditions the channel takes besides the main video. */
  renditions,
};
const webhookSecret = z
  .string()
  .regex(/^(whsec|whsk)_[A-Za-z0-9+/]+={0,2}$/, 'must be a Standard Webhooks secret: whsec_ or whsk_ + base64');
const absoluteDir = guardedText('line', 4_096).regex(/^\//, 'must be an absolute directory path');

/** What no allow-list may open, also in IPv4-mapped form: the cloud metadata service and this host's loopback. */
const NEVER_ADMITTED = ['169.254.169.254', 'fd00:ec2::254', '127.0.0.1', '::1'].flatMap((a) =>
  a.includes(':') ? [a] : [a, `::ffff:${a}`],
);

/** Why `text` cannot be an allow-list entry, or undefined when it is a CIDR block that opens no forbidden address. */
function allowBlockProblem(text: string): string | undefined {
  let block: ReturnType<typeof parseCidr>;
  try {
    block = parseCidr(text);
  } catch {
    return 'must be a CIDR block such as 10.20.0.0/16';
  }
  const opened = NEVER_ADMITTED.find((address) => refusalReason(address, { allow: [block] }) === undefined);
  return opened && `must not include ${opened} (the cloud metadata service or this host); name the receiver's block`;
}

/** webhook: CIDR blocks admitted although not public (an agency's internal receiver). */
const allowCidrs = z
  .array(
    z
      .string()
      .max(64)
      .superRefine((text, ctx) => {
        const problem = allowBlockProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  )
  .max(50)
  .optional();

const inlineChannelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id,
    kind: z.literal('webhook'),
    url: z.url(),
    secret: webhookSecret,
    allowCidrs,
    ...channelRouteSchema,
  }),
  z.strictObject({ id, kind: z.literal('folder'), directory: absoluteDir, ...channelRouteSchema }),
  z.strictObject({
    id,
    kind: z.literal('feed'),
    token: guardedText('line', 512).min(32).optional(),
    ...channelRouteSchema,
  }),
]);

/** POST /api/channels: create or update a channel; a secret or feed token is generated when asked for. */
export const channelRequestSchema = z
  .strictObject({
    id,
    name: nameText(200).min(1).optional(),
    kind: z.enum(['webhook', 'folder', 'feed']),
    url: z.url({ protocol: /^https?$/ }).optional(),
    directory: absoluteDir.optional(),
    secret: webhookSecret.optional(),
    /** `v1`: a new `whsec_` secret; `v1a`: a new Ed25519 key pair (the response carries both halves, once). */
    generateSecret: z.enum(['v1', 'v1a']).optional(),
    /** feed: issue a new token (a new feed channel always gets one); the response carries it, once. */
    generateToken: z.boolean().optional(),
    allowCidrs,
    ...channelRouteSchema,
  })
  .superRefine((c, ctx) => {
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    need(c.kind !== 'webhook' || c.url !== undefined, 'url', 'a webhook channel needs an https:// URL');
    need(c.kind === 'webhook' || c.url === undefined, 'url', `a ${c.kind} channel has no URL`);
    need(c.kind !== 'folder' || c.directory !== undefined, 'directory', 'a folder channel needs an absolute directory');
    need(c.kind === 'folder' || c.directory === undefined, 'directory', `a ${c.kind} channel has no directory`);
    need(c.kind === 'webhook' || (!c.secret && !c.generateSecret), 'secret', `a ${c.kind} channel takes no secret`);
    need(!(c.secret && c.generateSecret), 'secret', 'give a secret or generateSecret, not both');
    need(c.kind === 'feed' || !c.generateToken, 'generateToken', 'only feed channels have tokens');
    need(c.kind === 'webhook' || !c.allowCidrs, 'allowCidrs', `a ${c.kind} channel sends to no address`);
  });

/** A Lucide icon name (a concern's pictogram), as campaign.yaml validates it. */
const iconName = z
  .string()
  .max(100)
  .superRefine((name, ctx) => {
    const message = iconProblem(name);
    if (message) ctx.addIssue({ code: 'custom', message });
  })
  .optional();

/** Language → wording that replaces klartext's defaults (the brief's own, or variant B's). */
const wordingRecord = z.record(
  lang,
  z
    .strictObject({
      greeting: longText(2_000).min(1),
      introHeading: nameText(500).min(1),
      ctaLead: longText(2_000).min(1),
      ctaHeading: nameText(500).min(1),
      mythWarning: longText(2_000).min(1),
    })
    .partial(),
);

const briefSchema = z.strictObject({
  name: id,
  title: nameText().min(1),
  titles: z.record(lang, nameText().min(1)).optional(),
  agency: nameText().min(1),
  topic: nameText().min(1),
  callToAction: z.record(lang, longText(2_000).min(1)),
  branding: z.strictObject({
    primaryColor: color,
    backgroundColor: color,
    textColor: color,
    // The image itself, as the campaign loader embeds it: a path would name a file on the sender's machine.
    logo: z
      .string()
      .max(700_000)
      .regex(/^data:image\/(png|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a base64 data: URI of a PNG or SVG')
      .optional(),
    font: z.enum(FONT_FAMILIES).optional(),
  }),
  video: z.strictObject({
    width: z.int().min(320).max(3840),
    height: z.int().min(240).max(2160),
    budgetSeconds: z.number().positive().max(10_000_000).optional(),
    renditions,
  }),
  review: z.strictObject({
    approvalsRequired: z.int().min(1).max(5),
    maxAutoRedrafts: z.int().min(0).max(5).optional(),
    reminderAfterHours: z.number().positive().optional(),
    escalateAfterHours: z.number().positive().optional(),
    expireAfterDays: z.number().positive().optional(),
    maxInReview: z.int().min(1).optional(),
    signOffs: z
      .strictObject({
        languageReview: z.record(z.union([lang, z.literal('*')]), z.enum(['always', 'unread'])).optional(),
        testReading: z
          .array(z.string().regex(/^[a-z]+$/))
          .max(10)
          .optional(),
      })
      .optional(),
  }),
  channels: z.array(z.union([z.strictObject({ ref: id }), inlineChannelSchema])),
  audiences: z.record(nameText(200), z.record(lang, nameText(500).min(1))).optional(),
  concerns: z
    .record(
      nameText(200),
      z.strictObject({ heading: z.record(lang, nameText(500).min(1)).optional(), myth: id.optional(), icon: iconName }),
    )
    .optional(),
  wording: wordingRecord.optional(),
  variants: z
    .strictObject({
      split: z.enum(['channel', 'schedule']),
      segments: z.array(token).min(1).max(100_000).optional(),
      channels: z.array(id).min(1).max(1_000).optional(),
      switchAt: z.iso.datetime({ offset: true }).optional(),
      b: z.strictObject({
        name: token.max(100),
        instruction: longText(2_000).min(1).optional(),
        callToAction: z.record(lang, longText(2_000).min(1)).optional(),
        wording: wordingRecord.optional(),
      }),
    })
    .optional(),
  lexicon: z.record(lang, z.record(nameText(100).min(1), nameText(500).min(1))).optional(),
  segmentsFile: guardedText('line', 4_096),
  claimsFile: guardedText('line', 4_096),
}) satisfies z.ZodType<CampaignBrief>;

const segmentSchema = z.strictObject({
  id,
  label: nameText().min(1),
  language: lang,
  readingLevel: z.enum(READING_LEVELS),
  // Small cells single people out; the segment parser enforces the campaign's k, the API the hard floor.
  size: z.int().min(3),
  concerns: z.array(longText(2_000)).max(1_000),
  tags: z.array(nameText(200)).max(1_000),
}) satisfies z.ZodType<Segment>;

export const claimSchema = z.strictObject({
  id,
  text: z.record(lang, longText(10_000).min(1)),
  topics: z.array(nameText(200)).min(1).max(1_000),
  source: z.strictObject({
    title: nameText(),
    publisher: nameText(),
    url: z.url().max(4_096),
    date: guardedText('line', 100),
  }),
  status: z.enum(['active', 'withdrawn']),
  validFrom: guardedText('line', 100).optional(),
  validUntil: guardedText('line', 100).optional(),
  shortText: z.record(lang, longText(10_000).min(1)).optional(),
  alternatives: z.record(lang, z.array(longText(10_000).min(1)).max(100)).optional(),
  audiences: z.array(nameText(200)).max(1_000).optional(),
  myth: z
    .strictObject({ text: z.record(lang, longText(10_000).min(1)), whyWrong: z.record(lang, longText(10_000).min(1)) })
    .optional(),
  sourceLanguage: lang.optional(),
  translations: z
    .record(
      lang,
      z.strictObject({
        approvedBy: nameText(),
        approvedAt: guardedText('line', 100),
        from: z.strictObject({ language: lang, sha256: z.string().regex(/^[0-9a-fA-F]{12,64}$/) }),
      }),
    )
    .optional(),
}) satisfies z.ZodType<Claim>;

/** POST /api/campaigns: a brief with its segments and claims, as the CLI parsed them from files. */
export const launchRequestSchema = z
  .object({
    campaignId: id.optional(),
    brief: briefSchema,
    segments: z.array(segmentSchema),
    claims: z.array(claimSchema).min(1),
    /** false: store as a DRAFT (e.g. to upload survey data first) and launch later. */
    launch: z.boolean().default(true),
  })
  .refine((r) => new Set(r.segments.map((s) => s.id)).size === r.segments.length, {
    message: 'segment ids must be unique',
    path: ['segments'],
  })
  .superRefine((r, ctx) => {
    // Script variants: what the split needs and variant B must say, as campaign.yaml is checked.
    const channelIds = new Set(r.brief.channels.map((ch) => ('ref' in ch ? ch.ref : ch.id)));
    for (const { path, message } of variantProblems(r.brief.variants, channelIds)) {
      ctx.addIssue({ code: 'custom', path: ['brief', 'variants', ...path], message });
    }
  });

const index = z.int().min(0).max(10_000);
/** One reviewer edit of a script version (shared/types.ts ScriptEdit); indexes count from 0. */
export const scriptEditSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('drop'), scene: index, sentence: index.optional() }),
  z.strictObject({ op: z.literal('alternative'), scene: index, sentence: index, claimId: id, wording: index }),
  z.strictObject({ op: z.literal('shorten'), scene: index, sentence: index, claimId: id }),
  z.strictObject({ op: z.literal('move'), scene: index, to: index }),
]) satisfies z.ZodType<ScriptEdit>;

/** Body of a reader sign-off (a language reviewer's or a test reader's); the password makes it a signature. */
export const readerSignOffSchema = z.strictObject({
  kind: z.enum(['language', 'test-reading'], { error: "must be 'language' or 'test-reading'" }),
  scriptSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-hex SHA-256 of the script version you read'),
  password: z.string().max(1_000).optional(),
  comment: longText(10_000).optional(),
});

/** Body of every review decision. */
export const decisionSchema = z.strictObject({
  scriptSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-hex SHA-256 of the script version you reviewed'),
  comment: longText(10_000).optional(),
  sceneComments: z.record(guardedText('line', 200), longText(5_000)).optional(),
  /** A change request's concrete edits of this version (0-based indexes), applied in the next version. */
  edits: z.array(scriptEditSchema).max(100).optional(),
  /** Re-entered to sign an approval. */
  password: z.string().max(1_000).optional(),
});

export const videoDecisionSchema = z.strictObject({
  videoSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-hex SHA-256 of the video you watched'),
  comment: longText(10_000).optional(),
  /** Re-entered to sign an acceptance. */
  password: z.string().max(1_000).optional(),
});
