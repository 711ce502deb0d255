import { describe, expect, it } from 'vitest';
import { parseSegmentTable, parseSegmentTableWithLines } from '../../segments/segment-table.ts';
import { EXAMPLE_DIR, exampleText, inputErrorMessage } from './helpers.ts';

const HEADER = 'segment_id,label,language,reading_level,size,concerns,tags';
const table = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const ROW = 'seniors,Seniors 75+,de,plain,1200,"safety;access","age-75plus"';

describe('parseSegmentTable', () => {
  it('parses the example segments with their lines', () => {
    const { segments, lines } = parseSegmentTableWithLines(exampleText('segments.csv'), `${EXAMPLE_DIR}/segments.csv`);
    expect(segments.length).toBeGreaterThanOrEqual(6);
    expect(new Set(segments.map((s) => s.language))).toEqual(new Set(['de', 'en', 'tr', 'uk']));
    expect(segments.every((s) => s.size >= 11 && s.concerns.length > 0)).toBe(true);
    expect(segments[0]).toEqual({
      id: 'seniors-75plus-plain',
      label: 'Seniorinnen und Senioren ab 75 (einfache Sprache)',
      language: 'de',
      readingLevel: 'plain',
      size: 1840,
      concerns: ['eligibility', 'side-effects', 'co-administration', 'effectiveness'],
      tags: ['age-75plus', 'age-60plus'],
    });
    expect(lines.get('seniors-75plus-plain')).toBe(2);
  });

  it('strips a UTF-8 BOM and detects semicolon and tab delimiters', () => {
    const semicolon = '\uFEFF' + table(ROW).replaceAll(',', ';').replaceAll('\n', '\r\n');
    const tab = table(ROW).replaceAll(',', '\t');
    for (const text of [semicolon, tab]) {
      const [segment] = parseSegmentTable(text, 's.csv');
      expect(segment).toMatchObject({ id: 'seniors', size: 1200, tags: ['age-75plus'] });
    }
    expect(parseSegmentTable(semicolon, 's.csv')[0]?.concerns).toEqual(['safety', 'access']);
  });

  it('lists every missing column at the header line', () => {
    const text = 'segment_id,label,language,size\nx,X,de,50\n';
    expect(inputErrorMessage(() => parseSegmentTable(text, 's.csv'))).toBe(
      `s.csv:1:1: missing columns reading_level, concerns, tags; the header needs ${HEADER}`,
    );
  });

  it('refuses a group smaller than k at its size cell without revealing the rest of the row', () => {
    const text = table(ROW, 'tiny,Rare condition group,de,standard,7,"safety",""');
    const message = inputErrorMessage(() => parseSegmentTable(text, 's.csv'));
    expect(message).toMatch(/^s\.csv:3:39: size 7 is below the privacy threshold k=11/);
    expect(message).toContain('Merge this group');
    expect(message).not.toContain('Rare condition group');
    expect(message).not.toContain('tiny');
  });

  it('accepts a smaller group when k is lowered', () => {
    const text = table('tiny,Tiny,de,standard,7,"safety",""');
    expect(parseSegmentTable(text, 's.csv', { k: 5 })[0]?.size).toBe(7);
  });

  it('refuses a language that is not a two-letter code at its cell', () => {
    const text = table(ROW.replace(',de,', ',deu,'));
    expect(inputErrorMessage(() => parseSegmentTable(text, 's.csv'))).toMatch(
      /^s\.csv:2:21: language 'deu' must be a two-letter ISO 639-1 code/,
    );
  });

  it('refuses an unknown reading level at its cell', () => {
    const text = table(ROW.replace(',plain,', ',simple,'));
    expect(inputErrorMessage(() => parseSegmentTable(text, 's.csv'))).toMatch(
      /^s\.csv:2:24: reading_level 'simple' must be one of easy, plain, standard, professional/,
    );
  });

  it('reads the easy reading level (Leichte Sprache)', () => {
    expect(parseSegmentTable(table(ROW.replace(',plain,', ',easy,')), 's.csv')[0]?.readingLevel).toBe('easy');
  });

  it('refuses a duplicate segment id at the second row, naming the first', () => {
    const text = table(ROW, ROW.replace('Seniors 75+', 'Other'));
    expect(inputErrorMessage(() => parseSegmentTable(text, 's.csv'))).toBe(
      "s.csv:3:1: segment_id 'seniors' is already used on line 2; segment ids must be unique",
    );
  });

  it('counts lines correctly after a quoted cell that spans lines', () => {
    const text = table('a,"Two\nlines",de,plain,50,"safety",""', 'b,B,xx1,plain,50,"safety",""');
    expect(inputErrorMessage(() => parseSegmentTable(text, 's.csv'))).toMatch(/^s\.csv:4:5: language 'xx1'/);
  });

  it('reports a row with the wrong number of cells at its line', () => {
    const text = table(ROW, 'b,B,de,plain,50,safety,access,extra');
    expect(inputErrorMessage(() => parseSegmentTable(text, 's.csv'))).toMatch(
      /^s\.csv:3:1: this row has a different number of cells than the header/,
    );
  });

  it('refuses an empty concerns cell', () => {
    const text = table(ROW.replace('"safety;access"', '""'));
    expect(inputErrorMessage(() => parseSegmentTable(text, 's.csv'))).toMatch(/^s\.csv:2:35: concerns is empty/);
  });
});
