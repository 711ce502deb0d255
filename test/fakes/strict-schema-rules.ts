// OpenAI structured-output strict-mode rules for a response JSON schema, as the fake server and the tests check them.

type Node = Record<string, unknown>;

// Keywords strict mode accepts. String length limits are left out on purpose: the documented subset does not
// include minLength/maxLength, so the script schema must not rely on them.
const SUPPORTED = new Set([
  ...['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', '$ref', '$defs'],
  ...['description', 'title', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
  ...['multipleOf', 'minItems', 'maxItems'],
]);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const MAX_OBJECT_DEPTH = 10;

/**
 * Lists every way a schema breaks strict mode: the root is an object; every object lists all its properties as
 * required and sets `additionalProperties: false`; only supported keywords and types; at most 10 nested objects.
 */
export function strictSchemaViolations(schema: unknown): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, path: string, depth: number) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      problems.push(`${path}: not a schema object`);
      return;
    }
    const n = node as Node;
    for (const key of Object.keys(n)) if (!SUPPORTED.has(key)) problems.push(`${path}: keyword '${key}' unsupported`);
    for (const t of [n.type ?? []].flat()) if (!TYPES.has(String(t))) problems.push(`${path}: type '${String(t)}'`);
    if (n.type === 'object') {
      if (depth > MAX_OBJECT_DEPTH) problems.push(`${path}: objects nested deeper than ${MAX_OBJECT_DEPTH}`);
      const keys = Object.keys((n.properties as Node | undefined) ?? {});
      const required = Array.isArray(n.required) ? (n.required as string[]) : [];
      if (n.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
      const missing = keys.filter((k) => !required.includes(k));
      if (missing.length > 0) problems.push(`${path}: not required: ${missing.join(', ')}`);
      for (const k of keys) visit((n.properties as Node)[k], `${path}.properties.${k}`, depth + 1);
    }
    if (n.items !== undefined) visit(n.items, `${path}.items`, depth);
    if (Array.isArray(n.anyOf)) n.anyOf.forEach((b, i) => visit(b, `${path}.anyOf[${i}]`, depth));
    for (const [k, d] of Object.entries((n.$defs as Node | undefined) ?? {})) visit(d, `${path}.$defs.${k}`, depth);
  };
  const root = schema as Node | null;
  if (root?.type !== 'object') problems.push('$: the root must be an object schema');
  visit(schema, '$', 1);
  return problems;
}
