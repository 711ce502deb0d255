// Field types shared by the campaign file's schemas: one-line display text, headings, codes, colours, URLs, tokens.
import { z } from 'zod';
import { RENDITION_IDS } from '../shared/renditions.ts';
import { textProblem } from '../shared/text-guard.ts';

export const nonEmpty = (what: string) =>
  z
    .string({ error: `must be ${what} (text)` })
    .trim()
    .min(1, `must not be empty`);
// Shown in videos, pages and payloads: one line, and no bidi control that could make it read as other text.
export const oneLine = (schema: z.ZodString) =>
  schema.superRefine((value, ctx) => {
    const problem = textProblem(value, 'name');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
export const displayName = (what: string) => oneLine(nonEmpty(what));
// On-screen headings must fit one or two lines of a 720p frame.
export const heading = (what: string) => oneLine(nonEmpty(what).max(60, 'must be at most 60 characters'));
export const languageCode = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as de');
export const hexColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour written as '#RRGGBB' (quote it in YAML)");
export const httpUrl = z.string().refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), {
  message: 'must be an http:// or https:// URL',
});
/** Segment tags and concerns, as the segments file writes them. */
export const segmentToken = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "must be lower-case letters, digits, '-' or '_'");
export const claimId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a claim id: lower-case letters, digits and dashes');
/** A word or short phrase a pronunciation lexicon respells: one line, starting and ending with a letter or digit. */
export const lexiconWord = z
  .string()
  .max(100, 'must be at most 100 characters')
  // `.` stops at line breaks, so the pattern also keeps it to one line.
  .regex(/^[\p{L}\p{N}](?:.*[\p{L}\p{N}])?$/u, 'must be a word or phrase that starts and ends with a letter or digit');

/** Renditions by id (`portrait`, `square-open-captions` …), each named once. */
export const renditionList = z
  .array(z.enum(RENDITION_IDS, { error: `must be one of ${RENDITION_IDS.join(', ')}` }))
  .refine((ids) => new Set(ids).size === ids.length, 'must name each rendition once')
  .optional()
  .meta({ examples: [['portrait-open-captions', 'square']] });
