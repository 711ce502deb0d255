// `klartext readability` as campaign staff use it on their own copy: a table, or JSON, with the level's verdict.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { klartextIn } from './run.ts';

const GERMAN = 'Die Grippeimpfung verhindert nicht jede Erkrankung. Sie senkt aber das Risiko, schwer zu erkranken.';

async function textFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(inject('tmpRoot'), 'readability-')), 'copy.txt');
  await writeFile(file, text);
  return file;
}

async function run(argv: string[], stdin?: string): Promise<{ code: number | null; out: string; err: string }> {
  const { code, stdout, stderr } = await klartextIn(['readability', ...argv], { stdin });
  return { code, out: stdout, err: stderr };
}

describe('klartext readability', () => {
  it('prints the scores and each level verdict for a German text', async () => {
    const { code, out } = await run([await textFile(GERMAN), '--lang', 'de']);
    expect(code).toBe(0);
    expect(out).toContain('Readability (de): 2 sentences, 14 words, 27 syllables');
    expect(out).toMatch(/Flesch reading ease \(Amstad\) +60\.18/);
    expect(out).toMatch(/Wiener Sachtextformel +9\.28/);
    expect(out).toMatch(/plain +MISSES .*Wiener Sachtextformel 9\.28 \(target: at most 7\)/);
    expect(out).toMatch(/standard +meets/);
    expect(out).toMatch(/professional +meets +\(no limits\)/);
  });

  it('prints JSON for one level', async () => {
    const { out } = await run([
      await textFile('The cat sat on the mat.'),
      '--lang',
      'en',
      '--level',
      'plain',
      '--json',
    ]);
    expect(JSON.parse(out)).toEqual({
      lang: 'en',
      sentences: 1,
      words: 6,
      syllables: 6,
      scores: { fre: 116.15, fkGrade: -1.45, avgSentenceLength: 6, avgWordLength: 2.83 },
      grade: -1.45,
      targets: [
        {
          level: 'plain',
          met: true,
          checks: [
            { score: 'fre', value: 116.15, min: 65, met: true, by: 0 },
            { score: 'fkGrade', value: -1.45, max: 7, met: true, by: 0 },
          ],
        },
      ],
    });
  });

  it('lists the easy-language rules each sentence breaks for --level easy', async () => {
    const { code, out } = await run([await textFile(GERMAN), '--lang', 'de', '--level', 'easy']);
    expect(code).toBe(0);
    expect(out).toMatch(/easy +MISSES/);
    expect(out).toContain('Easy-language rules: 2 broken');
    expect(out).toContain('avoid negation: "nicht"  in "Die Grippeimpfung verhindert nicht jede Erkrankung."');
    expect(out).toContain('split long compounds: "Grippeimpfung"  in "Die Grippeimpfung');
    const json = JSON.parse(
      (await run([await textFile('Die Impfung schützt Sie.'), '--lang', 'de', '--level', 'easy', '--json'])).out,
    );
    expect(json.easyLanguage).toEqual([]);
  });

  it('reads the text from stdin for -', async () => {
    const { out } = await run(['-', '--lang', 'de', '--level', 'standard'], GERMAN);
    expect(out).toMatch(/^Readability \(de\): 2 sentences, 14 words/);
  });

  it('uses sentence and word length for Ukrainian', async () => {
    const { out } = await run([
      await textFile('Захист формується приблизно за два тижні.'),
      '--lang',
      'uk',
      '--level',
      'plain',
    ]);
    // Letters: 6 + 10 + 9 + 2 + 3 + 5 = 35 in 6 words.
    expect(out).toContain('Readability (uk): 1 sentence, 6 words');
    expect(out).toMatch(/plain +meets +\(words per sentence 6 \(target: at most 15\); letters per word 5\.83/);
  });

  it('refuses a missing language, an unknown language or level with exit 2, and an unreadable file', async () => {
    const file = await textFile(GERMAN);
    expect(await run([file])).toMatchObject({ code: 2, err: expect.stringMatching(/required option '--lang <lang>'/) });
    expect(await run([file, '--lang', 'fr'])).toMatchObject({
      code: 2,
      err: "klartext: --lang must be one of de, en, tr, uk; got 'fr'. (see 'klartext readability --help')",
    });
    expect(await run([file, '--lang', 'de', '--level', 'simple'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Allowed choices are easy, plain, standard, professional/),
    });
    await expect(run(['/nonexistent/copy.txt', '--lang', 'de'])).rejects.toThrow(
      'cannot read /nonexistent/copy.txt (ENOENT)',
    );
  });
});
