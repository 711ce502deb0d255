// The README's examples stay true: its segmentation spec parses with the product's own parser.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSegmentationSpec } from '../segments/spec.ts';

describe('README', () => {
  it('documents a segmentation spec that klartext accepts', async () => {
    const readme = await readFile(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const block = /### The segmentation spec\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const spec = parseSegmentationSpec(block!, 'README.md');
    expect(Object.keys(spec.dimensions)).toEqual(['age', 'state', 'postcode', 'language']);
    expect(spec).toMatchObject({ k: 11, l: 2, weight: 'GEWICHT', drop: ['LFDNR', 'EMAIL'] });
  });
});
