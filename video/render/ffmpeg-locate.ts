// Which ffmpeg to run: KLARTEXT_FFMPEG_PATH, PATH, the project cache's PyPI build, the npm 4.1 build last.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { ConfigError, RenderError } from '../../shared/errors.ts';
import type { FfmpegInfo } from '../../shared/manifest.ts';

const require = createRequire(import.meta.url);

/** The npm package whose ffmpeg (4.1, from 2018) is only the last resort. */
export const NPM_FFMPEG_PACKAGE = '@ffmpeg-installer/ffmpeg';
/** The project cache's venv that holds PyPI's imageio-ffmpeg (installed by dev/ffmpeg-binary.ts). */
export const FFMPEG_VENV = 'ffmpeg-venv';

/** Where the ffmpeg in use came from, in the order they are tried. */
export type FfmpegSource = 'KLARTEXT_FFMPEG_PATH' | 'PATH' | 'project-cache' | 'npm';

/** Paths of the ffmpeg and ffprobe executables to run, and which ffmpeg it is. */
export interface FfmpegBinaries {
  ffmpeg: string;
  /** ffprobe beside the chosen ffmpeg, else on PATH, else the npm build; only tests and tools probe files. */
  ffprobe: string;
  /** What `ffmpeg -version` names itself, e.g. `n9.0.2-17-g2a571b6068-20260930` or `7.1.1`. */
  version: string;
  via: FfmpegSource;
}

/** Where to look: the environment (KLARTEXT_FFMPEG_PATH, PATH) and the project cache directory. */
export interface FfmpegLookup {
  env?: NodeJS.ProcessEnv;
  /** Default: KLARTEXT_CACHE_DIR resolved against the working directory, else `.cache` (as config/config.ts). */
  cacheDir?: string;
  /** The npm build's ffmpeg and ffprobe; default: the installed `@ffmpeg-installer`/`@ffprobe-installer` binaries. */
  npm?: { ffmpeg?: string; ffprobe?: string };
  /** Told once when only the npm 4.1 build was found; default: console.warn. */
  warn?: (line: string) => void;
}

let resolved: FfmpegBinaries | undefined;

/** The installer package's binary path, made executable if npm skipped its chmod postinstall; undefined if absent. */
function installerBinary(packageName: string): string | undefined {
  let path: string;
  try {
    path = (require(packageName) as { path: string }).path;
  } catch {
    return undefined; // unsupported platform or optional dependency not installed (the package throws a string)
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    try {
      chmodSync(path, 0o755);
    } catch {
      return undefined; // read-only install: fall back to PATH
    }
  }
  return path;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The version an ffmpeg-family binary prints (`ffmpeg version 7.1.1 …`), or undefined when it does not run. */
export function binaryVersion(bin: string): string | undefined {
  const result = spawnSync(bin, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.status !== 0) return undefined;
  return /^\S+ version (\S+)/m.exec(result.stdout)?.[1] ?? 'unknown';
}

/** The ffmpeg binary of imageio-ffmpeg's wheel in the project cache's venv, or undefined when not installed. */
export function cachedFfmpeg(cacheDir: string): string | undefined {
  const lib = join(cacheDir, FFMPEG_VENV, process.platform === 'win32' ? 'Lib' : 'lib');
  const sitePackages = process.platform === 'win32' ? [join(lib, 'site-packages')] : pythonDirs(lib);
  for (const site of sitePackages) {
    const binaries = join(site, 'imageio_ffmpeg', 'binaries');
    const file = existsSync(binaries) ? readdirSync(binaries).find((f) => f.startsWith('ffmpeg-')) : undefined;
    if (file && (isExecutable(join(binaries, file)) || makeExecutable(join(binaries, file)))) {
      return join(binaries, file);
    }
  }
  return undefined;
}

function pythonDirs(lib: string): string[] {
  if (!existsSync(lib)) return [];
  return readdirSync(lib)
    .filter((d) => d.startsWith('python'))
    .map((d) => join(lib, d, 'site-packages'));
}

function makeExecutable(path: string): boolean {
  try {
    chmodSync(path, 0o755);
    return true;
  } catch {
    return false;
  }
}

function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return resolve(env.KLARTEXT_CACHE_DIR || '.cache');
}

/**
 * Finds ffmpeg in this order: KLARTEXT_FFMPEG_PATH, `ffmpeg` on PATH, imageio-ffmpeg's static build in the project
 * cache, and only then the npm 4.1 build, with a warning naming its version. Installs nothing (see dev/ffmpeg-binary.ts).
 * @throws ConfigError when KLARTEXT_FFMPEG_PATH is set but does not run; RenderError when no ffmpeg runs at all.
 */
export function findFfmpeg(lookup: FfmpegLookup = {}): FfmpegBinaries {
  const env = lookup.env ?? process.env;
  const cacheDir = resolve(lookup.cacheDir ?? defaultCacheDir(env));
  const npm = lookup.npm ?? {
    ffmpeg: installerBinary(NPM_FFMPEG_PACKAGE),
    ffprobe: installerBinary('@ffprobe-installer/ffprobe'),
  };
  const withProbe = (ffmpeg: string, version: string, via: FfmpegSource): FfmpegBinaries => ({
    ffmpeg,
    ffprobe: findFfprobe(ffmpeg, env, npm.ffprobe),
    version,
    via,
  });

  const explicit = env.KLARTEXT_FFMPEG_PATH;
  if (explicit) {
    const version = isExecutable(explicit) ? binaryVersion(explicit) : undefined;
    if (!version) {
      throw new ConfigError(
        `KLARTEXT_FFMPEG_PATH=${explicit} is not an ffmpeg that runs (\`${explicit} -version\` failed). ` +
          'Point it at an ffmpeg binary or unset it.',
      );
    }
    return withProbe(explicit, version, 'KLARTEXT_FFMPEG_PATH');
  }
  const tried: string[] = [];
  for (const [path, via] of [
    [onPath('ffmpeg', env.PATH), 'PATH'],
    [cachedFfmpeg(cacheDir), 'project-cache'],
  ] as const) {
    if (!path) continue;
    const version = binaryVersion(path);
    if (version) return withProbe(path, version, via);
    tried.push(path);
  }
  const npmVersion = npm.ffmpeg ? binaryVersion(npm.ffmpeg) : undefined;
  if (npm.ffmpeg && npmVersion) {
    (lookup.warn ?? console.warn)(
      `klartext: using the npm-shipped ffmpeg 4.1 (${npmVersion}, from 2018) to render and to decode provider ` +
        `clips; it lacks years of security fixes. Install ffmpeg on PATH, set KLARTEXT_FFMPEG_PATH, or run ` +
        `\`klartext dev\` once with python3 available, which installs a current build into ${join(cacheDir, FFMPEG_VENV)}.`,
    );
    return withProbe(npm.ffmpeg, npmVersion, 'npm');
  }
  if (npm.ffmpeg) tried.push(npm.ffmpeg);
  throw new RenderError(
    `No working ffmpeg found${tried.length > 0 ? ` (tried ${tried.join(', ')})` : ''}. Install ffmpeg on PATH, ` +
      `set KLARTEXT_FFMPEG_PATH, run \`klartext dev\` once with python3 available (it installs PyPI's ` +
      `imageio-ffmpeg into ${join(cacheDir, FFMPEG_VENV)}), or run \`npm install\` so ${NPM_FFMPEG_PACKAGE} ships its binary.`,
  );
}

/** ffprobe beside ffmpeg (a system install has both), else on PATH, else the npm build; imageio-ffmpeg ships none. */
function findFfprobe(ffmpeg: string, env: NodeJS.ProcessEnv, npmFfprobe: string | undefined): string {
  const sibling = join(dirname(ffmpeg), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
  const candidates = [sibling, onPath('ffprobe', env.PATH), npmFfprobe];
  // Nothing in the product probes files; a missing ffprobe fails only the tool that runs it, saying so.
  return candidates.find((c): c is string => c !== undefined && isExecutable(c)) ?? 'ffprobe';
}

/**
 * The ffmpeg this process renders with: `findFfmpeg(lookup)` on the first call, the same result on later calls
 * (a worker resolves it at start with the configured cache directory; activities then call it without arguments).
 * @throws as findFfmpeg.
 */
export function resolveFfmpeg(lookup: FfmpegLookup = {}): FfmpegBinaries {
  resolved ??= findFfmpeg(lookup);
  return resolved;
}

const filterScriptOptions = new Map<string, string>();

/**
 * The options that read a filter graph from `file`: `-/filter_complex` (ffmpeg 7 and later, where
 * `-filter_complex_script` is deprecated; ffmpeg 8 removed it) or `-filter_complex_script` (older, e.g. the npm 4.1).
 * Decided once per binary from its libavutil major version (59 is ffmpeg 7.0).
 */
export function filterScriptArgs(ffmpeg: string, file: string): string[] {
  let option = filterScriptOptions.get(ffmpeg);
  if (!option) {
    const out = spawnSync(ffmpeg, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 15_000 }).stdout ?? '';
    const libavutil = Number(/^libavutil\s+(\d+)\./m.exec(out)?.[1] ?? 0);
    option = libavutil >= 59 ? '-/filter_complex' : '-filter_complex_script';
    filterScriptOptions.set(ffmpeg, option);
  }
  return [option, file];
}

const SOURCES: Record<FfmpegSource, FfmpegInfo['source']> = {
  KLARTEXT_FFMPEG_PATH: 'configured',
  PATH: 'system',
  'project-cache': 'imageio-ffmpeg',
  npm: 'npm',
};

/** What the provenance manifest states about the ffmpeg that encoded a video (its path stays on this machine). */
export function ffmpegInfo(binaries: FfmpegBinaries): FfmpegInfo {
  return { version: binaries.version, source: SOURCES[binaries.via] };
}

/** Forgets the process's resolved ffmpeg, so the next `resolveFfmpeg` looks again (after an install). */
export function forgetResolvedFfmpeg(): void {
  resolved = undefined;
}
