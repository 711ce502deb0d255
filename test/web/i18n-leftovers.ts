// Finds English catalog strings on a page meant to be German: the test helper behind "no English leftovers".
import { LABELS } from '../../web/i18n/labels.ts';
import { LISTS } from '../../web/i18n/lists.ts';
import { REVIEW } from '../../web/i18n/review.ts';
import { WORKSPACE } from '../../web/i18n/workspace.ts';
import type { Catalog } from '../../web/i18n.ts';

const CATALOGS: Catalog<string>[] = [WORKSPACE, LISTS, LABELS, REVIEW] as Catalog<string>[];

/**
 * The English texts of the workspace's catalogs that German does not share, cut at their placeholders: each piece
 * with at least three letters is one string to look for ("{n} warnings" gives "warnings").
 */
export function englishOnlyStrings(catalogs: readonly Catalog<string>[] = CATALOGS): string[] {
  const pieces = catalogs.flatMap((catalog) =>
    Object.entries(catalog.en)
      .filter(([key, en]) => catalog.de[key] !== en)
      .flatMap(([, en]) => en.split(/\{\w+\}/))
      .map((piece) => piece.trim().replace(/^[\s.,:;()–—-]+|[\s.,:;()–—-]+$/g, ''))
      .filter((piece) => (piece.match(/\p{L}/gu) ?? []).length >= 3),
  );
  return [...new Set(pieces)];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * What a reader of a German page meets: its text and the attributes read aloud (aria-label, title, label, alt),
 * without what is marked as another language (`lang="en"` quotes, a script in English) and without markup.
 */
export function germanReaderText(page: string): string {
  const withoutOtherLanguages = page.replace(
    /<([a-z][a-z0-9]*)\b[^>]*\slang="(?!de")[^"]*"[^>]*>[\s\S]*?<\/\1>/gi,
    (whole, tag: string) => (tag.toLowerCase() === 'html' ? whole : ' '),
  );
  const attributes = [...withoutOtherLanguages.matchAll(/\s(?:aria-label|title|label|alt)="([^"]*)"/g)].map(
    (m) => m[1],
  );
  const text = withoutOtherLanguages.replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return [text, ...attributes]
    .join(' ')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) =>
      name.startsWith('#x')
        ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#')
          ? String.fromCodePoint(Number(name.slice(1)))
          : (ENTITIES[name] ?? whole),
    );
}

/** The English-only catalog strings found, as whole words, in `text`. */
export function englishLeftovers(text: string, strings: readonly string[] = englishOnlyStrings()): string[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return strings.filter((s) => new RegExp(`(?<!\\p{L})${escape(s)}(?!\\p{L})`, 'u').test(text));
}
