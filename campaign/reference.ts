// The "Campaign files reference" of the README, written from the JSON Schemas so docs, schema files and code agree.
import type { JsonSchema } from './json-schema.ts';

/** One column of the segments CSV, documented (the parser in segments/ checks the same names). */
export interface ColumnDoc {
  name: string;
  type: string;
  description: string;
  example: string;
}

/** The columns of `segments.csv`, in header order. */
export const SEGMENT_COLUMNS: readonly ColumnDoc[] = [
  {
    name: 'segment_id',
    type: 'token',
    description: 'Unique id of the group: lower-case letters, digits, `-`, `_`.',
    example: 'night-shift-workers',
  },
  {
    name: 'label',
    type: 'text',
    description: 'Short name reviewers see; videos use it when no tag has an audience phrase.',
    example: 'Beschäftigte im Schichtdienst',
  },
  {
    name: 'language',
    type: 'language code',
    description: 'Two-letter ISO 639-1 code the video is made in.',
    example: 'de',
  },
  {
    name: 'reading_level',
    type: '`easy` \\| `plain` \\| `standard` \\| `professional`',
    description: 'How simply the script is worded; `easy` is Leichte Sprache, checked by its rules.',
    example: 'plain',
  },
  {
    name: 'size',
    type: 'integer',
    description: 'People in the group; below k (11) the row is refused, so nobody can be singled out.',
    example: '960',
  },
  {
    name: 'concerns',
    type: 'tokens, `;`-separated',
    description: 'What the group asks about, most pressing first; each needs a claim answering it.',
    example: 'opening-hours;side-effects',
  },
  {
    name: 'tags',
    type: 'tokens, `;`-separated',
    description: 'Audience tags: pick audience phrases, claims (`audiences`) and channel routes.',
    example: 'shift-work;region-north',
  },
];

/** The placeholder a map's keys are written as, by the map's field name. */
const KEY_NAMES: Readonly<Record<string, string>> = { audiences: '<tag>', concerns: '<concern>' };

interface Row {
  field: string;
  type: string;
  required: boolean;
  default: string;
  description: string;
  example: string;
}

type Schema = JsonSchema & {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  examples?: unknown[];
  pattern?: string;
};

const ENV_ONLY = '^\\$\\{';

/** The schema without the `${VAR}` alternative the campaign schema adds to checked strings. */
function unwrap(s: Schema): Schema {
  const options = s.anyOf?.filter((o) => !o.pattern?.startsWith(ENV_ONLY));
  if (s.anyOf && options?.length === 1 && options[0]) return { ...options[0], ...pick(s) };
  return s;
}

function pick(s: Schema): Partial<Schema> {
  return {
    ...(s.description !== undefined && { description: s.description }),
    ...(s.default !== undefined && { default: s.default }),
    ...(s.examples !== undefined && { examples: s.examples }),
  };
}

function isMap(s: Schema): boolean {
  return s.type === 'object' && s.propertyNames !== undefined && typeof s.additionalProperties === 'object';
}

function keyName(field: string, s: Schema): string {
  const last = field.split('.').pop() ?? '';
  return KEY_NAMES[last] ?? (s.propertyNames?.pattern === '^[a-z]{2}$' ? '<lang>' : '<key>');
}

function typeOf(raw: Schema, field: string): string {
  const s = unwrap(raw);
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (isMap(s)) return `map \`${keyName(field, s)}\` → ${typeOf(s.additionalProperties as Schema, '')}`;
  if (s.type === 'array' && s.items) return `list of ${typeOf(s.items, '')}`;
  if (s.anyOf ?? s.oneOf) return 'one of the shapes below';
  if (s.type === 'string') return s.pattern === '^[a-z]{2}$' ? 'language code' : 'text';
  return s.type ?? 'any';
}

function rows(schema: Schema, prefix: string, required: boolean, out: Row[]): void {
  const s = unwrap(schema);
  if (prefix) {
    const example = s.examples?.[0];
    out.push({
      field: prefix,
      type: typeOf(s, prefix),
      required,
      default: s.default === undefined ? '' : `\`${JSON.stringify(s.default)}\``,
      description: s.description ?? '',
      example: example === undefined ? '' : `\`${typeof example === 'string' ? example : JSON.stringify(example)}\``,
    });
  }
  if (s.properties) {
    for (const [name, child] of Object.entries(s.properties)) {
      rows(child, prefix ? `${prefix}.${name}` : name, s.required?.includes(name) ?? false, out);
    }
  } else if (isMap(s)) {
    const value = s.additionalProperties as Schema;
    if (unwrap(value).properties || isMap(unwrap(value))) rows(value, `${prefix}.${keyName(prefix, s)}`, false, out);
  } else if (s.type === 'array' && s.items) {
    const items = unwrap(s.items);
    const variants = (items.anyOf ?? items.oneOf ?? [items]).flatMap((v) => v.anyOf ?? v.oneOf ?? [v]);
    for (const variant of variants) {
      if (!variant.properties) continue;
      const kind = variant.properties.kind?.const;
      const label = kind === undefined ? (Object.keys(variant.properties)[0] ?? '') : String(kind);
      const before = out.length;
      for (const [name, child] of Object.entries(variant.properties)) {
        rows(child, `${prefix}[].${name}`, variant.required?.includes(name) ?? false, out);
      }
      if (variants.length > 1) {
        for (const row of out.slice(before)) row.field += ` (${label})`;
      }
    }
  }
}

// Outside code spans `<lang>` would be read as an HTML tag and vanish.
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');

function fieldTable(schema: JsonSchema): string {
  const out: Row[] = [];
  rows(schema as Schema, '', true, out);
  const lines = [
    '| Field | Type | Required | Default | Description | Example |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of out) {
    const field = r.field.replace(/^(.*?)( \(.*\))?$/, (_, f: string, v = '') => `\`${f}\`${v}`);
    lines.push(
      `| ${field} | ${r.type} | ${r.required ? 'yes' : 'no'} | ${r.default} | ${cell(r.description)} | ${r.example} |`,
    );
  }
  return lines.join('\n');
}

function columnTable(columns: readonly ColumnDoc[]): string {
  const lines = ['| Column | Type | Required | Description | Example |', '| --- | --- | --- | --- | --- |'];
  for (const c of columns)
    lines.push(`| \`${c.name}\` | ${c.type} | yes | ${cell(c.description)} | \`${c.example}\` |`);
  return lines.join('\n');
}

/** Start and end markers of the generated block in README.md. */
export const REFERENCE_MARKERS = ['<!-- files-reference:start -->', '<!-- files-reference:end -->'] as const;

/** The Markdown of the reference block (without its markers). */
export function filesReference(schemas: { campaign: JsonSchema; claims: JsonSchema }): string {
  return [
    '<!-- Generated by `npm run schemas` from the zod schemas; edit those, not this block. -->',
    '',
    '#### campaign.yaml',
    '',
    'Schema: [`schemas/campaign.schema.json`](schemas/campaign.schema.json). Any value may be written `${VAR}`: it is read from the environment when the campaign is loaded.',
    '',
    fieldTable(schemas.campaign),
    '',
    '#### claims.yaml',
    '',
    'Schema: [`schemas/claims.schema.json`](schemas/claims.schema.json).',
    '',
    fieldTable(schemas.claims),
    '',
    '#### segments.csv',
    '',
    'A header line with these columns (others are ignored); `,`, `;` or tab separated; one row per group, aggregates only.',
    '',
    columnTable(SEGMENT_COLUMNS),
  ].join('\n');
}

/**
 * Replaces the text between the reference markers of `readme` with `block`.
 * @throws Error when the markers are missing or out of order.
 */
export function withReference(readme: string, block: string): string {
  const [start, end] = REFERENCE_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md needs the markers ${start} and ${end}, in that order`);
  return `${readme.slice(0, from + start.length)}\n${block}\n\n${readme.slice(to)}`;
}
