// All SQL lives behind db/: no other product folder sends a statement or calls query() on a pool or client.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SKIP = new Set(['db', 'test', 'bench', 'node_modules', 'examples']);
const SQL = [/\b(pool|client|tx|db)\.query\(/, /[`'"]\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WITH \w+ AS)\b/];

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.') && !(dir === ROOT && SKIP.has(e.name)))
      .map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])),
  );
  return nested.flat();
}

describe('the SQL home', () => {
  it('finds no SQL statement outside db/', async () => {
    const offenders: string[] = [];
    for (const file of await sources(ROOT)) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (SQL.some((re) => re.test(line))) offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
