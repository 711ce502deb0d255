// Loads the script templates (`templates/*.hbs`) and their content hash; the only file I/O in prompts/.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../shared/hash.ts';

/** The parts every script is built from, one template each. */
export const TEMPLATE_NAMES = ['title', 'intro', 'claim-scene', 'cta'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Template name → Handlebars source. */
export type TemplateSources = Record<TemplateName, string>;

/** A template set with the hash that versions it: a changed template yields a new script version. */
export interface TemplateSet {
  sources: TemplateSources;
  /** SHA-256 (hex) over the canonical JSON of all template sources. */
  templateHash: string;
}

/** Hashes template sources independent of property order. */
export function hashTemplates(sources: TemplateSources): string {
  return createHash('sha256').update(canonicalJson(sources)).digest('hex');
}

/**
 * Reads `<dir>/<name>.hbs` for every template name (default: the templates shipped next to this file).
 * @throws Error from the file system when a template is missing.
 */
export function loadTemplates(dir: string = join(import.meta.dirname, 'templates')): TemplateSet {
  const entries = TEMPLATE_NAMES.map((name) => [name, readFileSync(join(dir, `${name}.hbs`), 'utf8')] as const);
  const sources = Object.fromEntries(entries) as TemplateSources;
  return { sources, templateHash: hashTemplates(sources) };
}
