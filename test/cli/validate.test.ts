import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { EXAMPLE_DIR, EXAMPLE_ENV } from '../segments/helpers.ts';
import { klartextIn } from './run.ts';

async function editedCopy(edits: Record<string, (text: string) => string>): Promise<string> {
  const dir = await mkdtemp(join(inject('tmpRoot'), 'validate-'));
  await cp(EXAMPLE_DIR, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    await writeFile(join(dir, file), edit(await readFile(join(dir, file), 'utf8')));
  }
  return join(dir, 'campaign.yaml');
}

describe('klartext validate', () => {
  it('prints every problem of every file at file:line:column and exits 1', async () => {
    const file = await editedCopy({
      'campaign.yaml': (t) => t.replace("textColor: '#1B1B1B'", "textColor: '#EEEEEE'"),
      'segments.csv': (t) => t.replace(',1840,', ',4,'),
      'claims.yaml': (t) => t.replace('status: withdrawn', 'status: retired'),
    });
    const r = await klartextIn(['validate', file], { env: EXAMPLE_ENV });
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/campaign\.yaml:\d+:\d+: branding\.textColor: has contrast/),
      expect.stringMatching(/segments\.csv:2:\d+: size 4 is below the privacy threshold/),
      expect.stringMatching(/claims\.yaml:\d+:\d+: claims\[15\]\.status: must be 'active' or 'withdrawn'/),
      '3 problems: nothing was started; fix the problems above.',
    ]);
    expect(r.stdout).toBe('');
  });

  it('prints warnings but exits 0 when only a default is used', async () => {
    const file = await editedCopy({
      'campaign.yaml': (t) => t.replace('  parents:\n    de: junge Eltern\n', '  parents:\n'),
    });
    const r = await klartextIn(['validate', file], { env: EXAMPLE_ENV });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/segments\.csv:3:1: warning: segment 'young-parents': none of its tags \(parents\)/);
    expect(r.stdout).toBe('OK: 7 segments, 17 claims, 3 channels. 1 warning.');
  });

  it('puts problems and warnings in the JSON document with --json', async () => {
    const file = await editedCopy({
      'segments.csv': (t) => t.replace('"pregnancy;safety;child-protection"', '"pregnancy;travel"'),
    });
    const r = await klartextIn(['validate', file, '--json'], { env: EXAMPLE_ENV });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { ok: boolean; problems: object[]; warnings: object[] };
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        file: file.replace('campaign.yaml', 'segments.csv'),
        line: 4,
        column: 1,
        message: expect.stringMatching(
          /^segment 'pregnant': no current claim in 'de' answers its concern 'travel'/,
        ) as unknown,
      },
    ]);
    expect(result.warnings).toHaveLength(1);
  });
});
