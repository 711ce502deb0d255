// Loads the model-prompt templates (`templates/openai/*.hbs`), renders them strictly and hashes the ones used.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { InputError } from '../shared/errors.ts';
import { canonicalJson } from '../shared/hash.ts';

/** Template name (file name without `.hbs`) → Handlebars source. */
export type PromptTemplates = Readonly<Record<string, string>>;

const REQUIRED = ['system', 'user', 'strategy', 'revision', 'repair'];

/**
 * Reads every `<dir>/*.hbs` (default: `templates/openai/` next to this file): the fixed templates plus one
 * `language-<code>` and one `level-<readingLevel>` partial per supported language and reading level.
 * @throws InputError when a fixed template is missing.
 */
export function loadPromptTemplates(dir: string = join(import.meta.dirname, 'templates', 'openai')): PromptTemplates {
  const files = readdirSync(dir).filter((f) => f.endsWith('.hbs'));
  const sources = Object.fromEntries(files.map((f) => [basename(f, '.hbs'), readFileSync(join(dir, f), 'utf8')]));
  const missing = REQUIRED.filter((name) => sources[name] === undefined);
  if (missing.length > 0) throw new InputError(`prompt templates missing in ${dir}: ${missing.join(', ')}`);
  return sources;
}

const handlebars = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * Fences a value as data: JSON between `<data name="…">` and `</data>` lines. Every `<` inside is written as the
 * JSON escape `\u003c`, so the value still decodes to the same text but can never close (or open) a fence.
 */
export function fence(name: string, value: unknown): string {
  const json = JSON.stringify(value ?? null, null, 2).replaceAll('<', '\\u003c');
  return `<data name="${name}">\n${json}\n</data>`;
}
handlebars.registerHelper('fence', (name: unknown, value: unknown) => fence(String(name), value));

/** A template's source. @throws InputError naming the missing template and its siblings (e.g. other languages). */
export function template(templates: PromptTemplates, name: string): string {
  const source = templates[name];
  if (source === undefined) {
    const known = Object.keys(templates).filter((n) => n.startsWith(name.replace(/-[^-]*$/, '-')));
    throw new InputError(`no prompt template '${name}.hbs' (have: ${known.join(', ') || 'none'})`);
  }
  return source;
}

/** Renders one template; strict: a variable the template uses but the context lacks is an error. */
export function render(sources: PromptTemplates, name: string, context: object, partials: string[] = []): string {
  const source = template(sources, name);
  let run = compiled.get(source);
  if (!run) compiled.set(source, (run = handlebars.compile(source, { strict: true, noEscape: true })));
  return run(context, { partials: Object.fromEntries(partials.map((p) => [p, template(sources, p)])) }).trim();
}

/** SHA-256 (hex) over the canonical JSON of the named templates' sources. */
export function hashOf(templates: PromptTemplates, names: readonly string[]): string {
  const used = Object.fromEntries(names.map((n) => [n, template(templates, n)]));
  return createHash('sha256').update(canonicalJson(used)).digest('hex');
}
