// Parses a campaign brief (`campaign.yaml`): schema, `${VAR}` interpolation, contrast check, resolved file paths.
import { posix } from 'node:path';
import { z } from 'zod';
import { FONT_FAMILIES } from '../shared/fonts.ts';
import type { CampaignBrief } from '../shared/types.ts';
import { channelEntrySchema, channelSchema } from './channel-schema.ts';
import { folderDirectoryProblem, webhookUrlProblem } from './channel-targets.ts';
import { iconProblem } from './icons.ts';
import {
  claimId,
  displayName,
  heading,
  hexColor,
  languageCode,
  lexiconWord,
  nonEmpty,
  renditionList,
  segmentToken,
} from './field-schemas.ts';
import type { Problem } from './problems.ts';
import { problemsError } from './problems.ts';
import { envProblems, fieldName, locate, plainData, readYamlSource, zodProblems } from './yaml-source.ts';
import type { YamlSource } from './yaml-source.ts';
import { variantProblems, variantsSchema } from './variants-schema.ts';
import { greetingProblem, wordingSchema } from './wording-schema.ts';

const concernSchema = z
  .strictObject({
    heading: z
      .record(languageCode, heading('a heading'))
      .optional()
      .describe("Language → on-screen heading of this concern's scene; absent: a generic heading.")
      .meta({ examples: [{ en: 'Who is most at risk?' }] }),
    myth: claimId
      .optional()
      .describe("Id of a claim with a `myth`: this concern's scene debunks it (fact, myth, why wrong, fact).")
      .meta({ examples: ['fans-cool-the-body'] }),
    icon: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an icon name: lower-case letters, digits and dashes')
      .optional()
      .describe(
        "Pictogram of this concern's scene, in the primary colour, beside its heading: the name of a Lucide icon " +
          '(lucide.dev/icons).',
      )
      .meta({ examples: ['syringe'] }),
  })
  .describe('How scripts present one concern.');

/** The fields of `campaign.yaml`; `channels` holds the documented shape (the parser picks a schema by shape). */
const campaignFields = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
    .describe('Short id of the campaign: lower-case letters, digits and dashes.')
    .meta({ examples: ['summer-heat-2027'] }),
  title: displayName('the campaign title')
    .describe('Title shown on videos, pages and deliveries.')
    .meta({ examples: ['Staying well in the heat'] }),
  titles: z
    .record(languageCode, displayName('a title'))
    .optional()
    .describe('Language → title; a segment in that language gets it instead of `title`.')
    .meta({ examples: [{ de: 'Gut durch die Hitze' }] }),
  agency: displayName('the agency name')
    .describe('The public body publishing the videos (shown in the credits).')
    .meta({ examples: ['Example Public Health Agency'] }),
  topic: displayName('the topic').describe('What the campaign is about, for reviewers and the prompt of a model.'),
  callToAction: z
    .record(languageCode, nonEmpty('a call to action'))
    .describe('Language → the closing sentence; every segment language needs one.')
    .meta({ examples: [{ en: 'Ask your pharmacy for advice.' }] }),
  branding: z
    .strictObject({
      primaryColor: hexColor.describe('Accent colour, #RRGGBB.').meta({ examples: ['#00507A'] }),
      backgroundColor: hexColor.describe('Background colour, #RRGGBB.').meta({ examples: ['#FFFFFF'] }),
      textColor: hexColor
        .describe('Text colour, #RRGGBB; needs contrast 4.5:1 against the background (WCAG AA).')
        .meta({ examples: ['#1B1B1B'] }),
      logo: nonEmpty('the path of the logo')
        .optional()
        .describe(
          'Path of the agency logo (SVG or PNG, at most 512 KiB), relative to this file: on the end card, and small ' +
            'in a corner of every scene.',
        )
        .meta({ examples: ['logo.svg'] }),
      font: z
        .enum(FONT_FAMILIES)
        .optional()
        .describe(`Font of all text in the videos, one of the bundled families: ${FONT_FAMILIES.join(', ')}.`)
        .meta({ examples: ['dejavu-sans-condensed'] }),
    })
    .describe('Colours and logo of the videos.'),
  video: z
    .strictObject({
      width: z
        .int()
        .min(320)
        .max(3840)
        .describe('Frame width in pixels.')
        .meta({ examples: [1280] }),
      height: z
        .int()
        .min(240)
        .max(2160)
        .describe('Frame height in pixels.')
        .meta({ examples: [720] }),
      budgetSeconds: z
        .number()
        .positive('must be a positive number of seconds')
        .optional()
        .describe('Most seconds of provider video the campaign may render; absent: no limit.')
        .meta({ examples: [600] }),
      renditions: renditionList.describe(
        'Further renditions of every video besides the main one, e.g. for a channel added later; the renditions ' +
          "the campaign's channels take are rendered anyway.",
      ),
    })
    .describe('Video format and budget.'),
  review: z
    .strictObject({
      approvalsRequired: z.int().min(1).max(5).default(1).describe('Medical sign-offs each script and video needs.'),
      maxAutoRedrafts: z
        .int()
        .min(0)
        .max(5)
        .default(2)
        .describe('Redrafts klartext tries on its own before a person must help.'),
      reminderAfterHours: z.number().positive().optional().describe('Remind reviewers after this many hours (24).'),
      escalateAfterHours: z.number().positive().optional().describe('Escalate after this many hours (48).'),
      expireAfterDays: z.number().positive().optional().describe('A review expires after this many days (14).'),
      maxInReview: z
        .int()
        .min(1)
        .optional()
        .describe(
          'Most segments open at once (drafted and in review, or being produced); absent: no limit, every script ' +
            'reaches the review queue as soon as it is drafted.',
        )
        .meta({ examples: [200] }),
      signOffs: z
        .strictObject({
          languageReview: z
            .record(
              z.union([languageCode, z.literal('*')], { error: "must be a two-letter language code or '*'" }),
              z.enum(['always', 'unread'], { error: "must be 'always' or 'unread'" }),
            )
            .optional()
            .describe(
              "Language (or '*') → when a language reviewer signs first: always, or unread (the approver does not " +
                'read it; the default).',
            )
            .meta({ examples: [{ '*': 'unread', tr: 'always' }] }),
          testReading: z
            .array(z.string().regex(/^[a-z]+$/, 'must be a reading level such as easy'))
            .optional()
            .describe("Reading levels whose scripts need a test reader's sign-off first; absent: [easy].")
            .meta({ examples: [['easy', 'plain']] }),
        })
        .optional()
        .describe('Sign-offs by readers of the script, required before a medical approval counts.'),
    })
    .default({ approvalsRequired: 1, maxAutoRedrafts: 2 })
    .describe('Who signs off, and how long a review may wait.'),
  audiences: z
    .record(segmentToken, z.record(languageCode, displayName('an audience phrase')))
    .optional()
    .describe("Segment tag → language → how videos name the group ({audience}); absent: the segment's label.")
    .meta({ examples: [{ 'older-adults': { en: 'people aged 65 and over' } }] }),
  concerns: z
    .record(segmentToken, concernSchema)
    .optional()
    .describe('Concern (as in the segments file) → its heading per language and the claim whose myth it debunks.'),
  wording: z
    .record(languageCode, wordingSchema)
    .optional()
    .describe("Language → wording that overrides klartext's defaults (greeting, headings, myth warning)."),
  lexicon: z
    .record(
      languageCode,
      z.record(lexiconWord, displayName('a spoken form')).describe('Written form → spoken form in one language.'),
    )
    .optional()
    .describe('Language → written form → how the voice says it; narration only, captions keep the written form.')
    .meta({ examples: [{ de: { STIKO: 'Stiko', mRNA: 'm-R-N-A' } }] }),
  variants: variantsSchema.optional(),
  channels: z
    .array(channelEntrySchema)
    .default([])
    .describe('Where published videos go: registered channels by ref, or channels defined here.'),
  segments: nonEmpty('the path of the segments CSV')
    .describe('Path of the segments CSV, relative to this file.')
    .meta({ examples: ['segments.csv'] }),
  claims: nonEmpty('the path of the claims YAML')
    .describe('Path of the approved-claims YAML, relative to this file.')
    .meta({ examples: ['claims.yaml'] }),
};

/** `campaign.yaml` as documented (JSON Schema, reference); parsing uses the same fields. */
export const campaignDocumentSchema = z
  .strictObject(campaignFields)
  .describe('A klartext campaign: who it speaks to, what it may say, where videos go.');

const campaignSchema = z
  .strictObject({ ...campaignFields, channels: z.array(channelSchema).default([]) })
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
    variantProblems(c.variants, new Set(c.channels.map((ch) => ('ref' in ch ? ch.ref : ch.id)))).forEach(
      ({ path, message }) => ctx.addIssue({ code: 'custom', path: ['variants', ...path], message }),
    );
    for (const [concern, wording] of Object.entries(c.concerns ?? {})) {
      const problem = wording.icon === undefined ? undefined : iconProblem(wording.icon);
      if (problem) ctx.addIssue({ code: 'custom', path: ['concerns', concern, 'icon'], message: problem });
    }
    for (const [lang, wording] of Object.entries(c.wording ?? {})) {
      const message = greetingProblem(wording.greeting);
      if (message) ctx.addIssue({ code: 'custom', path: ['wording', lang, 'greeting'], message });
    }
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

/** What reading `campaign.yaml` found: the brief when it is valid, and every problem otherwise. */
export interface CampaignFileCheck {
  brief?: CampaignBrief;
  problems: Problem[];
  /** The parsed file (positions of its fields), when its YAML syntax is sound. */
  source?: YamlSource;
  /** The segments and claims paths it names, resolved, even when other fields are wrong. */
  files: { segments?: string; claims?: string };
}

/**
 * Reads `campaign.yaml` and lists every problem: syntax errors, unset `${VAR}`s, schema violations and refused
 * folder paths, each at file:line:column. `${VAR}` is taken from `env`; paths are resolved from the file's folder.
 */
export function checkCampaignFile(
  text: string,
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): CampaignFileCheck {
  const dir = posix.dirname(path);
  const resolve = (file: string) => (posix.isAbsolute(file) ? file : posix.join(dir, file));
  const { source, problems: syntax } = readYamlSource(text, path);
  if (syntax.length > 0) return { problems: syntax, files: {} };
  const named = (key: string) => {
    const value: unknown = source.doc.get(key);
    return typeof value === 'string' && value.trim() !== '' ? resolve(value.trim()) : undefined;
  };
  const files = { segments: named('segments'), claims: named('claims') };
  const problems = envProblems(source, env);
  // A reference left unset would also fail its field's format: report it once, as the unset variable.
  const unsetLines = new Set(problems.map((p) => p.line));
  const data = plainData(source);
  if (data.problem) return { problems: [data.problem], source, files };
  const result = campaignSchema.safeParse(data.value);
  if (!result.success) {
    problems.push(...zodProblems(source, result.error).filter((p) => !unsetLines.has(p.line)));
    return { problems, source, files };
  }
  const { segments, claims, ...brief } = result.data;
  const channels = brief.channels.map((ch, i) => {
    if (!('kind' in ch) || ch.directory === undefined) return ch;
    const directory = resolve(ch.directory);
    const problem = folderDirectoryProblem(ch.directory, directory);
    if (problem) {
      const at = ['channels', i, 'directory'];
      problems.push({ file: path, ...locate(source, at), message: `${fieldName(at)}: ${problem}` });
    }
    return { ...ch, directory };
  });
  if (problems.length > 0) return { problems, source, files };
  // The logo is named by path like the segments file; the loader reads it into the brief (cli/load-campaign.ts).
  const { logo } = brief.branding;
  const branding = logo && !logo.startsWith('data:') ? { ...brief.branding, logo: resolve(logo) } : brief.branding;
  return {
    brief: { ...brief, branding, channels, segmentsFile: resolve(segments), claimsFile: resolve(claims) },
    problems,
    source,
    files,
  };
}

/**
 * Parses `campaign.yaml`. `${VAR}` in string values is taken from `env`; the segments and claims paths are resolved
 * relative to the campaign file's folder.
 * @throws InputError listing every problem with file:line:column (syntax, schema, unset variables).
 */
export function parseCampaignFile(
  text: string,
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): CampaignBrief {
  const { brief, problems } = checkCampaignFile(text, path, env);
  if (!brief) throw problemsError(problems);
  return brief;
}
