// Test-only JSON Schema validator for the subset the OpenAPI excerpts use; stricter than the spec about unknown keys.

/** A schema node of the subset: type, properties, required, additionalProperties, items, enum, combinators, $ref. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** The document that `$ref`s point into: `#/components/schemas/<name>`. */
export interface SchemaDocument {
  components: { schemas: Record<string, Schema> };
}

const KNOWN = new Set([
  ...['$ref', 'type', 'nullable', 'enum', 'properties', 'required', 'additionalProperties', 'items'],
  ...['allOf', 'anyOf', 'oneOf', 'minimum', 'maximum', 'maxLength', 'minItems', 'maxItems'],
  // Annotations: they do not constrain values (the discriminator only names the property oneOf branches differ in).
  ...['format', 'discriminator', 'description'],
]);

interface Result {
  errors: string[];
  /** Object keys some schema in scope declares (`all` when the schema leaves the object open). */
  seen: Set<string> | 'all';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
const merge = (a: Result['seen'], b: Result['seen']): Result['seen'] =>
  a === 'all' || b === 'all' ? 'all' : new Set([...a, ...b]);

/**
 * Creates `validate(schemaName, value)` → error lines (`$.path: message`), empty when the value conforms. Unlike plain
 * JSON Schema, a key no schema in scope declares is an error unless the schema leaves the object open, so a request
 * carrying a misspelt or invented parameter fails. Throws on a keyword outside the subset, so nothing is skipped.
 */
export function createValidator(doc: SchemaDocument): (schemaName: string, value: unknown) => string[] {
  const resolve = (ref: string): Schema => {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const schema = name === undefined ? undefined : doc.components.schemas[name];
    if (!schema) throw new Error(`unresolvable $ref ${ref}`);
    return schema;
  };

  const node = (schema: Schema, value: unknown, path: string): Result => {
    const unknown = Object.keys(schema).filter((k) => !KNOWN.has(k));
    if (unknown.length > 0) throw new Error(`schema keyword(s) outside the subset at ${path}: ${unknown.join(', ')}`);
    if (schema.$ref) return node(resolve(schema.$ref), value, path);
    if (value === null && schema.nullable) return { errors: [], seen: 'all' };
    const errors: string[] = [];
    let seen: Result['seen'] = new Set();
    const types = schema.type === undefined ? [] : [schema.type].flat();
    const actual = typeOf(value);
    if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
      return { errors: [`${path}: expected ${types.join(' or ')}, got ${actual}`], seen };
    }
    if (schema.enum && !schema.enum.some((e) => e === value)) {
      errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
    }
    if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength) {
      errors.push(`${path}: longer than ${schema.maxLength}`);
    }
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: too few items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: too many items`);
      if (schema.items)
        value.forEach((item, i) => errors.push(...check(schema.items as Schema, item, `${path}[${i}]`)));
    }
    if (isObject(value)) {
      for (const key of schema.required ?? []) if (!(key in value)) errors.push(`${path}: missing ${key}`);
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (key in value) errors.push(...check(child, value[key], `${path}.${key}`));
      }
      seen = new Set(Object.keys(schema.properties ?? {}));
      const extra = Object.keys(value).filter((k) => !(seen as Set<string>).has(k));
      if (schema.additionalProperties === false) errors.push(...extra.map((k) => `${path}.${k}: not allowed`));
      else if (isObject(schema.additionalProperties)) {
        for (const k of extra) errors.push(...check(schema.additionalProperties, value[k], `${path}.${k}`));
        seen = 'all';
      } else if (schema.additionalProperties === true) seen = 'all';
      // A bare `{type: object}` (no properties, no combinators) is a free-form object.
      else if (!schema.properties && !schema.allOf && !schema.anyOf && !schema.oneOf) seen = 'all';
    }
    for (const part of schema.allOf ?? []) {
      const r = node(part, value, path);
      errors.push(...r.errors);
      seen = merge(seen, r.seen);
    }
    for (const [keyword, branches] of [
      ['anyOf', schema.anyOf],
      ['oneOf', schema.oneOf],
    ] as const) {
      if (!branches) continue;
      const results = branches.map((b) => node(b, value, path));
      const passing = results.filter((r) => r.errors.length === 0);
      if (passing.length === 0 || (keyword === 'oneOf' && passing.length > 1)) {
        const closest = [...results].sort((a, b) => a.errors.length - b.errors.length)[0];
        const why = passing.length > 1 ? 'matches several' : `matches none (closest: ${closest?.errors.join('; ')})`;
        errors.push(`${path}: ${keyword} ${why}`);
      }
      // With no passing branch, the keys any branch knows count as seen: the error above already says what is wrong.
      for (const r of passing.length > 0 ? passing : results) seen = merge(seen, r.seen);
    }
    return { errors, seen };
  };

  // Validates a value where it stands in its parent: the place to judge keys no schema in scope declares.
  const check = (schema: Schema, value: unknown, path: string): string[] => {
    const { errors, seen } = node(schema, value, path);
    if (isObject(value) && seen !== 'all') {
      for (const key of Object.keys(value)) if (!seen.has(key)) errors.push(`${path}.${key}: not in the spec`);
    }
    return errors;
  };

  return (schemaName, value) => check(resolve(`#/components/schemas/${schemaName}`), value, '$');
}
