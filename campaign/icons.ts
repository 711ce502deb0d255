// The pictograms a campaign may name for its concerns: the icons of Lucide (`lucide-static`, ISC licence).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PACKAGE_DIR = dirname(createRequire(import.meta.url).resolve('lucide-static/package.json'));
/** Where the icon set's SVG files are, one `<name>.svg` per icon. */
export const ICON_DIR = join(PACKAGE_DIR, 'icons');

let names: ReadonlySet<string> | undefined;
let tags: Readonly<Record<string, readonly string[]>> | undefined;

/** Every icon name of the set, read once from the installed package. */
export function iconNames(): ReadonlySet<string> {
  names ??= new Set(
    readdirSync(ICON_DIR)
      .filter((f) => f.endsWith('.svg'))
      .map((f) => f.slice(0, -4)),
  );
  return names;
}

/** Levenshtein distance of two short strings. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/**
 * The `count` known names nearest to `name`: those the set tags with that word (`money` → `wallet`) or containing it
 * (or contained in it) first, then by edit distance.
 */
export function nearestIcons(name: string, count = 3): string[] {
  tags ??= JSON.parse(readFileSync(join(PACKAGE_DIR, 'tags.json'), 'utf8')) as Record<string, string[]>;
  const tagged = (known: string) => tags?.[known]?.includes(name) ?? false;
  const related = (known: string) => tagged(known) || known.includes(name) || name.includes(known);
  const score = (known: string) => (related(known) ? 0 : 100) + distance(name, known);
  return [...iconNames()]
    .map((known) => ({ known, score: score(known) }))
    .sort((a, b) => a.score - b.score || a.known.length - b.known.length || a.known.localeCompare(b.known))
    .slice(0, count)
    .map((s) => s.known);
}

/** Why `name` is not an icon of the set (with the nearest names), or undefined when it is one. */
export function iconProblem(name: string): string | undefined {
  if (iconNames().has(name)) return undefined;
  return `'${name}' is not a Lucide icon; did you mean ${nearestIcons(name)
    .map((n) => `'${n}'`)
    .join(', ')}? (all names: lucide.dev/icons)`;
}
