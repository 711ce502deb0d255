// Parses a campaign brief (`campaign.yaml`): schema, `${VAR}` interpolation, contrast check, resolved file paths.
import { posix } from 'node:path';
import { z } from 'zod';
import { textProblem } from '../shared/text-guard.ts';
import type { CampaignBrief, ChannelConfig, ChannelRef } from '../shared/types.ts';
import { folderDirectoryProblem, webhookUrlProblem } from './channel-targets.ts';
import { fieldName, inputErrorAt, interpolateEnv, locate, parseYamlSource, zodInputError } from './yaml-source.ts';

const nonEmpty = (what: string) =>
  z
    .string({ error: `must be ${what} (text)` })
    .trim()
    .min(1, `must not be empty`);
// Shown in videos, pages and payloads: one line, and no bidi control that could make it read as other text.
const displayName = (what: string) =>
  nonEmpty(what).superRefine((value, ctx) => {
    const problem = textProblem(value, 'name');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const languageCode = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as de');
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour written as '#RRGGBB' (quote it in YAML)");
const httpUrl = z.string().refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), {
  message: 'must be an http:// or https:// URL',
});

const channelId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');
const routeToken = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits and dashes');
const route = {
  languages: z.array(languageCode).optional(),
  regions: z.array(routeToken).optional(),
  tags: z.array(routeToken).optional(),
};
const inlineChannelSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      id: channelId,
      kind: z.literal('webhook'),
      url: httpUrl,
      secret: z
        .string()
        .regex(/^(whsec|whsk)_[A-Za-z0-9+/]+={0,2}$/, 'must be a Standard Webhooks secret: whsec_ or whsk_ + base64'),
      ...route,
    }),
    z.strictObject({ id: channelId, kind: z.literal('folder'), directory: nonEmpty('a directory path'), ...route }),
    z.strictObject({
      id: channelId,
      kind: z.literal('feed'),
      token: z.string().min(32, 'must be at least 32 characters (a random token)').optional(),
      ...route,
    }),
  ],
  { error: "must be 'webhook', 'folder' or 'feed'" },
);
const channelRefSchema = z.strictObject({ ref: channelId });

// An entry is either `{ ref: <id> }` or an inline channel; choosing the schema by shape keeps errors precise.
const channelSchema = z.unknown().transform((value, ctx): ChannelConfig | ChannelRef => {
  const schema = value && typeof value === 'object' && 'ref' in value ? channelRefSchema : inlineChannelSchema;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

const campaignSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    title: displayName('the campaign title'),
    titles: z.record(languageCode, displayName('a title')).optional(),
    agency: displayName('the agency name'),
    topic: displayName('the topic'),
    callToAction: z.record(languageCode, nonEmpty('a call to action')),
    branding: z.strictObject({ primaryColor: hexColor, backgroundColor: hexColor, textColor: hexColor }),
    video: z.strictObject({
      width: z.int().min(320).max(3840),
      height: z.int().min(240).max(2160),
      budgetSeconds: z.number().positive('must be a positive number of seconds').optional(),
    }),
    review: z
      .strictObject({
        approvalsRequired: z.int().min(1).max(5).default(1),
        maxAutoRedrafts: z.int().min(0).max(5).default(2),
        reminderAfterHours: z.number().positive().optional(),
        escalateAfterHours: z.number().positive().optional(),
        expireAfterDays: z.number().positive().optional(),
      })
      .default({ approvalsRequired: 1, maxAutoRedrafts: 2 }),
    channels: z.array(channelSchema).default([]),
    segments: nonEmpty('the path of the segments CSV'),
    claims: nonEmpty('the path of the claims YAML'),
  })
  .superRefine((c, ctx) => {
    // Public-sector video must meet WCAG 2.1 AA: normal text needs a contrast ratio of at least 4.5:1.
    const ratio = contrastRatio(c.branding.textColor, c.branding.backgroundColor);
    if (ratio < 4.5) {
      const message = `has contrast ${ratio.toFixed(2)}:1 against backgroundColor; WCAG AA needs 4.5:1, pick a darker or lighter colour`;
      ctx.addIssue({ code: 'custom', path: ['branding', 'textColor'], message });
    }
    const seen = new Set<string>();
    c.channels.forEach((channel, i) => {
      const [key, id] = 'ref' in channel ? ['ref', channel.ref] : ['id', channel.id];
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['channels', i, key], message: 'is used twice' });
      seen.add(id);
      const problem =
        'kind' in channel && channel.kind === 'webhook' ? webhookUrlProblem(channel.url ?? '') : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: ['channels', i, 'url'], message: problem });
    });
  });

/** WCAG 2.1 contrast ratio of two '#RRGGBB' colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r = 0, g = 0, bl = 0] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Parses `campaign.yaml`. `${VAR}` in string values is taken from `env`; the segments and claims paths are resolved
 * relative to the campaign file's folder.
 * @throws InputError with file:line:column for syntax errors, schema violations and unset variables.
 */
export function parseCampaignFile(
  text: string,
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): CampaignBrief {
  const source = parseYamlSource(text, path);
  interpolateEnv(source, env);
  const result = campaignSchema.safeParse(source.doc.toJS());
  if (!result.success) throw zodInputError(source, result.error);
  const { segments, claims, ...brief } = result.data;
  const dir = posix.dirname(path);
  const resolve = (file: string) => (posix.isAbsolute(file) ? file : posix.join(dir, file));
  const channels = brief.channels.map((ch, i) => {
    if (!('kind' in ch) || ch.directory === undefined) return ch;
    const directory = resolve(ch.directory);
    const problem = folderDirectoryProblem(ch.directory, directory);
    if (problem) {
      const at = ['channels', i, 'directory'];
      throw inputErrorAt(path, locate(source, at), `${fieldName(at)}: ${problem}`);
    }
    return { ...ch, directory };
  });
  return { ...brief, channels, segmentsFile: resolve(segments), claimsFile: resolve(claims) };
}
