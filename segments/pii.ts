// The direct-identifier guard: refuses identifying columns by name, or by being unique per row.
import type { SourceRow } from './rows.ts';
import { inputErrorAt } from '../campaign/yaml-source.ts';

/** What a column name can reveal about a respondent. */
export type IdentifierKind =
  'ip-address' | 'e-mail' | 'phone' | 'birth-date' | 'postcode' | 'insurance-number' | 'address' | 'name';

/** One row of {@link IDENTIFIER_COLUMNS}. */
export interface IdentifierRule {
  kind: IdentifierKind;
  /** How the refusal describes the column. */
  looksLike: string;
  /** Space-separated: matched by any run of adjacent name tokens, joined. */
  words: string;
  /** Space-separated: matched only by the whole name. */
  whole?: string;
}

/**
 * Column names refused as direct identifiers, first match wins. A name is split into lower-case tokens (at `_`, `-`,
 * spaces, camelCase and digits; `ß` read as `ss`), so `E-Mail-Adresse`, `dateOfBirth` and `zip3` match, while
 * `state_name`, `voicemail` and birth *year* (`TBIRTH_YEAR`, `geburtsjahr`) do not. Id-like names (`SCRAM`,
 * `respondent_id`) are left to the uniqueness probe.
 */
export const IDENTIFIER_COLUMNS: readonly IdentifierRule[] = [
  { kind: 'ip-address', looksLike: 'an IP address', words: 'ip ipaddr ipaddress ipadresse ipv4 ipv6' },
  {
    kind: 'e-mail',
    looksLike: 'an e-mail address',
    words: 'email emailaddress emailadresse mailaddress mailadresse',
  },
  {
    kind: 'phone',
    looksLike: 'a phone number',
    words:
      'phone phonenumber phoneno telephone tel telnr telefon telefonnummer mobile mobil mobilnummer handy handynummer cellphone fax',
  },
  {
    kind: 'birth-date',
    looksLike: 'an exact date of birth',
    words: 'birthdate dateofbirth birthday dob geburtsdatum geburtstag gebdat gebdatum',
  },
  {
    kind: 'postcode',
    looksLike: 'a postcode (finer than 2 digits, it identifies small areas)',
    words: 'postcode postalcode zip zipcode plz postleitzahl',
  },
  {
    kind: 'insurance-number',
    looksLike: 'a health or social insurance number',
    words:
      'versichertennummer krankenversichertennummer versichertennr kvnr kvid insurancenumber insuranceno insuranceid svnr sozialversicherungsnummer ssn socialsecuritynumber',
  },
  {
    kind: 'address',
    looksLike: 'a street address',
    words: 'address addr street streetaddress strasse adresse anschrift hausnummer housenumber',
  },
  {
    kind: 'name',
    looksLike: "a person's name",
    words:
      'firstname lastname givenname familyname fullname middlename maidenname surname forename username vorname nachname familienname rufname geburtsname',
    whole: 'name',
  },
];

function identifierRule(column: string): IdentifierRule | undefined {
  const tokens = column
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .split(/[^\p{L}\p{N}]+|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u)
    .filter((t) => t !== '');
  const runs = tokens.flatMap((_, i) => tokens.slice(i).map((__, j) => tokens.slice(i, i + j + 1).join('')));
  const whole = tokens.join('');
  return IDENTIFIER_COLUMNS.find(
    (r) => r.whole?.split(' ').includes(whole) || runs.some((run) => r.words.split(' ').includes(run)),
  );
}

/** Input for {@link checkHeader}. */
export interface HeaderCheckInput {
  path: string;
  header: readonly string[];
  /** Columns the spec drops: never read, so allowed whatever their name. */
  dropped: ReadonlySet<string>;
  /** Columns the spec derives dimensions from: a postcode column passes when declared (its dimension keeps ≤ 2 digits). */
  declared: ReadonlySet<string>;
}

/**
 * Refuses columns whose name marks a direct identifier (see {@link IDENTIFIER_COLUMNS}), unless the spec drops them;
 * a postcode column also passes when declared, since the spec's postcode dimensions keep at most 2 digits.
 * @throws InputError at `path:1:<column>` naming every such column and how to fix the file or the spec.
 */
export function checkHeader({ path, header, dropped, declared }: HeaderCheckInput): void {
  const refused = header.flatMap((column, index) => {
    const rule = dropped.has(column) ? undefined : identifierRule(column);
    const allowed = !rule || (rule.kind === 'postcode' && declared.has(column));
    return allowed ? [] : [{ column, index, looksLike: rule.looksLike }];
  });
  const [first, ...more] = refused;
  if (!first) return;
  const also = more.length === 0 ? '' : ` (also ${more.map((r) => `${r.column}: ${r.looksLike}`).join('; ')})`;
  const fix = "drop it in the spec's `drop:` list, or remove it from the file";
  const message = `column ${first.column} looks like ${first.looksLike}, a direct identifier; ${fix}${also}`;
  throw inputErrorAt(path, { line: 1, column: headerColumn(header, first.index) }, message);
}

/** Options for {@link createUniquenessProbe}. */
export interface UniquenessProbeOptions {
  /** Columns not probed: the dropped ones and the weight column. */
  exempt: ReadonlySet<string>;
  /** Rows observed, from the start of the file (default 2000); later rows are ignored, so memory stays bounded. */
  sampleRows?: number;
  /** Fewest filled cells that make an all-distinct column count as unique (default 100). */
  minRows?: number;
  /** Recognises missing-value cells (see `missingTest` in cell-codes.ts), which are not counted as values. */
  isMissing?: (cell: string) => boolean;
}

/** Watches the first rows for columns with a different value in every row, which identify respondents. */
export interface UniquenessProbe {
  observe(row: SourceRow): void;
  /** @throws InputError at `path:1:<column>` for each column that was unique per row. */
  finish(path: string): void;
}

/**
 * Creates a probe that tracks distinct values per column over the first `sampleRows` rows. A column is unique when
 * at least `minRows` cells, and at least half the observed rows, are filled and no value repeats. Continuous numbers
 * (a weight with many decimals) are unique too and are refused unless exempt: a weight must be declared as such.
 */
export function createUniquenessProbe(header: readonly string[], opts: UniquenessProbeOptions): UniquenessProbe {
  const { exempt, sampleRows = 2000, minRows = 100, isMissing = (cell: string) => cell === '' } = opts;
  // A column's set is released at its first repeated value, so only still-unique columns cost memory.
  const seen = header.map((column) => (exempt.has(column) ? undefined : new Set<string>()));
  let observed = 0;
  return {
    observe(row) {
      if (observed >= sampleRows) return;
      observed++;
      seen.forEach((values, i) => {
        const value = values && row.cells[i]?.trim();
        if (!values || !value || isMissing(value)) return;
        if (values.has(value)) seen[i] = undefined;
        else values.add(value);
      });
    },
    finish(path) {
      const unique = header.flatMap((column, index) => {
        const filled = seen[index]?.size ?? 0;
        return filled >= minRows && filled * 2 >= observed ? [{ column, index }] : [];
      });
      const [first, ...more] = unique;
      if (!first) return;
      const also = more.length === 0 ? '' : ` (so are ${more.map((u) => u.column).join(', ')})`;
      const what = `column ${first.column} has a different value in each of the first ${observed} rows${also}`;
      const fix =
        "add it to the spec's `drop:` list (continuous numbers are unique too: declare a weight as `weight:`)";
      const at = { line: 1, column: headerColumn(header, first.index) };
      throw inputErrorAt(path, at, `${what}, so it identifies respondents; ${fix}`);
    },
  };
}

// Header cells are not quoted in practice: their column is their offset with one-character delimiters.
function headerColumn(header: readonly string[], index: number): number {
  return header.slice(0, index).reduce((column, name) => column + name.length + 1, 1);
}
