// ffmpeg resolution order with fake binaries: KLARTEXT_FFMPEG_PATH, PATH, the project cache's PyPI build, npm last.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, RenderError } from '../../../shared/errors.ts';
import { cachedFfmpeg, ffmpegInfo, filterScriptArgs, findFfmpeg } from '../../../video/render/ffmpeg.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'klartext-ffmpeg-resolution-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A shell script answering `-version` as an ffmpeg of `version` with the given libavutil major would. */
async function fakeFfmpeg(dir: string, name: string, version: string, libavutil = 61): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(
    path,
    `#!/bin/sh\necho "${name.startsWith('ffprobe') ? 'ffprobe' : 'ffmpeg'} version ${version} Copyright (c) the FFmpeg developers"\n` +
      `echo "libavutil      ${libavutil}.  1.100 / ${libavutil}.  1.100"\n`,
  );
  await chmod(path, 0o755);
  return path;
}

/** The layout pip gives imageio-ffmpeg in `<cacheDir>/ffmpeg-venv`. */
async function fakeCache(cacheDir: string, version: string): Promise<string> {
  const binaries = join(cacheDir, 'ffmpeg-venv', 'lib', 'python3.11', 'site-packages', 'imageio_ffmpeg', 'binaries');
  return fakeFfmpeg(binaries, `ffmpeg-linux-x86_64-v${version}`, version);
}

async function scenario(name: string) {
  const dir = join(root, name);
  return {
    explicit: await fakeFfmpeg(join(dir, 'explicit'), 'ffmpeg', '8.0-explicit'),
    onPath: await fakeFfmpeg(join(dir, 'system'), 'ffmpeg', '7.1.1-system'),
    cacheDir: join(dir, 'cache'),
    cached: await fakeCache(join(dir, 'cache'), '9.0.2'),
    npm: { ffmpeg: await fakeFfmpeg(join(dir, 'npm'), 'ffmpeg', 'N-47683-static', 56) },
    empty: join(dir, 'empty'),
  };
}

const silent = () => undefined;

describe('findFfmpeg', () => {
  it('prefers KLARTEXT_FFMPEG_PATH over everything else', async () => {
    const s = await scenario('explicit');
    const found = findFfmpeg({
      env: { KLARTEXT_FFMPEG_PATH: s.explicit, PATH: join(s.onPath, '..') },
      cacheDir: s.cacheDir,
      npm: s.npm,
      warn: silent,
    });
    expect(found).toMatchObject({ ffmpeg: s.explicit, version: '8.0-explicit', via: 'KLARTEXT_FFMPEG_PATH' });
  });

  it('takes the system ffmpeg on PATH before the project cache', async () => {
    const s = await scenario('path');
    const found = findFfmpeg({ env: { PATH: join(s.onPath, '..') }, cacheDir: s.cacheDir, npm: s.npm, warn: silent });
    expect(found).toMatchObject({ ffmpeg: s.onPath, version: '7.1.1-system', via: 'PATH' });
  });

  it('takes the ffmpeg beside it as ffprobe when the system has both', async () => {
    const s = await scenario('probe-beside');
    const ffprobe = await fakeFfmpeg(join(s.onPath, '..'), 'ffprobe', '7.1.1-system');
    const found = findFfmpeg({ env: { PATH: join(s.onPath, '..') }, cacheDir: s.cacheDir, npm: s.npm, warn: silent });
    expect(found.ffprobe).toBe(ffprobe);
  });

  it("takes imageio-ffmpeg's build from the project cache when PATH has none", async () => {
    const s = await scenario('cache');
    const warnings: string[] = [];
    const found = findFfmpeg({
      env: { PATH: s.empty },
      cacheDir: s.cacheDir,
      npm: s.npm,
      warn: (l) => warnings.push(l),
    });
    expect(found).toMatchObject({ ffmpeg: s.cached, version: '9.0.2', via: 'project-cache' });
    expect(cachedFfmpeg(s.cacheDir)).toBe(s.cached);
    expect(warnings).toEqual([]);
  });

  it('falls back to the npm build last, with a warning naming its version', async () => {
    const s = await scenario('npm');
    const warnings: string[] = [];
    const found = findFfmpeg({
      env: { PATH: s.empty },
      cacheDir: join(s.empty, 'no-cache'),
      npm: s.npm,
      warn: (l) => warnings.push(l),
    });
    expect(found).toMatchObject({ ffmpeg: s.npm.ffmpeg, version: 'N-47683-static', via: 'npm' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/npm-shipped ffmpeg 4\.1 \(N-47683-static/);
    expect(warnings[0]).toContain('KLARTEXT_FFMPEG_PATH');
  });

  it('skips a candidate that does not run', async () => {
    const s = await scenario('broken');
    await writeFile(s.onPath, '#!/bin/sh\nexit 1\n');
    const found = findFfmpeg({ env: { PATH: join(s.onPath, '..') }, cacheDir: s.cacheDir, npm: s.npm, warn: silent });
    expect(found.via).toBe('project-cache');
  });

  it('refuses a KLARTEXT_FFMPEG_PATH that does not run, saying how to fix it', async () => {
    const s = await scenario('bad-explicit');
    const lookup = {
      env: { KLARTEXT_FFMPEG_PATH: join(s.empty, 'nope'), PATH: join(s.onPath, '..') },
      cacheDir: s.cacheDir,
      npm: s.npm,
      warn: silent,
    };
    expect(() => findFfmpeg(lookup)).toThrow(ConfigError);
    expect(() => findFfmpeg(lookup)).toThrow(/KLARTEXT_FFMPEG_PATH=.*nope.*unset it/);
  });

  it('names every way to get an ffmpeg when none runs', async () => {
    const s = await scenario('none');
    const lookup = { env: { PATH: s.empty }, cacheDir: join(s.empty, 'no-cache'), npm: {}, warn: silent };
    expect(() => findFfmpeg(lookup)).toThrow(RenderError);
    expect(() => findFfmpeg(lookup)).toThrow(/PATH.*KLARTEXT_FFMPEG_PATH.*imageio-ffmpeg.*npm install/s);
  });
});

describe('filterScriptArgs', () => {
  it('reads the graph with -/filter_complex from ffmpeg 7 on and -filter_complex_script before', async () => {
    const dir = join(root, 'filter-script');
    const current = await fakeFfmpeg(join(dir, 'current'), 'ffmpeg', '9.0.2', 61);
    const old = await fakeFfmpeg(join(dir, 'old'), 'ffmpeg', '4.1', 56);
    expect(filterScriptArgs(current, 'graph.txt')).toEqual(['-/filter_complex', 'graph.txt']);
    expect(filterScriptArgs(old, 'graph.txt')).toEqual(['-filter_complex_script', 'graph.txt']);
  });
});

describe('ffmpegInfo', () => {
  it('states the version and where the ffmpeg came from, never its path', async () => {
    const s = await scenario('info');
    const info = ffmpegInfo(findFfmpeg({ env: { PATH: s.empty }, cacheDir: s.cacheDir, npm: s.npm, warn: silent }));
    expect(info).toEqual({ version: '9.0.2', source: 'imageio-ffmpeg' });
    const npm = findFfmpeg({ env: { PATH: s.empty }, cacheDir: s.empty, npm: s.npm, warn: silent });
    expect(ffmpegInfo(npm)).toEqual({ version: 'N-47683-static', source: 'npm' });
  });
});
