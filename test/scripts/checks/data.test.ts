import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { checksData, DATA_DIR, loadChecksData } from '../../../scripts/checks/data.ts';
import { InputError } from '../../../shared/errors.ts';

async function copyWith(file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(inject('tmpRoot'), 'checks-data-'));
  await cp(DATA_DIR, dir, { recursive: true });
  await writeFile(join(dir, file), edit(await readFile(join(dir, file), 'utf8')));
  return dir;
}

function loadError(dir: string): string {
  try {
    loadChecksData(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError');
}

describe('loadChecksData', () => {
  it('loads the shipped lists for de, en, tr and uk once', () => {
    const data = checksData();
    expect(data.languages).toEqual(['de', 'en', 'tr', 'uk']);
    expect(checksData()).toBe(data);
    for (const lang of data.languages) {
      expect(data.wording[lang]?.length).toBeGreaterThan(10);
      expect(data.grounding[lang]?.terms.length).toBeGreaterThan(10);
      expect(data.speech.wordsPerSecond[lang]).toBeDefined();
      expect(data.targets.languages[lang]).toBeDefined();
    }
  });

  it('names file, line and column of an invalid entry', async () => {
    const dir = await copyWith('wording/de.yaml', (t) => t.replace('category: fear-appeal', 'category: scary'));
    const message = loadError(dir);
    expect(message).toMatch(/wording\/de\.yaml:\d+:15: entries\.\d+\.category: /);
    expect(message).toContain('fix this data file');
  });

  it('names file, line and column of a YAML syntax error', async () => {
    const dir = await copyWith('readability-targets.yaml', (t) => t.replace('fre: { min: 60 }', 'fre: { min: 60'));
    expect(loadError(dir)).toMatch(/readability-targets\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('points at the parent of a missing key', async () => {
    const dir = await copyWith('speech-rates.yaml', (t) => t.replace(/^tolerance: .*\n/m, ''));
    expect(loadError(dir)).toMatch(/speech-rates\.yaml:\d+:1: tolerance: /);
  });

  it('refuses a language with a wording list but no medical terms', async () => {
    const dir = await copyWith('wording/de.yaml', (t) => t);
    await rm(join(dir, 'medical-terms', 'uk.yaml'));
    expect(loadError(dir)).toMatch(/medical-terms\/uk\.yaml:1:1: missing/);
  });
});
