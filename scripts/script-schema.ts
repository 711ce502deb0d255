// The Script model in zod: validates model output and derives the JSON schema sent for structured output.
import { z } from 'zod';
import { InputError } from '../shared/errors.ts';
import { READING_LEVELS, type Script } from '../shared/types.ts';

/** Longest on-screen text in characters (the same limit the local composer clips to). */
export const ON_SCREEN_MAX_CHARS = 60;

const sourceSchema = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.string().min(1),
  date: z.string().describe('ISO date, YYYY-MM-DD'),
});

const sentenceSchema = z.object({
  text: z.string().min(1).describe('One spoken sentence.'),
  claimIds: z
    .array(z.string())
    .describe('Ids of the approved claims this sentence states; empty only when it states no medical fact.'),
});

const sceneSchema = z.object({
  sentences: z.array(sentenceSchema).min(1),
  onScreenText: z
    .string()
    .min(1)
    .max(ON_SCREEN_MAX_CHARS)
    .describe(`Short heading shown on screen, at most ${ON_SCREEN_MAX_CHARS} characters.`),
  keyFact: z.string().min(1).optional().describe("The first cited claim's approved short wording (set by klartext)."),
  icon: z.string().min(1).optional().describe('The pictogram of the concern the scene answers (set by klartext).'),
  visual: z.string().min(1).describe('What the picture shows, for video models and the audio description.'),
  durationSeconds: z.number().min(1).max(120).describe('Planned spoken length of the scene in seconds.'),
});

/** The zod model of a script version's content; `z.infer` equals `Script` from shared/types.ts. */
export const scriptSchema = z.object({
  title: z.string().min(1),
  language: z.string().min(2).describe('ISO 639-1 code of the narration language.'),
  readingLevel: z.enum(READING_LEVELS),
  scenes: z.array(sceneSchema).min(1),
  callToAction: z.string().min(1),
  aiDisclosure: z.string().min(1),
  sources: z.array(sourceSchema),
});

// Type-level assertion: compiling fails when the zod model and the shared Script type drift apart.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameAsScript: Same<z.infer<typeof scriptSchema>, Script> = true;
void sameAsScript;

/** Lists zod issues as `path: message` lines, e.g. `scenes[1].onScreenText: Too big: …`. */
export function summariseIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/**
 * Validates a parsed JSON value as a script.
 * @throws InputError listing every problem with its path.
 */
export function parseScript(json: unknown): Script {
  const result = scriptSchema.safeParse(json);
  if (!result.success) throw new InputError(`Not a valid script:\n${summariseIssues(result.error).join('\n')}`);
  return result.data;
}

// Keywords OpenAI strict mode does not enforce (or rejects) on strings; zod enforces them after the answer.
const UNENFORCED = new Set(['$schema', 'minLength', 'maxLength']);

type JsonObject = { [key: string]: unknown };

function toStrict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toStrict);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node as JsonObject)) {
    if (UNENFORCED.has(key)) continue;
    if (key === 'properties') {
      const props = value as JsonObject;
      out[key] = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toStrict(v)]));
    } else out[key] = toStrict(value);
  }
  // Strict structured output: every property required, no other property allowed, at every object level.
  if (out.type === 'object') {
    out.required = Object.keys((out.properties as JsonObject | undefined) ?? {});
    out.additionalProperties = false;
  }
  return out;
}

/**
 * The script's JSON schema for OpenAI structured output (`strict: true`): derived from {@link scriptSchema}, every
 * object closed and all its properties required, string length limits left to zod (they stay in descriptions).
 * With `claimIds`, sentences may only cite those ids (an enum), so a model cannot invent a claim reference.
 */
export function scriptJsonSchema(options: { claimIds?: readonly string[] } = {}): JsonObject {
  const schema = toStrict(z.toJSONSchema(scriptSchema, { target: 'draft-2020-12', io: 'output' })) as JsonObject;
  // Key facts and pictograms are set after drafting (scripts/key-facts.ts), never written by a model.
  const scene = ['properties', 'scenes', 'items'].reduce((node, key) => node[key] as JsonObject, schema);
  delete (scene.properties as JsonObject).keyFact;
  delete (scene.properties as JsonObject).icon;
  scene.required = (scene.required as string[]).filter((k) => k !== 'keyFact' && k !== 'icon');
  const ids = options.claimIds ?? [];
  if (ids.length > 0) {
    const path = ['properties', 'scenes', 'items', 'properties', 'sentences', 'items', 'properties', 'claimIds'];
    const claimIds = path.reduce((node, key) => node[key] as JsonObject, schema);
    claimIds.items = { type: 'string', enum: [...new Set(ids)] };
  }
  return schema;
}
