import { describe, expect, it } from 'vitest';
import { composeScript } from '../../scripts/compose.ts';
import { parseScript, scriptJsonSchema, scriptSchema } from '../../scripts/script-schema.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { InputError } from '../../shared/errors.ts';
import { scriptClaimIds } from '../../shared/text.ts';
import type { Script } from '../../shared/types.ts';
import { createValidator } from '../fakes/json-schema-subset.ts';
import type { Schema } from '../fakes/json-schema-subset.ts';
import { strictSchemaViolations } from '../fakes/strict-schema-rules.ts';
import { EXAMPLE_TODAY, loadExample } from '../segments/helpers.ts';

const example = loadExample();
const { sources: templates } = loadTemplates();
const scripts: Script[] = example.segments.map((segment) =>
  composeScript({ brief: example.brief, segment, claims: example.claims, templates, today: EXAMPLE_TODAY }),
);
const script = scripts[0]!;

/** A script as a model answers it: without the key facts and pictograms klartext sets afterwards. */
const answer = (s: Script): Script => ({
  ...s,
  scenes: s.scenes.map(({ keyFact: _k, icon: _i, ...scene }) => scene),
});

/** Every object schema in a JSON schema, with its path. */
function objectSchemas(node: unknown, path = '$'): { path: string; schema: Record<string, unknown> }[] {
  if (node === null || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  const own = n.type === 'object' ? [{ path, schema: n }] : [];
  const children = Object.entries(n).flatMap(([key, value]) =>
    key === 'properties'
      ? Object.entries(value as object).flatMap(([k, v]) => objectSchemas(v, `${path}.${k}`))
      : key === 'items'
        ? objectSchemas(value, `${path}[]`)
        : [],
  );
  return [...own, ...children];
}

describe('parseScript', () => {
  it('accepts every script the local composer writes for the example campaign', () => {
    for (const s of scripts) expect(parseScript(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('lists every problem with its path', () => {
    const broken = structuredClone(script) as unknown as Record<string, unknown> & {
      scenes: Record<string, unknown>[];
    };
    broken.readingLevel = 'simple';
    broken.scenes[1]!.onScreenText = 'x'.repeat(61);
    delete (broken.scenes[0]!.sentences as Record<string, unknown>[])[0]!.claimIds;
    const error = (() => {
      try {
        parseScript(broken);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    expect(message).toContain('readingLevel:');
    expect(message).toContain('scenes[1].onScreenText:');
    expect(message).toContain('scenes[0].sentences[0].claimIds:');
  });
});

describe('scriptJsonSchema', () => {
  it('follows the structured-output strict-mode rules', () => {
    expect(strictSchemaViolations(scriptJsonSchema())).toEqual([]);
    expect(strictSchemaViolations(scriptJsonSchema({ claimIds: ['a', 'b'] }))).toEqual([]);
  });

  it('closes every object and requires all its properties, at every level', () => {
    const objects = objectSchemas(scriptJsonSchema());
    expect(objects.map((o) => o.path)).toEqual(['$', '$.scenes[]', '$.scenes[].sentences[]', '$.sources[]']);
    for (const { schema } of objects) {
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required).toEqual(Object.keys(schema.properties as object));
    }
  });

  it('leaves out the key fact and the pictogram of a scene: klartext sets them, never a model', () => {
    const scene = objectSchemas(scriptJsonSchema()).find((o) => o.path === '$.scenes[]')!.schema;
    expect(Object.keys(scene.properties as object)).not.toContain('keyFact');
    expect(Object.keys(scene.properties as object)).not.toContain('icon');
    expect(Object.keys(scriptSchema.shape.scenes.element.shape)).toEqual(expect.arrayContaining(['keyFact', 'icon']));
  });

  it('derives its properties from the zod model', () => {
    expect(Object.keys(scriptJsonSchema().properties as object)).toEqual(Object.keys(scriptSchema.shape));
  });

  it('restricts claim ids to the given ones when asked', () => {
    const schema = scriptJsonSchema({ claimIds: [...scriptClaimIds(script), 'flu-annual-60plus'] });
    const validate = createValidator({ components: { schemas: { Script: schema as Schema } } });
    const citing = (id: string) => {
      const copy = answer(structuredClone(script));
      copy.scenes[1]!.sentences[0]!.claimIds = [id];
      return copy;
    };
    expect(validate('Script', citing(scriptClaimIds(script)[0]!))).toEqual([]);
    expect(validate('Script', citing('invented-claim')).join()).toContain('invented-claim');
  });

  it('accepts the local composer’s scripts as a model would answer them, as zod does', () => {
    const validate = createValidator({ components: { schemas: { Script: scriptJsonSchema() as Schema } } });
    for (const s of scripts) expect(validate('Script', answer(s))).toEqual([]);
  });
});
