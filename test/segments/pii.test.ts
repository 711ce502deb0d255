import fc from 'fast-check';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRowSource } from '../../segments/intake.ts';
import { missingTest } from '../../segments/cell-codes.ts';
import { checkHeader, createUniquenessProbe } from '../../segments/pii.ts';
import { createFreeTextGuard, redactCell, scanCell } from '../../segments/pii-text.ts';
import type { UniquenessProbeOptions } from '../../segments/pii.ts';
import type { SourceRow } from '../../segments/rows.ts';
import { inputErrorMessage } from './helpers.ts';

const HPS_FILE = join(import.meta.dirname, '../fixtures/hps_week22_sample/hps_week22_vaccine_sample_1in10.csv');
const NONE = new Set<string>();

let hps: { header: readonly string[]; rows: SourceRow[] };
beforeAll(async () => {
  const source = await openRowSource(HPS_FILE);
  const rows: SourceRow[] = [];
  for await (const row of source.rows) rows.push(row);
  hps = { header: source.header, rows };
});

const header = (...columns: string[]) => ({ path: 'f.csv', header: columns, dropped: NONE, declared: NONE });

describe('checkHeader', () => {
  it('passes the HPS header, including birth year, region and reason items', () => {
    expect(hps.header).toEqual(expect.arrayContaining(['REGION', 'EST_ST', 'TBIRTH_YEAR', 'EEDUC', 'MS', 'WHYNOT1']));
    expect(() => checkHeader({ path: HPS_FILE, header: hps.header, dropped: NONE, declared: NONE })).not.toThrow();
  });

  it('passes look-alikes of identifier names', () => {
    const names = ['geburtsjahr', 'birth_year', 'state_name', 'voicemail', 'HOTEL', 'ZIPPED', 'respondent_id', 'SCRAM'];
    expect(() => checkHeader(header(...names))).not.toThrow();
  });

  it.each([
    ['email', 'an e-mail address'],
    ['E-Mail-Adresse', 'an e-mail address'],
    ['Telefon', 'a phone number'],
    ['mobile', 'a phone number'],
    ['phone_number', 'a phone number'],
    ['first_name', "a person's name"],
    ['Nachname', "a person's name"],
    ['Vorname', "a person's name"],
    ['surname', "a person's name"],
    ['name', "a person's name"],
    ['Straße', 'a street address'],
    ['street_address', 'a street address'],
    ['Anschrift', 'a street address'],
    ['dateOfBirth', 'an exact date of birth'],
    ['Geburtsdatum', 'an exact date of birth'],
    ['DOB', 'an exact date of birth'],
    ['PLZ', 'a postcode'],
    ['zip3', 'a postcode'],
    ['Versichertennummer', 'a health or social insurance number'],
    ['KVNR', 'a health or social insurance number'],
    ['ip_address', 'an IP address'],
  ])('refuses a column named %s at its column, saying why and how to fix it', (name, looksLike) => {
    expect(inputErrorMessage(() => checkHeader(header('REGION', name, 'MS')))).toBe(
      `f.csv:1:8: column ${name} looks like ${looksLike}` +
        (name === 'PLZ' || name === 'zip3' ? ' (finer than 2 digits, it identifies small areas)' : '') +
        ", a direct identifier; drop it in the spec's `drop:` list, or remove it from the file",
    );
  });

  it('names every refused column in one message', () => {
    const message = inputErrorMessage(() => checkHeader(header('id', 'email', 'REGION', 'telefon')));
    expect(message).toMatch(/^f\.csv:1:4: column email looks like an e-mail address/);
    expect(message).toContain('(also telefon: a phone number)');
  });

  it('passes identifier columns the spec drops, and a postcode column it declares as a dimension', () => {
    const input = { path: 'f.csv', header: ['email', 'PLZ', 'age'] };
    expect(() => checkHeader({ ...input, dropped: new Set(['email', 'PLZ']), declared: NONE })).not.toThrow();
    expect(() => checkHeader({ ...input, dropped: new Set(['email']), declared: new Set(['PLZ']) })).not.toThrow();
    expect(() => checkHeader({ ...input, dropped: NONE, declared: new Set(['email']) })).toThrow(/column email/);
  });
});

describe('createUniquenessProbe', () => {
  function probe(rows: readonly SourceRow[], columns: readonly string[], opts: UniquenessProbeOptions): () => void {
    const p = createUniquenessProbe(columns, opts);
    for (const row of rows) p.observe(row);
    return () => p.finish('f.csv');
  }

  it('flags SCRAM on the HPS sample but not EST_ST or TBIRTH_YEAR', () => {
    const message = inputErrorMessage(probe(hps.rows, hps.header, { exempt: new Set(['PWEIGHT']) }));
    expect(message).toBe(
      'f.csv:1:1: column SCRAM has a different value in each of the first 2000 rows, so it identifies respondents; ' +
        "add it to the spec's `drop:` list (continuous numbers are unique too: declare a weight as `weight:`)",
    );
    expect(message).not.toMatch(/EST_ST|TBIRTH_YEAR|V22/);
  });

  it('passes the HPS sample when SCRAM is dropped and PWEIGHT is the weight', () => {
    expect(probe(hps.rows, hps.header, { exempt: new Set(['SCRAM', 'PWEIGHT']) })).not.toThrow();
  });

  it('flags a continuous number that is not exempt, along with the other unique columns', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      line: i + 2,
      cells: [`R${i}`, '2', (i * 7.31 + 0.1).toFixed(7)],
    }));
    expect(probe(rows, ['id', 'sex', 'w'], { exempt: NONE })).toThrow(
      /^f\.csv:1:1: column id has a different value in each of the first 200 rows \(so are w\), .*declare a weight as/,
    );
    expect(probe(rows, ['id', 'sex', 'w'], { exempt: new Set(['id', 'w']) })).not.toThrow();
  });

  it('ignores mostly empty or missing columns, and files with fewer filled rows than minRows', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      line: i + 2,
      cells: [i % 3 === 0 ? `c${i}` : '', i % 3 === 0 ? `m${i}` : '-88', `id${i}`],
    }));
    const columns = ['comment', 'coded', 'id'];
    expect(probe(rows, columns, { exempt: NONE, isMissing: missingTest(['-88']) })).toThrow(/column id has/);
    expect(probe(rows, columns, { exempt: new Set(['id']), isMissing: missingTest(['-88']) })).not.toThrow();
    expect(probe(rows.slice(0, 99), columns, { exempt: NONE })).not.toThrow();
  });

  it('observes only the first sampleRows rows', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ line: i + 2, cells: [String(i % 300)] }));
    expect(probe(rows, ['n'], { exempt: NONE, sampleRows: 300 })).toThrow(/first 300 rows/);
    expect(probe(rows, ['n'], { exempt: NONE, sampleRows: 301 })).not.toThrow();
  });
});

describe('scanCell', () => {
  it.each([
    ['Bitte an max.mustermann@example.de schreiben', ['email']],
    ['j.doe(at)web.de', ['email']],
    ['+49 30 1234567', ['phone']],
    ['+49 (0)171 1234567', ['phone']],
    ['030/1234567', ['phone']],
    ['0171 1234567', ['phone']],
    ['(030) 123 45 67', ['phone']],
    ['0049 30 1234567', ['phone']],
    ['call +1 202-555-0143', ['phone']],
    ['Tel. 2345678', ['phone']],
    ['DE89 3704 0044 0532 0130 00', ['iban']],
    ['IBAN GB82WEST12345698765432 bitte', ['iban']],
    ['Versichertennr. A123456780', ['insurance-number']],
    ['J012345677', ['insurance-number']],
    ['from 192.168.10.1', ['ip']],
    ['2001:db8::8a2e:370:7334', ['ip']],
    ['mail x@y.org or 0171 1234567', ['email', 'phone']],
  ])('finds PII in %j', (text, kinds) => {
    expect(scanCell(text)).toEqual(kinds);
  });

  it.each([
    '-88',
    '-99',
    '7',
    '1978',
    '3285.4016952',
    '68.673885911',
    '01',
    '01067',
    '12:30:45',
    '01.02.2021',
    '2021-01-15',
    '1.234.567',
    'V220000001S10011352410113',
    'Ich bin 45 und habe 2 Kinder',
    'A123456781',
  ])('finds nothing in %j', (text) => {
    expect(scanCell(text)).toEqual([]);
  });

  it('accepts an IBAN only with a valid check number', () => {
    expect(scanCell('DE89 3704 0044 0532 0130 01')).not.toContain('iban');
  });

  it('never flags survey codes, years, small numbers or decimals', () => {
    const code = fc.oneof(
      fc.constantFrom('-88', '-99', '-77', '-1', '0'),
      fc.integer({ min: 1, max: 9 }).map(String),
      fc.integer({ min: 1900, max: 2010 }).map(String),
      fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
      fc.tuple(fc.nat(99_999), fc.nat(9_999_999)).map(([a, b]) => `${a}.${b}`),
    );
    fc.assert(fc.property(fc.array(code, { maxLength: 6 }), (codes) => scanCell(codes.join(', ')).length === 0));
  });

  it('always finds a generated e-mail address', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.string(), (email, text) => scanCell(`${text} ${email}`).includes('email')),
    );
  });
});

describe('redactCell', () => {
  it('replaces each finding with its placeholder and keeps the rest', () => {
    const text = 'Mail max@example.de, Tel 030/1234567, IBAN DE89 3704 0044 0532 0130 00, KV J012345677, IP 10.0.0.1.';
    expect(redactCell(text)).toBe('Mail [email], Tel [phone], IBAN [iban], KV [insurance-number], IP [ip].');
  });
});

describe('createFreeTextGuard', () => {
  const columns = ['age', 'comment', 'other'];
  const row = { line: 7, cells: ['34', 'ruf mich an: 0171 1234567', 'anna@example.org'] };

  it('refuses PII in a scanned column at its line, naming the column and kind but not the value', () => {
    const guard = createFreeTextGuard({ path: 'f.csv', header: columns, columns: new Set(['comment']), redact: false });
    const message = inputErrorMessage(() => guard.check(row));
    expect(message).toBe(
      'f.csv:7:1: column comment contains a phone number; remove it from the file, or mask such values with --redact',
    );
    expect(message).not.toMatch(/0171|1234567|ruf/);
  });

  it('masks findings and counts them when redacting, leaving the original row alone', () => {
    const scanned = new Set(['comment', 'other']);
    const guard = createFreeTextGuard({ path: 'f.csv', header: columns, columns: scanned, redact: true });
    expect(guard.check(row)).toEqual({ line: 7, cells: ['34', 'ruf mich an: [phone]', '[email]'] });
    expect(row.cells[2]).toBe('anna@example.org');
    expect(guard.counts()).toEqual({ email: 1, phone: 1, iban: 0, 'insurance-number': 0, ip: 0 });
  });

  it('returns the same row when its scanned columns hold no PII', () => {
    const guard = createFreeTextGuard({ path: 'f.csv', header: columns, columns: new Set(['age']), redact: false });
    expect(guard.check(row)).toBe(row);
  });
});
