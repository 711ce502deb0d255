// Finds personal data inside free-text cells (e-mail, phone, IBAN, insurance number, IP) and masks or refuses it.
import type { SourceRow } from './rows.ts';
import { inputErrorAt } from '../campaign/yaml-source.ts';

/** A kind of personal data found inside a free-text cell. */
export type PiiKind = 'email' | 'phone' | 'iban' | 'insurance-number' | 'ip';

/** Patterns for PII in free text, each with an optional check that removes look-alikes. */
const CELL_PATTERNS: readonly { kind: PiiKind; pattern: RegExp; valid?: (match: string) => number }[] = [
  // Also the spelled-out "name(at)example.de" and "name [at] example.de".
  {
    kind: 'email',
    pattern:
      /[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+(?:@|\s?[([]at[)\]]\s?)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu,
  },
  {
    kind: 'ip',
    pattern: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)/g,
  },
  { kind: 'ip', pattern: /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/gi, valid: ipv6Length },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}/g, valid: ibanLength },
  { kind: 'insurance-number', pattern: /\b[A-Z]\d{9}\b/g, valid: (m) => (kvnrValid(m) ? m.length : 0) },
  // International: +49 30 1234567, +49 (0)171 1234567, 0049 30 1234567, +1 202-555-0143.
  { kind: 'phone', pattern: /(?<![\w+.,])(?:\+|00)[1-9]\d{0,2}(?:[ ./-]?\(0\))?(?:[ ./-]?\d){6,13}(?!\d)/g },
  // German: 030/1234567, 030 123 45 67, (030) 1234567, 0171-1234567. Never preceded by a digit, `.` `,` or `-`.
  { kind: 'phone', pattern: /(?<![\w.,+/-])\(?0[1-9]\d{1,4}\)?(?: ?\/ ?| |-)?\d(?:[ -]?\d){3,9}(?![\w]|[.,]\d)/g },
  // North American: (202) 555-0143, 202-555-0143 (separators required).
  { kind: 'phone', pattern: /(?<![\w.,+-])\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?!\w|[.,]\d)/g },
  // A number after a phone keyword: "Tel. 1234567", "Handy: 0171 1234567".
  { kind: 'phone', pattern: /(?<=\b(?:tel|telefon|phone|fon|handy|mobil|mobile)\.?:?\s*)\+?\d[\d ()/-]{4,}\d/gi },
];

/** Finds e-mail addresses, phone numbers, IBANs, German health-insurance numbers and IP addresses in `text`. */
export function scanCell(text: string): PiiKind[] {
  return findings(text).map((f) => f.kind);
}

/** Replaces each finding of {@link scanCell} with a placeholder such as `[email]` or `[phone]`. */
export function redactCell(text: string): string {
  return redactWith(text, findings(text));
}

type Finding = { kind: PiiKind; start: number; end: number };

function redactWith(text: string, found: readonly Finding[]): string {
  let [out, at] = ['', 0];
  for (const f of found) [out, at] = [`${out}${text.slice(at, f.start)}[${f.kind}]`, f.end];
  return out + text.slice(at);
}

function findings(text: string): Finding[] {
  if (!/[\d@]|[([]at[)\]]|:/i.test(text)) return [];
  const found = CELL_PATTERNS.flatMap(({ kind, pattern, valid }) =>
    [...text.matchAll(pattern)].flatMap((m) => {
      const length = valid ? valid(m[0]) : m[0].length;
      return length > 0 ? [{ kind, start: m.index, end: m.index + length }] : [];
    }),
  ).sort((a, b) => a.start - b.start || b.end - a.end);
  // Keep the earliest, then longest finding where they overlap (the digits inside an e-mail are not a phone).
  return found.filter((f, i) => !found.slice(0, i).some((g) => g.start < f.end && f.start < g.end));
}

function ipv6Length(match: string): number {
  const halves = match.split('::');
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (halves.length > 2 || !groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return 0;
  return (halves.length === 1 ? groups.length === 8 : groups.length >= 2 && groups.length <= 7) ? match.length : 0;
}

// The longest prefix that is a valid IBAN (mod-97 = 1), since the pattern may run into the following word.
function ibanLength(match: string): number {
  for (let end = match.length; end >= 15; end--) {
    const iban = match.slice(0, end).replaceAll(' ', '');
    if (match[end - 1] === ' ' || iban.length < 15 || iban.length > 34) continue;
    let rest = 0;
    for (const ch of iban.slice(4) + iban.slice(0, 4)) {
      const v = parseInt(ch, 36);
      rest = (rest * (v >= 10 ? 100 : 10) + v) % 97;
    }
    if (rest === 1) return end;
  }
  return 0;
}

// KVNR (§ 290 SGB V): letter as two digits (A=01 … Z=26) + 8 digits, weighted 1,2,1,2…, digit sums added, mod 10.
function kvnrValid(kvnr: string): boolean {
  const digits = String(kvnr.charCodeAt(0) - 64).padStart(2, '0') + kvnr.slice(1, 9);
  const sum = [...digits].reduce((s, d, i) => {
    const p = Number(d) * (i % 2 === 0 ? 1 : 2);
    return s + (p > 9 ? p - 9 : p);
  }, 0);
  return sum % 10 === Number(kvnr[9]);
}

const FOUND: Record<PiiKind, string> = {
  email: 'an e-mail address',
  phone: 'a phone number',
  iban: 'a bank account number (IBAN)',
  'insurance-number': 'a health-insurance number',
  ip: 'an IP address',
};
const REFUSED_FIX = 'remove it from the file, or mask such values with --redact';

/** Input for {@link createFreeTextGuard}. */
export interface FreeTextGuardInput {
  path: string;
  header: readonly string[];
  /** The free-text columns to scan (names not in the header are ignored). */
  columns: ReadonlySet<string>;
  /** Mask findings instead of refusing the file. */
  redact: boolean;
}

/** Scans the free-text cells of each row; counts what it found. */
export interface FreeTextGuard {
  /**
   * Returns the row, with findings masked when redacting (a copy; the same row when nothing was found).
   * @throws InputError at `path:line:1` naming the column and the kind of PII (never the value) when not redacting.
   */
  check(row: SourceRow): SourceRow;
  counts(): Record<PiiKind, number>;
}

/** Creates the free-text guard for one file. */
export function createFreeTextGuard({ path, header, columns, redact }: FreeTextGuardInput): FreeTextGuard {
  const indexes = header.flatMap((column, i) => (columns.has(column) ? [i] : []));
  const counts: Record<PiiKind, number> = { email: 0, phone: 0, iban: 0, 'insurance-number': 0, ip: 0 };
  return {
    check(row) {
      let cells: string[] | undefined;
      for (const i of indexes) {
        const cell = row.cells[i] ?? '';
        const found = findings(cell);
        const [first] = found;
        if (!first) continue;
        if (!redact) {
          const message = `column ${header[i]} contains ${FOUND[first.kind]}; ${REFUSED_FIX}`;
          throw inputErrorAt(path, { line: row.line, column: 1 }, message);
        }
        for (const f of found) counts[f.kind]++;
        cells ??= [...row.cells];
        cells[i] = redactWith(cell, found);
      }
      return cells ? { line: row.line, cells } : row;
    },
    counts: () => ({ ...counts }),
  };
}
