// The command line itself: help on every command, usage errors as one line with exit 2, no stack traces for users.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allCommands, buildProgram } from '../../cli/program.ts';
import { CLI, klartext, type Ran } from './run.ts';

const STACK_FRAME = /^ {4}at /m;
const oneLine = (r: Ran) => r.stderr.endsWith('\n') && r.stderr.trim().split('\n').length === 1;

// Every command in the tree, as the words a user types: a new command is covered without touching this test.
const tree = buildProgram(() => async () => {}, { env: {}, stdin: process.stdin });
const commands = allCommands(tree)
  .slice(1)
  .map((cmd) => {
    const words: string[] = [];
    for (let c: typeof cmd | null = cmd; c?.parent; c = c.parent) words.unshift(c.name());
    return words;
  });

/** Runs all command lines, a few at a time: each is a Node process, and the machine may have two cores. */
async function runAll(lines: string[][], width = 4): Promise<Ran[]> {
  const results: Ran[] = [];
  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const i = next++;
      results[i] = await klartext(lines[i]!);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

describe('klartext command line', () => {
  const help = new Map<string, Ran>();
  const bogus = new Map<string, Ran>();
  beforeAll(async () => {
    const ran = await runAll(
      commands.flatMap((words) => [
        [...words, '--help'],
        [...words, '--bogus'],
      ]),
    );
    commands.forEach((words, i) => {
      help.set(words.join(' '), ran[2 * i]!);
      bogus.set(words.join(' '), ran[2 * i + 1]!);
    });
  }, 120_000);

  it('knows the commands it documents', () => {
    expect(commands.map((w) => w.join(' '))).toEqual(
      expect.arrayContaining(['demo', 'validate', 'review approve', 'channels add', 'segments build', 'whoami']),
    );
  });

  it.each(commands.map((w) => w.join(' ')))('prints help for `%s --help` and exits 0', (line) => {
    const r = help.get(line)!;
    expect(r.stdout).toMatch(new RegExp(`^Usage: klartext ${line} `));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each(commands.map((w) => w.join(' ')))('refuses `%s --bogus` in one line and exits 2', (line) => {
    const r = bogus.get(line)!;
    expect(r.stderr).toBe(`klartext: unknown option '--bogus' (see 'klartext ${line} --help')\n`);
    expect(r.stdout).toBe('');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_FRAME);
    expect(r.code).toBe(2);
  });

  it('prints the overview for --help and the package version for --version, exit 0', async () => {
    const [overview, version] = await Promise.all([klartext(['--help']), klartext(['--version'])]);
    expect(overview).toMatchObject({ code: 0, stderr: '' });
    expect(overview.stdout).toMatch(/^Usage: klartext \[options\] \[command\]/);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('refuses a missing option, unknown command, missing argument or subcommand and bad values in one line, exit 2', async () => {
    const sha = ['review', 'approve', 'flu', 'seniors', '--sha'];
    const runs = await Promise.all([
      klartext(['review', 'approve', 'flu', 'seniors']),
      klartext(['frobnicate']),
      klartext(['validate']),
      klartext(['review']),
      klartext([...sha, '']),
      klartext([...sha, 'abc123']),
      klartext(['review', 'request-changes', 'flu', 'seniors', '--sha', 'a'.repeat(64), '--scene', 'two=x']),
    ]);
    for (const r of runs) {
      expect(oneLine(r)).toBe(true);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.code).toBe(2);
    }
    expect(runs.map((r) => r.stderr.trim())).toEqual([
      "klartext: required option '--sha <sha256>' not specified (see 'klartext review approve --help')",
      "klartext: unknown command 'frobnicate' (see 'klartext --help')",
      "klartext: missing required argument 'campaign.yaml' (see 'klartext validate --help')",
      expect.stringMatching(/^klartext: 'klartext review' needs a command: list, show, approve, /),
      expect.stringMatching(/^klartext: option '--sha <sha256>' argument '' is invalid\. It must be a SHA-256, 64 hex/),
      expect.stringMatching(/argument 'abc123' is invalid/),
      expect.stringMatching(/option '--scene <N=text>' argument 'two=x' is invalid\. It must be N=text/),
    ]);
  });
});

describe('klartext start-up', () => {
  it('loads no Temporal, database driver or worker module for help and usage errors', async () => {
    // Logs every module file the process loads, through Node's synchronous module hooks.
    const tracer = join(inject('tmpRoot'), 'trace-loads.mjs');
    await writeFile(
      tracer,
      `import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) { process.stderr.write('LOAD ' + url + '\\n'); return next(url, context); } });`,
    );
    const loaded = async (args: string[]) =>
      new Promise<string>((resolve) =>
        execFile(process.execPath, ['--import', tracer, CLI, ...args], (_err, _out, stderr) => resolve(stderr)),
      );
    const traces = await Promise.all([loaded(['demo', '--help']), loaded(['review', 'approve', '--bogus'])]);
    for (const trace of traces) {
      expect(trace).toMatch(/LOAD .*cli\/program\.ts/);
      expect(trace).not.toMatch(/@temporalio|node_modules\/(pg|@electric-sql)\/|\/worker\/|\/activities\//);
    }
  });
});

describe('klartext failures', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // An API that answers nonsense: the CLI meets a failure nobody wrote a message for.
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((done) => server.close(done)));

  it('reports an unexpected error in one line without a stack, and with one under KLARTEXT_DEBUG=1', async () => {
    const env = { KLARTEXT_API_URL: url, KLARTEXT_API_TOKEN: 'kt_test', KLARTEXT_DEBUG: undefined };
    const [plain, debug] = await Promise.all([
      klartext(['review', 'list'], { env }),
      klartext(['review', 'list'], { env: { ...env, KLARTEXT_DEBUG: '1' } }),
    ]);
    expect(plain.code).toBe(1);
    expect(oneLine(plain)).toBe(true);
    expect(plain.stderr).toMatch(/^klartext: unexpected error: .+ \(KLARTEXT_DEBUG=1 shows details\)$/m);
    expect(plain.stderr).not.toMatch(STACK_FRAME);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(STACK_FRAME);
  });

  it('says which API it cannot reach instead of `fetch failed`', async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    const down = `http://127.0.0.1:${(closed.address() as { port: number }).port}`;
    await new Promise((done) => closed.close(done));
    const r = await klartext(['claims', 'list', '--json'], {
      env: { KLARTEXT_API_URL: down, KLARTEXT_API_TOKEN: 'kt_test' },
    });
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(
      `klartext: cannot reach the klartext API at ${down} (ECONNREFUSED): is it running, and is the URL right?\n`,
    );
  });
});
