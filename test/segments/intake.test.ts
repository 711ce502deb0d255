import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../shared/errors.ts';
import { openRowSource } from '../../segments/intake.ts';
import type { OpenRowSourceOptions } from '../../segments/intake.ts';
import type { RowSource, SourceRow } from '../../segments/rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'klartext-intake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HPS_FILE = join(import.meta.dirname, '../fixtures/hps_week22_sample/hps_week22_vaccine_sample_1in10.csv');

let files = 0;
function file(content: string | Buffer, name = `f${++files}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, opts?: OpenRowSourceOptions): Promise<{ source: RowSource; rows: SourceRow[] }> {
  const source = await openRowSource(path, opts);
  const rows: SourceRow[] = [];
  for await (const row of source.rows) rows.push(row);
  return { source, rows };
}

async function readError(path: string): Promise<string> {
  try {
    await readAll(path);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError, but the file was read');
}

/** Windows-1252 bytes for text whose characters all exist in that code page (€ is 0x80 there, not in latin1). */
function cp1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0))));
}

describe('openRowSource', () => {
  it('reads a comma-separated UTF-8 file with its header and the line of each row', async () => {
    const { source, rows } = await readAll(file('age,city\n34,Köln\n71,Zürich\n'));
    expect(source).toMatchObject({ header: ['age', 'city'], delimiter: ',', encoding: 'utf-8' });
    expect(rows).toEqual([
      { line: 2, cells: ['34', 'Köln'] },
      { line: 3, cells: ['71', 'Zürich'] },
    ]);
  });

  it('strips a UTF-8 BOM, reads CRLF lines and detects the semicolon', async () => {
    const { source, rows } = await readAll(file('\uFEFFAlter;Straßenbahn\r\n34;"ja; oft"\r\n'));
    expect(source).toMatchObject({ header: ['Alter', 'Straßenbahn'], delimiter: ';', encoding: 'utf-8' });
    expect(rows).toEqual([{ line: 2, cells: ['34', 'ja; oft'] }]);
  });

  it('detects a tab delimiter and ignores delimiters inside quoted header names', async () => {
    const { source, rows } = await readAll(file('"a,b"\tc\n1,5\t2\n'));
    expect(source).toMatchObject({ header: ['a,b', 'c'], delimiter: '\t' });
    expect(rows[0]?.cells).toEqual(['1,5', '2']);
  });

  it('decodes a Windows-1252 file from German Excel with umlauts, ß and €', async () => {
    const path = file(cp1252('Bundesland;Äußerung;Betrag\r\nThüringen;Größe ändern;5 €\r\n'));
    const { source, rows } = await readAll(path);
    expect(source).toMatchObject({ header: ['Bundesland', 'Äußerung', 'Betrag'], encoding: 'windows-1252' });
    expect(rows[0]?.cells).toEqual(['Thüringen', 'Größe ändern', '5 €']);
  });

  it('switches to Windows-1252 when the first umlaut comes after a long ASCII start', async () => {
    const ascii = 'id,city\n' + 'x,Berlin\n'.repeat(20_000);
    const { source, rows } = await readAll(file(Buffer.concat([Buffer.from(ascii), cp1252('y,Lübeck €\n')])));
    expect(source.encoding).toBe('windows-1252');
    expect(rows.at(-1)).toEqual({ line: 20_002, cells: ['y', 'Lübeck €'] });
  });

  it('reads the bytes as Windows-1252 when told to, even when they are valid UTF-8', async () => {
    const { rows } = await readAll(file('a\nä\n'), { encoding: 'windows-1252' });
    expect(rows[0]?.cells).toEqual(['Ã¤']);
  });

  it('refuses bytes that are not UTF-8 after UTF-8 text, at their line and column', async () => {
    const path = file(Buffer.concat([Buffer.from('a,b\nä,1\nx,'), cp1252('Müller\n')]));
    const message = await readError(path);
    expect(message).toMatch(/^.*f\d+\.csv:3:4: the file mixes encodings: .* save the file again as "CSV UTF-8"/);
    expect(message).not.toContain('ller');
  });

  it('refuses bytes that are not UTF-8 when UTF-8 is declared by the option or a BOM', async () => {
    const bytes = cp1252('a\nMüller\n');
    await expect(openRowSource(file(bytes), { encoding: 'utf-8' })).rejects.toThrow(
      /f\d+\.csv:2:2: bytes here are not UTF-8; save the file again as "CSV UTF-8", or set the encoding to windows-1252/,
    );
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    await expect(openRowSource(file(bom))).rejects.toThrow(/:2:2: bytes here are not UTF-8/);
  });

  it('refuses a UTF-16 file', async () => {
    const message = await readError(file(Buffer.from('\uFEFFa,b\n1,2\n', 'utf16le')));
    expect(message).toMatch(/:1:1: the file is UTF-16; save it as "CSV UTF-8"/);
  });

  it('reads gzip by its magic bytes, with or without the .gz extension', async () => {
    const content = gzipSync('a;b\n1;"x\ny"\n2;3\n');
    for (const name of ['survey.csv.gz', 'survey-gzipped.csv']) {
      const { source, rows } = await readAll(file(content, name));
      expect(source).toMatchObject({ header: ['a', 'b'], delimiter: ';' });
      expect(rows).toEqual([
        { line: 2, cells: ['1', 'x\ny'] },
        { line: 4, cells: ['2', '3'] },
      ]);
    }
  });

  it('keeps delimiters, quotes and line breaks inside quoted cells and counts lines from where each row starts', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['id,comment', '1,"a, b"', '2,"say ""hi"""', '3,"two', 'lines"', '', '4,"x', '', 'y"', '5,end', ''];
      const { rows } = await readAll(file(text.join(eol)));
      expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 7, 10]);
      expect(rows.map((r) => r.cells[1])).toEqual(['a, b', 'say "hi"', `two${eol}lines`, `x${eol}${eol}y`, 'end']);
    }
  });

  it('decodes every character of a large file whose multi-byte characters straddle chunk boundaries', async () => {
    const row = 'Ä€😀,ß\n';
    const text = 'a,b\n' + row.repeat(200_000);
    for (const content of [Buffer.from(text), gzipSync(text)]) {
      let [count, wrong] = [0, 0];
      const source = await openRowSource(file(content));
      for await (const r of source.rows) {
        count++;
        if (r.cells[0] !== 'Ä€😀' || r.cells[1] !== 'ß') wrong++;
      }
      expect({ count, wrong, encoding: source.encoding }).toEqual({ count: 200_000, wrong: 0, encoding: 'utf-8' });
    }
  });

  it('yields the first rows before the file has been written to its end', async () => {
    const fifo = join(dir, 'slow.csv');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    writer.write('id,answer\n' + '1,yes\n'.repeat(20_000));
    const source = await openRowSource(fifo);
    const rows = source.rows[Symbol.asyncIterator]();
    expect((await rows.next()).value).toEqual({ line: 2, cells: ['1', 'yes'] });
    expect(writer.writableEnded).toBe(false);
    writer.end('2,no\n');
    let last: SourceRow | undefined;
    for (let r = await rows.next(); !r.done; r = await rows.next()) last = r.value;
    expect(last).toEqual({ line: 20_002, cells: ['2', 'no'] });
  });

  it('refuses a row with the wrong number of cells at its line without quoting it', async () => {
    const message = await readError(file('id,email\n1,"a\nb"\n2,anna@example.org,secret\n'));
    expect(message).toMatch(/f\d+\.csv:4:1: this row has 3 cells but the header has 2; cells that contain "," must be/);
    expect(message).not.toMatch(/anna|secret/);
  });

  it('refuses a quoted cell that is never closed at the line where it starts', async () => {
    expect(await readError(file('a,b\n1,2\n3,"open\n4,5\n'))).toMatch(/:3:1: a quoted cell that starts on this line/);
  });

  it('refuses a stray quote without quoting the cell', async () => {
    const message = await readError(file('a,b\n1,"Meier"x\n'));
    expect(message).toMatch(/:2:1: a double quote inside a cell is not escaped/);
    expect(message).not.toContain('Meier');
  });

  it('refuses duplicate and empty header names at their column', async () => {
    expect(await readError(file('age;region;age\n1;2;3\n'))).toMatch(
      /f\d+\.csv:1:12: the name "age" is used by columns 1 and 3; rename one of them/,
    );
    expect(await readError(file('age,,sex\n1,2,3\n'))).toMatch(/f\d+\.csv:1:5: column 2 has no name/);
  });

  it('does not quote a repeated header name that looks like a respondent value', async () => {
    const message = await readError(file('-88,-88\n1,2\n'));
    expect(message).toMatch(/:1:5: a name is used by columns 1 and 2/);
    expect(message).not.toContain('-88');
  });

  it('refuses an empty file, a file of blank lines and a header-only file', async () => {
    expect(await readError(file(''))).toMatch(/f\d+\.csv:1:1: the file is empty; a respondent file needs a header/);
    expect(await readError(file('\uFEFF\n\n'))).toMatch(/:1:1: the file is empty/);
    expect(await readError(file('a,b\n'))).toMatch(/:1:1: the file has a header line but no rows/);
  });

  it('refuses a missing file and damaged gzip data', async () => {
    expect(await readError(join(dir, 'nope.csv'))).toMatch(/nope\.csv:1:1: the file cannot be read \(ENOENT\)/);
    const gzip = gzipSync('a,b\n' + '1,2\n'.repeat(50_000));
    const message = await readError(file(gzip.subarray(0, gzip.length / 2)));
    expect(message).toMatch(/:\d+:1: the gzip data is damaged or cut off here; compress the file again/);
  });

  it('lets its rows be read only once', async () => {
    const source = await openRowSource(file('a\n1\n'));
    for await (const row of source.rows) expect(row.cells).toEqual(['1']);
    expect(() => source.rows[Symbol.asyncIterator]()).toThrow(/can be read only once/);
  });

  it('reads the HPS sample with codes kept as text', async () => {
    const { source, rows } = await readAll(HPS_FILE);
    expect(source.header).toHaveLength(35);
    expect(source.header.slice(0, 3)).toEqual(['SCRAM', 'WEEK', 'EST_ST']);
    expect(rows).toHaveLength(6835);
    expect(rows[0]?.cells[2]).toBe('01');
    expect(rows.at(-1)?.line).toBe(6836);
  });
});
