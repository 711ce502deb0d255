// openRowSource on files that are not clean text tables: each refusal names where and what kind, never a cell.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../shared/errors.ts';
import { openRowSource } from '../../segments/intake.ts';

const dir = mkdtempSync(join(tmpdir(), 'klartext-refusals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NAME = 'Erika Musterfrau';

let files = 0;
function file(content: string | Buffer, name = `r${++files}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Reads the whole file and returns the InputError it is refused with (which must not carry a cause). */
async function refusal(path: string): Promise<InputError> {
  try {
    const source = await openRowSource(path);
    for await (const row of source.rows) void row;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but the file was read');
}

describe('openRowSource refusals', () => {
  it.each([
    ['a stray quote in an unquoted cell', `A,B\n1,x\n2,${NAME} "5"\n`, 'a double quote inside a cell is not escaped'],
    ['an opening quote after text', `A,B\n1,x\n2,Max "${NAME}\n`, 'a double quote inside a cell is not escaped'],
    ['text after a closing quote', `A,B\n1,x\n2,"${NAME}" 5\n`, 'a double quote inside a cell is not escaped'],
    ['a quote never closed', `A,B\n1,x\n2,"${NAME}\n3,y\n`, 'a quoted cell that starts on this line is never closed'],
  ])('refuses %s at its line with the kind of problem, no cell text and no parser error', async (_, text, kind) => {
    const error = await refusal(file(text));
    expect(error.message).toMatch(/:3:1: /);
    expect(error.message).toContain(kind);
    expect(error.message).not.toContain('Musterfrau');
    expect(error.message).not.toContain('Max');
    expect(error.cause).toBeUndefined();
  });

  it('refuses a binary file as not a text table, with the offset of its first control byte', async () => {
    const error = await refusal(
      file(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.from(NAME)])),
    );
    expect(error.message).toMatch(/: not a text table: .* at byte offset 2;/);
  });

  it('refuses a NUL byte after the first 64 KiB, also inside gzip, counting offsets in the uncompressed data', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i % 7},${i % 3}`).join('\n');
    const text = `A,B\n${rows}\n9,\0\n`;
    const offset = Buffer.byteLength(text) - 2;
    for (const path of [file(text), file(gzipSync(Buffer.from(text)), 'nul.csv.gz')]) {
      expect((await refusal(path)).message).toContain(`at byte offset ${offset};`);
    }
  });

  it('tells a long unquoted cell from a quoted cell that never closes', async () => {
    const long = await refusal(file(`A,B\n1,x\n2,${'y'.repeat(1_100_000)}\n`));
    expect(long.message).toContain(':3:1: cell 2 on this line is longer than 1,000,000 characters');
    expect(long.message).not.toMatch(/quote/);
    const open = await refusal(file(`A,B\n1,x\n2,"${'word\n'.repeat(250_000)}`));
    expect(open.message).toContain(':3:1: cell 2, quoted, starts on this line and runs over several lines');
    expect(open.message).toContain('closing double quote is probably missing');
  });

  it('does not quote a duplicate header name that may be a data row (a name with spaces)', async () => {
    const error = await refusal(file(`1,${NAME},${NAME}\n1,2,3\n`));
    expect(error.message).toContain('a name is used by columns 2 and 3');
    expect(error.message).not.toContain('Musterfrau');
    expect((await refusal(file('AGE,AGE\n1,2\n'))).message).toContain('the name "AGE" is used by columns 1 and 2');
  });
});
