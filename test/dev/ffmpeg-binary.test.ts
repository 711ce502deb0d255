// First-use install of a current ffmpeg: PyPI's imageio-ffmpeg only when nothing better than the npm build is found.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeFfmpeg, ensureFfmpeg, IMAGEIO_FFMPEG_PACKAGE } from '../../dev/ffmpeg-binary.ts';
import { forgetResolvedFfmpeg } from '../../video/render/ffmpeg.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'klartext-ffmpeg-binary-'));
});
afterEach(() => forgetResolvedFfmpeg()); // the tests resolve fakes; later suites must look again
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fakeFfmpeg(dir: string, name: string, version: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\necho "ffmpeg version ${version} Copyright (c) the FFmpeg developers"\n`);
  await chmod(path, 0o755);
  return path;
}

/** Stands in for pip: lays out the wheel's binary where `pip install imageio-ffmpeg` puts it (or fails). */
function fakePip(installs: string[], ok = true) {
  return (cacheDir: string, pkg: string): boolean => {
    installs.push(pkg);
    if (!ok) return false;
    const binaries = join(cacheDir, 'ffmpeg-venv', 'lib', 'python3.11', 'site-packages', 'imageio_ffmpeg', 'binaries');
    mkdirSync(binaries, { recursive: true });
    const path = join(binaries, 'ffmpeg-linux-x86_64-v9.0.2');
    writeFileSync(path, '#!/bin/sh\necho "ffmpeg version 9.0.2 Copyright (c) the FFmpeg developers"\n');
    chmodSync(path, 0o755);
    return true;
  };
}

describe('ensureFfmpeg', () => {
  it('installs imageio-ffmpeg when only the npm build is there, then renders with it', async () => {
    const dir = join(root, 'install');
    const cacheDir = join(dir, 'cache');
    const installs: string[] = [];
    const npm = { ffmpeg: await fakeFfmpeg(join(dir, 'npm'), 'ffmpeg', 'N-47683-static') };
    const lines: string[] = [];
    const env = { PATH: join(dir, 'empty') };
    const found = ensureFfmpeg({ env, cacheDir, npm, log: (l) => lines.push(l), install: fakePip(installs) });
    expect(installs).toEqual([IMAGEIO_FFMPEG_PACKAGE]);
    expect(found).toMatchObject({ via: 'project-cache', version: '9.0.2' });
    expect(describeFfmpeg(found)).toMatch(/^ffmpeg 9\.0\.2 \(project-cache: .*ffmpeg-linux-x86_64-v9\.0\.2\)$/);
    expect(lines.join('\n')).not.toMatch(/npm-shipped/);

    // Once installed, later starts find it and install nothing.
    ensureFfmpeg({ env, cacheDir, npm, log: () => undefined, install: fakePip(installs) });
    expect(installs).toHaveLength(1);
  });

  it('installs nothing when a system ffmpeg is on PATH', async () => {
    const dir = join(root, 'system');
    const system = await fakeFfmpeg(join(dir, 'bin'), 'ffmpeg', '7.1.1');
    const installs: string[] = [];
    const found = ensureFfmpeg({
      env: { PATH: join(dir, 'bin') },
      cacheDir: join(dir, 'cache'),
      npm: {},
      log: () => undefined,
      install: fakePip(installs),
    });
    expect(found).toMatchObject({ ffmpeg: system, via: 'PATH' });
    expect(installs).toEqual([]);
  });

  it('says so and keeps the npm build when the install fails', async () => {
    const dir = join(root, 'failed');
    const npm = { ffmpeg: await fakeFfmpeg(join(dir, 'npm'), 'ffmpeg', 'N-47683-static') };
    const lines: string[] = [];
    const found = ensureFfmpeg({
      env: { PATH: join(dir, 'empty') },
      cacheDir: join(dir, 'cache'),
      npm,
      log: (l) => lines.push(l),
      install: fakePip([], false),
    });
    expect(found.via).toBe('npm');
    expect(lines.some((l) => l.includes(`could not install ${IMAGEIO_FFMPEG_PACKAGE}`))).toBe(true);
  });
});
