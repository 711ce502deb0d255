// `klartext segments build` on broken and surprising files, as a user meets it: one clear error naming file:line,
// every problem at once, rejected rows located, and never a respondent's value in any output.
import { readdir, readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { klartext } from './run.ts';

const NAME = 'Erika Musterfrau';

async function workdir(): Promise<string> {
  return mkdtemp(join(inject('tmpRoot'), 'segerr-'));
}

/** Everything a run left behind: its stdout, stderr and every file in its folder. */
async function everything(dir: string, ran: { stdout: string; stderr: string }): Promise<string> {
  const files = await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), 'latin1')));
  return [ran.stdout, ran.stderr, ...files].join('\n');
}

// A small synthetic survey unlike the HPS: semicolon-separated, a BOM, German column names, an age in years, a list
// of reasons in one column, a Likert item and a decimal weight.
const SURVEY_SPEC = `language: de
k: 5
l: 1
weight: GEWICHT
drop: [LFDNR]
missingCodes: [-9]
dimensions:
  age:
    column: ALTER
    bands: [{ label: 18-39, min: 18, below: 40 }, { label: 40+, min: 40 }]
  sex: { column: GESCHLECHT, map: { 1: maennlich, 2: weiblich, 3: divers } }
  region:
    column: LAND
    map: { 1: nord, 2: nord, 3: sued, 4: sued }
concerns:
  vocabulary: { nebenwirkungen: Nebenwirkungen, termin: Kein Termin, vertrauen: Wenig Vertrauen }
  sources:
    - { type: list, column: GRUENDE, separator: '|', values: { NW: nebenwirkungen, TM: termin } }
    - { type: likert, columns: { MISSTRAUEN: vertrauen }, scale: { min: 1, max: 5 }, threshold: 4 }
`;

function surveyRows(n: number, row: (i: number) => string[] = surveyRow): string {
  const header = 'LFDNR;ALTER;GESCHLECHT;LAND;GRUENDE;MISSTRAUEN;GEWICHT';
  return '\uFEFF' + [header, ...Array.from({ length: n }, (_, i) => row(i).join(';'))].join('\r\n') + '\r\n';
}

function surveyRow(i: number): string[] {
  const reasons = ['NW', 'TM', 'NW|TM', '', '-9'][i % 5] as string;
  return [String(1000 + i), String(20 + ((i * 7) % 60)), String(1 + (i % 2)), String(1 + (i % 4)), reasons];
}

const full = (i: number) => [...surveyRow(i), String(1 + (i % 5)), (0.5 + (i % 3) * 0.25).toFixed(2)];

async function survey(dir: string, rows: string, spec = SURVEY_SPEC) {
  const csv = join(dir, 'umfrage.csv');
  const yaml = join(dir, 'spec.yaml');
  await writeFile(csv, rows, 'utf8');
  await writeFile(yaml, spec);
  return { csv, yaml };
}

describe('klartext segments build on a second, non-HPS survey', () => {
  it('segments a semicolon-separated survey with a list column, a Likert item and decimal weights', async () => {
    const dir = await workdir();
    const { csv, yaml } = await survey(dir, surveyRows(200, full));
    const out = join(dir, 'segments.json');
    const ran = await klartext(['segments', 'build', csv, '--spec', yaml, '--out', out]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/rows read 200, filtered 0, rejected 0, used 200/);
    const { pipeline } = JSON.parse(await readFile(out, 'utf8')) as { pipeline: { language: string }[] };
    expect(pipeline.length).toBeGreaterThan(1);
    expect(pipeline.every((p) => p.language === 'de')).toBe(true);
  });

  it('stops on an answer the spec does not list, naming line, column, code, key and rows; reject-row lists lines', async () => {
    const dir = await workdir();
    // From line 41 on, every tenth respondent has 4 ("no answer") in GESCHLECHT, a code the spec never mentions.
    const rows = surveyRows(200, (i) => {
      const cells = full(i);
      if (i >= 39 && i % 10 === 9) cells[2] = '4';
      return cells;
    });
    const { csv, yaml } = await survey(dir, rows);
    const stopped = await klartext(['segments', 'build', csv, '--spec', yaml]);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toContain(
      `${csv}:41:9: column GESCHLECHT holds code 4 in 17 rows, which dimensions.sex.map does not cover; add it to dimensions.sex.map`,
    );
    await writeFile(yaml, `unknown: reject-row\n${SURVEY_SPEC}`);
    const report = join(dir, 'report.json');
    const rejecting = await klartext(['segments', 'build', csv, '--spec', yaml, '--report', report]);
    expect(rejecting.code).toBe(0);
    expect(rejecting.stdout).toContain('rejected rows, first lines: unknown-code 41, 51, 61, 71, 81');
    expect(rejecting.stdout).toContain(
      'unknown code 4 in GESCHLECHT (dimensions.sex.map, unknown: reject-row → row rejected): 17 rows, first lines 41, 51, 61, 71, 81',
    );
    const written = JSON.parse(await readFile(report, 'utf8'));
    expect(written.rejected['unknown-code']).toBe(17);
    expect(written.located.unknownCodes[0]).toMatchObject({ column: 'GESCHLECHT', code: '4', rows: 17 });
  });

  it('locates rows with a bad weight or text in a numeric column', async () => {
    const dir = await workdir();
    const rows = surveyRows(60, (i) => {
      const cells = full(i);
      if (i === 5) cells[6] = '-1';
      if (i === 6) cells[6] = 'NaN';
      if (i === 7) cells[1] = 'vierzig';
      return cells;
    });
    const { csv, yaml } = await survey(dir, rows, `unknown: reject-row\n${SURVEY_SPEC}`);
    const ran = await klartext(['segments', 'build', csv, '--spec', yaml]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('rejected 3 (unknown-code 1, bad-weight 2)');
    expect(ran.stdout).toContain('rejected rows, first lines: unknown-code 9; bad-weight 7, 8');
    expect(ran.stdout).toContain('unknown a value that is not a code in ALTER (dimensions.age.bands');
    expect(ran.stdout).not.toContain('vierzig');
  });

  it('names every missing column at once, each with the spec key naming it', async () => {
    const dir = await workdir();
    const rows = surveyRows(20, full).replace('GESCHLECHT', 'SEX').replace('MISSTRAUEN', 'misstrauen');
    const { csv, yaml } = await survey(dir, rows);
    const ran = await klartext(['segments', 'build', csv, '--spec', yaml]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(`${csv}:1:1: the header lacks 2 columns the segmentation spec names`);
    expect(ran.stderr).toContain("'GESCHLECHT' (named in dimensions.sex.column)");
    expect(ran.stderr).toContain(
      "'MISSTRAUEN' (named in concerns.sources[1].columns.MISSTRAUEN) — the header has 'misstrauen'",
    );
  });

  it('explains a file too small to publish any segment, with k and the rows used, and exits 1', async () => {
    const dir = await workdir();
    const { csv, yaml } = await survey(dir, surveyRows(4, full));
    const ran = await klartext(['segments', 'build', csv, '--spec', yaml]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `${csv}: no segment can be published: only 4 of 4 rows could be used (filtered 0, rejected 0), fewer than k = 5 respondents`,
    );
  });

  it('asks for the survey language instead of assuming one', async () => {
    const dir = await workdir();
    const { csv, yaml } = await survey(dir, surveyRows(60, full), SURVEY_SPEC.replace('language: de\n', ''));
    const ran = await klartext(['segments', 'build', csv, '--spec', yaml]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/does not say which language the survey is in.*add `language: en`/);
  });
});

describe('klartext segments build never shows a respondent value', () => {
  const broken: [string, (rows: string[]) => string[]][] = [
    ['a stray quote', (rows) => rows.with(3, `1003;33;1;2;"${NAME} said "no";2;1.0`)],
    ['an unclosed quote', (rows) => rows.with(3, `1003;33;1;2;"${NAME};2;1.0`)],
    ['a row with too many cells', (rows) => rows.with(3, `1003;33;1;2;${NAME};x;2;1.0`)],
    ['the name in a coded column', (rows) => rows.with(3, `1003;33;${NAME};2;NW;2;1.0`)],
    ['the name as the weight', (rows) => rows.with(3, `1003;33;1;2;NW;2;${NAME}`)],
  ];
  for (const [what, breakIt] of broken) {
    it(`refuses or rejects ${what} without the planted name in stdout, stderr or any file`, async () => {
      const dir = await workdir();
      const lines = surveyRows(40, full).split('\r\n');
      const { csv, yaml } = await survey(dir, breakIt(lines).join('\r\n'));
      const args = ['segments', 'build', csv, '--spec', yaml, '--out', join(dir, 'out.json')];
      const ran = await klartext([...args, '--report', join(dir, 'report.json')]);
      // A debug run prints the stack of klartext's own error; csv-parse's error (which quotes the cell) is not its cause.
      const debug = await klartext([...args, '--report', join(dir, 'debug-report.json')], {
        env: { KLARTEXT_DEBUG: '1' },
      });
      const input = await readFile(csv, 'latin1');
      for (const run of [ran, debug]) {
        const seen = (await everything(dir, run)).replace(input, '');
        expect(seen).not.toContain('Musterfrau');
        expect(run.stderr).not.toMatch(/CsvError|csv-parse|field:/);
      }
      if (ran.code !== 0) {
        expect(ran.stderr).toContain(`${csv}:4:`);
        expect(ran.stderr).not.toMatch(/^\s+at /m);
      }
    });
  }

  it('refuses a binary file as not a text table, with the byte offset', async () => {
    const dir = await workdir();
    const { csv, yaml } = await survey(dir, '');
    await writeFile(csv, Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00'), Buffer.from(NAME)]));
    const ran = await klartext(['segments', 'build', csv, '--spec', yaml]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(`klartext: ${csv}: not a text table: a control byte`);
    expect(ran.stderr).toContain('at byte offset 4');
    expect(ran.stderr).not.toContain('Musterfrau');
  });

  it('refuses a NUL byte deep in an otherwise good file, with its byte offset', async () => {
    const dir = await workdir();
    const text = surveyRows(3000, full);
    const at = text.length - 20;
    const { csv, yaml } = await survey(dir, text.slice(0, at) + '\0' + text.slice(at + 1));
    const ran = await klartext(['segments', 'build', csv, '--spec', yaml]);
    expect(ran.code).toBe(1);
    // The BOM is three bytes in UTF-8 and one character in the string.
    expect(ran.stderr).toContain(
      `not a text table: a control byte (NUL or another one binary files hold, never CSV text) at byte offset ${at + 2}`,
    );
  });
});
