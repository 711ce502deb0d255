// Checks a model's answer as a script and grounds its bookkeeping fields in the inputs. Pure: no I/O.
import type { z } from 'zod';
import type { ClaimSource, Script } from '../shared/types.ts';
import { aiDisclosureFor } from '../prompts/wording.ts';
import type { DraftInput } from './providers/provider.ts';
import { scriptSchema, summariseIssues } from './script-schema.ts';

/** A valid script, or every reason why the answer is not one (`path: message` lines for the repair round). */
export type AnswerCheck = { ok: true; script: Script } | { ok: false; errors: string[] };

// Some servers in JSON mode still wrap the object in a Markdown code fence.
const CODE_FENCE = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/;

/** Parses and validates a model's answer; a sentence may cite only the given claim ids. */
export function checkModelAnswer(content: string | null | undefined, claimIds: readonly string[]): AnswerCheck {
  const text = (content ?? '').trim();
  if (!text) return { ok: false, errors: ['(root): the answer is empty; expected one JSON object'] };
  let json: unknown;
  try {
    json = JSON.parse(CODE_FENCE.exec(text)?.[1] ?? text);
  } catch (error) {
    return { ok: false, errors: [`(root): not valid JSON (${(error as Error).message})`] };
  }
  const result = scriptSchema.safeParse(json);
  // Unknown claim ids are reported together with schema problems, so one repair round can fix both.
  const errors = [
    ...(result.success ? [] : summariseIssues(result.error as z.ZodError)),
    ...unknownIds(json, claimIds),
  ];
  return result.success && errors.length === 0 ? { ok: true, script: result.data } : { ok: false, errors };
}

function unknownIds(json: unknown, claimIds: readonly string[]): string[] {
  const known = new Set(claimIds);
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const field = (value: unknown, key: string) =>
    value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return list(field(json, 'scenes')).flatMap((scene, s) =>
    list(field(scene, 'sentences')).flatMap((sentence, i) =>
      list(field(sentence, 'claimIds'))
        .filter((id) => typeof id === 'string' && !known.has(id))
        .map(
          (id) =>
            `scenes[${s}].sentences[${i}].claimIds: unknown claim id '${String(id)}'; cite only ids from the claims`,
        ),
    ),
  );
}

/**
 * Sets the fields a model must copy from its inputs to the inputs' values: language and reading level of the
 * segment, the campaign's call to action, the AI disclosure, and the sources of exactly the claims cited (in order of
 * first citation), so a reviewer always checks the approved evidence, never a source the model wrote down.
 */
export function groundScript(script: Script, input: DraftInput): Script {
  const { segment, brief } = input;
  const sources: ClaimSource[] = [];
  for (const id of script.scenes.flatMap((s) => s.sentences.flatMap((x) => x.claimIds))) {
    const source = input.claims.find((c) => c.id === id)?.source;
    if (source && !sources.some((s) => s.url === source.url && s.title === source.title)) sources.push(source);
  }
  return {
    ...script,
    language: segment.language,
    readingLevel: segment.readingLevel,
    callToAction: brief.callToAction[segment.language] ?? script.callToAction,
    aiDisclosure: aiDisclosureFor(segment.language),
    sources,
  };
}
