// Parses the approved-claims library (`claims.yaml`): per-language texts, topics, evidence source, validity dates.
import { z } from 'zod';
import type { Claim } from '../shared/types.ts';
import { languageCode, segmentToken } from './field-schemas.ts';
import type { Problem } from './problems.ts';
import { problemsError } from './problems.ts';
import { locate, plainData, readYamlSource, zodProblems } from './yaml-source.ts';
import type { Position, YamlSource } from './yaml-source.ts';

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

const perLanguage = z.record(languageCode, claimText);
const token = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

const claimFields = {
  id: token.describe('Unique id; scripts cite it, reviewers see it.').meta({ examples: ['drink-regularly'] }),
  text: perLanguage
    .refine((t) => Object.keys(t).length > 0, 'needs at least one language')
    .describe('Language → the approved statement, narrated verbatim.')
    .meta({ examples: [{ en: 'Drink water regularly, even before you feel thirsty.' }] }),
  topics: z
    .array(token)
    .min(1, 'needs at least one topic (the concerns this claim answers)')
    .describe('Concerns this claim answers (as in the segments file), main topic first.')
    .meta({ examples: [['prevention']] }),
  source: z
    .strictObject({
      title: z.string().trim().min(1).describe('Title of the evidence.'),
      publisher: z.string().trim().min(1).describe('Who published it.'),
      url: z
        .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
        .describe('Where to read it.')
        .meta({ examples: ['https://www.example.org/heat-advice'] }),
      date: isoDate.describe('Date of the version checked, YYYY-MM-DD.').meta({ examples: ['2026-05-01'] }),
    })
    .describe('The evidence a medical reviewer checks the claim against.'),
  status: z
    .enum(['active', 'withdrawn'], { error: "must be 'active' or 'withdrawn'" })
    .default('active')
    .describe('withdrawn: never narrated again (kept for the audit trail).'),
  validFrom: isoDate
    .optional()
    .describe('First day the claim may be narrated, YYYY-MM-DD.')
    .meta({ examples: ['2027-06-01'] }),
  validUntil: isoDate
    .optional()
    .describe('Last day the claim may be narrated, YYYY-MM-DD.')
    .meta({ examples: ['2027-09-30'] }),
  shortText: perLanguage
    .optional()
    .describe('Language → a shorter approved wording (on-screen key fact; used when a reviewer asks to shorten).')
    .meta({ examples: [{ en: 'Drink before you are thirsty.' }] }),
  alternatives: z
    .record(languageCode, z.array(claimText).min(1, 'needs at least one wording'))
    .optional()
    .describe('Language → more approved wordings a reviewer may pick instead of `text`; easy scripts use them.'),
  audiences: z
    .array(segmentToken)
    .optional()
    .describe('Segment tags this claim is meant for; absent: every segment whose concerns it answers.')
    .meta({ examples: [['older-adults']] }),
  myth: z
    .strictObject({
      text: perLanguage
        .describe('Language → the misconception as people say it.')
        .meta({ examples: [{ en: 'A fan is enough to keep cool in any heat.' }] }),
      whyWrong: perLanguage.describe('Language → the approved explanation of why it is wrong.'),
    })
    .optional()
    .describe('The myth this claim corrects; a concern naming the claim debunks it (truth sandwich).'),
  sourceLanguage: languageCode
    .optional()
    .describe(
      'The language the claim was medically approved in; absent: the file’s sourceLanguage, else the first language under text.',
    )
    .meta({ examples: ['de'] }),
  translations: z
    .record(
      languageCode,
      z.strictObject({
        approvedBy: z
          .string({ error: 'must name who approved the translation' })
          .trim()
          .min(1, 'must name who approved the translation')
          .describe('Who checked and approved the translation (name or user id).'),
        approvedAt: isoDate.describe('Day of the approval, YYYY-MM-DD.').meta({ examples: ['2026-09-01'] }),
        from: z
          .strictObject({
            language: languageCode.describe('Language of the wording it was translated from.'),
            sha256: z
              .string({ error: 'must be the SHA-256 of the source text' })
              .regex(
                /^[0-9a-fA-F]{12,64}$/,
                'must be the SHA-256 (hex) of the source text, at least its first 12 digits',
              )
              .describe(
                'SHA-256 (hex, or its first 12+ digits) of that language’s text; `klartext validate` prints it.',
              ),
          })
          .describe('The source wording translated: a changed source text makes the translation stale.'),
      }),
    )
    .optional()
    .describe(
      'Language → who approved the wordings in that language as a translation, when, from which source text. Without it a text in a language other than the source is not approved: segments in that language cannot use the claim.',
    ),
};

const sourceLanguageField = languageCode
  .optional()
  .describe(
    'The language the claims were medically approved in (a claim may name its own); absent: each claim’s first.',
  )
  .meta({ examples: ['de'] });

/** One claim as documented (JSON Schema, reference); parsing adds the cross-field checks. */
export const claimDocumentSchema = z.strictObject(claimFields).describe('One medically approved statement.');

const claimSchema = z.strictObject(claimFields).superRefine((c, ctx) => {
  if (c.validFrom && c.validUntil && c.validUntil <= c.validFrom) {
    ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must be after validFrom' });
  }
  // Every other wording is an approved variant of the text: one without the text in its language has nothing to vary.
  const variants: [string[], Record<string, unknown> | undefined][] = [
    [['shortText'], c.shortText],
    [['alternatives'], c.alternatives],
    [['myth', 'text'], c.myth?.text],
    [['myth', 'whyWrong'], c.myth?.whyWrong],
  ];
  for (const [path, byLanguage] of variants) {
    for (const lang of Object.keys(byLanguage ?? {})) {
      if (c.text[lang] === undefined) {
        const message = `has '${lang}' but text has no '${lang}'; add text.${lang} or remove this language`;
        ctx.addIssue({ code: 'custom', path: [...path, lang], message });
      }
    }
  }
  for (const [lang, t] of Object.entries(c.translations ?? {})) {
    if (c.text[lang] === undefined) {
      const message = `approves a '${lang}' translation but text has no '${lang}'; add text.${lang} or remove this entry`;
      ctx.addIssue({ code: 'custom', path: ['translations', lang], message });
    }
    if (t.from.language === lang) {
      const message = `names '${lang}' itself; name the language this wording was translated from`;
      ctx.addIssue({ code: 'custom', path: ['translations', lang, 'from', 'language'], message });
    } else if (c.text[t.from.language] === undefined) {
      const message = `is '${t.from.language}' but text has no '${t.from.language}'; name a language the claim has a text in`;
      ctx.addIssue({ code: 'custom', path: ['translations', lang, 'from', 'language'], message });
    }
  }
  if (c.myth) {
    const { text, whyWrong } = c.myth;
    for (const lang of Object.keys(text).filter((l) => whyWrong[l] === undefined)) {
      const message = `has no '${lang}' while myth.text has; a myth is only told with why it is wrong, add whyWrong.${lang}`;
      ctx.addIssue({ code: 'custom', path: ['myth', 'whyWrong'], message });
    }
    for (const lang of Object.keys(whyWrong).filter((l) => text[l] === undefined)) {
      const message = `has no '${lang}' while myth.whyWrong has; add text.${lang} or remove whyWrong.${lang}`;
      ctx.addIssue({ code: 'custom', path: ['myth', 'text'], message });
    }
  }
});

/** `claims.yaml` as documented. */
export const claimsDocumentSchema = z
  .strictObject({
    sourceLanguage: sourceLanguageField,
    claims: z.array(claimDocumentSchema).min(1).describe('The approved claims, in order of preference.'),
  })
  .describe('A library of medically approved claims.');

const fileSchema = z.strictObject({
  sourceLanguage: sourceLanguageField,
  claims: z.array(claimSchema).min(1, 'must list at least one claim'),
});

/** What reading `claims.yaml` found: the claims when the file is valid, and every problem otherwise. */
export interface ClaimsFileCheck {
  claims?: Claim[];
  problems: Problem[];
  /** Where each claim's id is written, for problems found later against other files. */
  positions: Map<string, Position>;
}

/** Reads `claims.yaml` (a top-level `claims:` list) and lists every problem at file:line:column. */
export function checkClaimsFile(text: string, path: string): ClaimsFileCheck {
  const positions = new Map<string, Position>();
  const { source, problems } = readYamlSource(text, path);
  if (problems.length > 0) return { problems, positions };
  const data = plainData(source);
  if (data.problem) return { problems: [data.problem], positions };
  const result = fileSchema.safeParse(data.value);
  if (!result.success) problems.push(...zodProblems(source, result.error));
  problems.push(...duplicateIds(source, data.value, positions));
  if (!result.success || problems.length > 0) return { problems, positions };
  const fileSource = result.data.sourceLanguage;
  const claims = result.data.claims.map((c) => withSourceLanguage(c, fileSource));
  claims.forEach((c, i) => {
    // Where the source language was said: on the claim, at the top of the file, or (the first language) under text.
    const said = result.data.claims[i]!.sourceLanguage
      ? ['claims', i, 'sourceLanguage']
      : fileSource
        ? ['sourceLanguage']
        : ['claims', i, 'text'];
    problems.push(...sourceProblems(source, c, i, said));
  });
  return problems.length > 0 ? { problems, positions } : { claims, problems, positions };
}

/**
 * Every claim is stored with its source language, so its other texts count only with a translation approval. A file
 * from before translations were recorded stays valid: its first language is the source, the others need approvals.
 */
function withSourceLanguage(claim: Claim, fileSource: string | undefined): Claim {
  return { ...claim, sourceLanguage: claim.sourceLanguage ?? fileSource ?? Object.keys(claim.text)[0] };
}

/** The source language needs a text, and needs no translation approval of itself. */
function sourceProblems(source: YamlSource, claim: Claim, i: number, said: PropertyKey[]): Problem[] {
  const lang = claim.sourceLanguage!;
  if (claim.text[lang] === undefined) {
    const message = `claim '${claim.id}': the source language is '${lang}' but text has no '${lang}'; add text.${lang} or set the claim's sourceLanguage to the language it was approved in`;
    return [{ file: source.path, ...locate(source, said), message }];
  }
  if (claim.translations?.[lang]) {
    const message = `claim '${claim.id}': '${lang}' is its source language and needs no translation approval; remove translations.${lang}`;
    return [{ file: source.path, ...locate(source, ['claims', i, 'translations', lang], true), message }];
  }
  return [];
}

function duplicateIds(source: YamlSource, list: unknown, positions: Map<string, Position>): Problem[] {
  const problems: Problem[] = [];
  const claims = list && typeof list === 'object' && 'claims' in list ? (list.claims as unknown) : undefined;
  if (!Array.isArray(claims)) return problems;
  claims.forEach((claim: unknown, i) => {
    const id = claim && typeof claim === 'object' && 'id' in claim ? claim.id : undefined;
    if (typeof id !== 'string') return;
    const pos = locate(source, ['claims', i, 'id']);
    const earlier = positions.get(id);
    if (earlier === undefined) positions.set(id, pos);
    else {
      const message = `claim id '${id}' is already used on line ${earlier.line}; give this claim a new id`;
      problems.push({ file: source.path, ...pos, message });
    }
  });
  return problems;
}

/**
 * Parses `claims.yaml` (a top-level `claims:` list).
 * @throws InputError listing every problem with file:line:column (syntax, schema violations, duplicate ids).
 */
export function parseClaimsFile(text: string, path: string): Claim[] {
  const { claims, problems } = checkClaimsFile(text, path);
  if (!claims) throw problemsError(problems);
  return claims;
}
