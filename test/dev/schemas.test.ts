import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignJsonSchema } from '../../campaign/json-schema.ts';
import { SEGMENT_COLUMNS } from '../../campaign/reference.ts';
import { readmeWithReference, schemaFiles } from '../../dev/schemas.ts';
import { REQUIRED_COLUMNS } from '../../segments/segment-table.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every property schema under `schema`, with its dotted path. */
function properties(schema: unknown, path = ''): [string, Record<string, unknown>][] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const own = Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>).map(
    ([name, child]): [string, Record<string, unknown>] => [`${path}.${name}`, child],
  );
  const nested = [s.properties, s.additionalProperties, s.items, ...((s.anyOf as unknown[]) ?? [])].flatMap((child) =>
    child && typeof child === 'object' && child !== s.properties ? properties(child, path) : [],
  );
  return [...own, ...own.flatMap(([p, child]) => properties(child, p)), ...nested];
}

describe('npm run schemas', () => {
  it('has written the committed JSON Schema files from the current zod schemas', async () => {
    for (const [path, text] of Object.entries(await schemaFiles())) {
      expect(read(path), `${path} is out of date: run npm run schemas`).toBe(text);
    }
  });

  it("has written the README's campaign files reference from the current schemas", async () => {
    const readme = read('README.md');
    expect(await readmeWithReference(readme), 'README.md is out of date: run npm run schemas').toBe(readme);
  });

  it('documents every field of campaign.yaml', () => {
    const undocumented = properties(campaignJsonSchema())
      .filter(([path, s]) => !s.description && !path.endsWith('.kind'))
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it('documents exactly the columns the segments parser requires', () => {
    expect(SEGMENT_COLUMNS.map((c) => c.name)).toEqual(REQUIRED_COLUMNS);
  });

  it('points every example file at its schema, and ships the schemas', () => {
    for (const [file, schema] of [
      ['examples/autumn-vaccination-2026/campaign.yaml', 'campaign'],
      ['examples/autumn-vaccination-2026/claims.yaml', 'claims'],
      ['examples/measles-catch-up/campaign.yaml', 'campaign'],
      ['examples/measles-catch-up/claims.yaml', 'claims'],
      ['examples/hps-week22/segmentation.yaml', 'segmentation'],
      ['examples/hps-week22/strategy.yaml', 'strategy'],
    ] as const) {
      expect(read(file).split('\n')[0]).toBe(`# yaml-language-server: $schema=../../schemas/${schema}.schema.json`);
    }
    expect((JSON.parse(read('package.json')) as { files: string[] }).files).toContain('schemas/');
  });
});
