// The launcher and the packed package: `klartext` runs from any folder, on an old system Node and when installed.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findOnPath } from '../../video/render/tts.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'autumn-vaccination-2026');
const VERSION = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The example's channels read these; any values of the right shape do for validation. */
const EXAMPLE_ENV = {
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'kft_example-feed-token-for-tests-0123456789',
};
/** PATH without any node_modules/.bin, so `node` is the machine's own (Node 20 on our machines), as a user has it. */
const USER_PATH = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => !dir.includes('node_modules'))
  .join(delimiter);
const SYSTEM_NODE = findOnPath('node', USER_PATH) ?? process.execPath;

/** Runs a command; resolves with its exit code and output whatever the code. */
async function sh(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { encoding: 'utf8', timeout: 240_000, ...options });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function campaignFolder(): Promise<string> {
  const dir = await mkdtemp(join(inject('tmpRoot'), 'my-campaign-'));
  await cp(EXAMPLE, dir, { recursive: true });
  return dir;
}

describe('bin/klartext.js', () => {
  it('hands over to the pinned Node when the running Node cannot strip types', async () => {
    const r = await sh(process.execPath, [
      '--no-experimental-strip-types',
      join(ROOT, 'bin', 'klartext.js'),
      '--version',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.code).toBe(0);
  });

  it('says what to do, in one line, when it cannot hand over', async () => {
    const root = await mkdtemp(join(inject('tmpRoot'), 'no-pinned-node-'));
    await mkdir(join(root, 'bin'));
    await cp(join(ROOT, 'bin', 'klartext.js'), join(root, 'bin', 'klartext.js'));
    await writeFile(join(root, 'package.json'), JSON.stringify({ type: 'module', engines: { node: '>=22.12' } }));
    const r = await sh(process.execPath, [
      '--no-experimental-strip-types',
      join(root, 'bin', 'klartext.js'),
      'validate',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/needs Node\.js 22\.18 or later .*run `npm install` in /);
  });

  it('validates a campaign folder outside the checkout through npx --prefix, on the machine Node', async () => {
    const dir = await campaignFolder();
    const npx = findOnPath('npx', USER_PATH) ?? 'npx';
    const r = await sh(npx, ['--prefix', ROOT, 'klartext', 'validate', 'campaign.yaml'], {
      cwd: dir,
      env: { ...process.env, ...EXAMPLE_ENV, PATH: USER_PATH },
    });
    expect(r.stdout).toMatch(/^OK: 7 segments, 17 claims, 3 channels\./);
    expect(r.code).toBe(0);
  });
});

describe('the packed package', () => {
  let installed: string;
  beforeAll(async () => {
    const work = await mkdtemp(join(inject('tmpRoot'), 'pack-'));
    const packed = await sh('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT });
    expect(packed.code, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((f) => f.path);
    expect(paths).toContain('bin/klartext.js');
    expect(paths.filter((p) => p.startsWith('test/') || p.startsWith('.data/'))).toEqual([]);
    installed = join(work, 'consumer');
    await mkdir(installed);
    // npm 12 runs no dependency's install script unless allowed: klartext's pinned Node and ffmpeg need theirs.
    const { allowScripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { allowScripts: object };
    await writeFile(join(installed, 'package.json'), JSON.stringify({ name: 'consumer', private: true, allowScripts }));
    // The registry is reachable, but the cache from this checkout's own install has every package already.
    const install = await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, filename)], {
      cwd: installed,
    });
    expect(install.code, install.stderr).toBe(0);
  }, 300_000);

  it('prints its version from an empty directory on the machine Node', async () => {
    const r = await sh(SYSTEM_NODE, [join(installed, 'node_modules', '.bin', 'klartext'), '--version'], {
      cwd: inject('tmpRoot'),
      env: { ...process.env, PATH: USER_PATH },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('validates the example from a campaign folder, on the machine Node and on Node 24', async () => {
    const dir = await campaignFolder();
    const bin = join(installed, 'node_modules', '.bin', 'klartext');
    for (const node of [SYSTEM_NODE, process.execPath]) {
      const r = await sh(node, [bin, 'validate', 'campaign.yaml'], {
        cwd: dir,
        env: { ...process.env, ...EXAMPLE_ENV, PATH: USER_PATH },
      });
      expect(r.stderr, node).toBe('');
      expect(r.stdout, node).toMatch(/^OK: 7 segments, 17 claims, 3 channels\./);
      expect(r.code, node).toBe(0);
    }
  });
});
