// Parses the approved-claims library (`claims.yaml`): per-language texts, topics, evidence source, validity dates.
import { z } from 'zod';
import type { Claim } from '../shared/types.ts';
import { inputErrorAt, locate, parseYamlSource, zodInputError } from './yaml-source.ts';

/** True for a real calendar date written `YYYY-MM-DD` (so 2026-02-30 is refused). */
function isIsoDate(s: string): boolean {
  const date = new Date(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s);
}

const isoDate = z
  .string({ error: 'must be a date written as YYYY-MM-DD' })
  .refine(isIsoDate, 'must be a real calendar date written as YYYY-MM-DD');

// Claim texts are spoken verbatim: collapse line breaks from folded YAML so narration is one clean line.
const claimText = z
  .string({ error: 'must be the claim text' })
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'must not be empty'));

const token = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

const claimSchema = z
  .strictObject({
    id: token,
    text: z
      .record(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as de'), claimText)
      .refine((t) => Object.keys(t).length > 0, 'needs at least one language'),
    topics: z.array(token).min(1, 'needs at least one topic (the concerns this claim answers)'),
    source: z.strictObject({
      title: z.string().trim().min(1),
      publisher: z.string().trim().min(1),
      url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
      date: isoDate,
    }),
    status: z.enum(['active', 'withdrawn'], { error: "must be 'active' or 'withdrawn'" }).default('active'),
    validFrom: isoDate.optional(),
    validUntil: isoDate.optional(),
  })
  .refine((c) => !c.validFrom || !c.validUntil || c.validUntil > c.validFrom, {
    path: ['validUntil'],
    message: 'must be after validFrom',
  });

const fileSchema = z.strictObject({ claims: z.array(claimSchema).min(1, 'must list at least one claim') });

/**
 * Parses `claims.yaml` (a top-level `claims:` list).
 * @throws InputError with file:line:column for syntax errors, schema violations and duplicate ids.
 */
export function parseClaimsFile(text: string, path: string): Claim[] {
  const source = parseYamlSource(text, path);
  const result = fileSchema.safeParse(source.doc.toJS());
  if (!result.success) throw zodInputError(source, result.error);
  const firstLine = new Map<string, number>();
  result.data.claims.forEach((claim, i) => {
    const pos = locate(source, ['claims', i, 'id']);
    const earlier = firstLine.get(claim.id);
    if (earlier !== undefined) {
      const message = `claim id '${claim.id}' is already used on line ${earlier}; give this claim a new id`;
      throw inputErrorAt(path, pos, message);
    }
    firstLine.set(claim.id, pos.line);
  });
  return result.data.claims;
}
