// Finding and running ffmpeg/ffprobe (npm-shipped binaries first, PATH second) and the bundled DejaVu fonts.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RenderError } from '../../shared/errors.ts';

const require = createRequire(import.meta.url);
const STDERR_TAIL_CHARS = 4000;

/** Paths of the ffmpeg and ffprobe executables to run. */
export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

/** What `probe` reports about a media file. */
export interface ProbeResult {
  durationSeconds: number;
  width: number;
  height: number;
  videoCodec: string;
  audioCodec?: string;
}

/** Font files for slide text; DejaVu covers Latin (incl. Turkish) and Cyrillic (incl. Ukrainian). */
export interface FontFiles {
  regular: string;
  bold: string;
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

function runs(bin: string): boolean {
  const result = spawnSync(bin, ['-version'], { stdio: 'ignore', timeout: 15_000 });
  return result.status === 0;
}

function pick(name: 'ffmpeg' | 'ffprobe', installerPackage: string): string {
  const candidates = [installerBinary(installerPackage), name].filter((c): c is string => c !== undefined);
  const found = candidates.find(runs);
  if (found) return found;
  throw new RenderError(
    `No working ${name} found (tried ${candidates.join(', ')}). Run \`npm install\` so ${installerPackage} ships ` +
      `its binary, or install ${name} on PATH (e.g. \`apt-get install ffmpeg\`).`,
  );
}

/**
 * Locates ffmpeg and ffprobe: the binaries from `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe`,
 * else `ffmpeg`/`ffprobe` on PATH. The result is cached for the process.
 * @throws RenderError when neither works, saying how to fix it.
 */
export function resolveFfmpeg(): FfmpegBinaries {
  resolved ??= {
    ffmpeg: pick('ffmpeg', '@ffmpeg-installer/ffmpeg'),
    ffprobe: pick('ffprobe', '@ffprobe-installer/ffprobe'),
  };
  return resolved;
}

/**
 * Resolves DejaVuSans.ttf and DejaVuSans-Bold.ttf from the `dejavu-fonts-ttf` package.
 * @throws RenderError when the package or a font file is missing.
 */
export function resolveFont(): FontFiles {
  let dir: string;
  try {
    dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  } catch (cause) {
    throw new RenderError('Font package dejavu-fonts-ttf is not installed; run `npm install`.', { cause });
  }
  const fonts = { regular: join(dir, 'DejaVuSans.ttf'), bold: join(dir, 'DejaVuSans-Bold.ttf') };
  for (const file of Object.values(fonts)) {
    if (!existsSync(file)) throw new RenderError(`Font file ${file} is missing; reinstall dejavu-fonts-ttf.`);
  }
  return fonts;
}

/**
 * Runs an ffmpeg-family binary without a shell. Resolves on exit code 0.
 * @throws RenderError on a non-zero exit (with the tail of stderr), since the same input fails again;
 *   a plain Error when the process was killed by a signal (retryable); the signal's reason when aborted.
 */
export function runFfmpeg(bin: string, args: string[], options: { signal?: AbortSignal } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (error) => {
      if (options.signal?.aborted) reject(options.signal.reason ?? error);
      else reject(new RenderError(`Could not start ${bin}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      if (options.signal?.aborted) reject(options.signal.reason);
      else if (code === 0) resolve(stdout);
      else if (signal) reject(new Error(`${bin} was killed by ${signal}:\n${stderr.trim()}`));
      else reject(new RenderError(`${bin} exited with code ${code}:\n${stderr.trim()}`));
    });
  });
}

interface FfprobeJson {
  format?: { duration?: string };
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; duration?: string }[];
}

/** Reads duration, frame size and codecs of a media file with ffprobe. */
export async function probe(ffprobe: string, file: string): Promise<ProbeResult> {
  const out = await runFfmpeg(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]);
  const json = JSON.parse(out) as FfprobeJson;
  const video = json.streams?.find((s) => s.codec_type === 'video');
  const audio = json.streams?.find((s) => s.codec_type === 'audio');
  if (!video?.codec_name) throw new RenderError(`${file} has no video stream`);
  return {
    durationSeconds: Number(json.format?.duration ?? video.duration ?? 0),
    width: video.width ?? 0,
    height: video.height ?? 0,
    videoCodec: video.codec_name,
    ...(audio?.codec_name ? { audioCodec: audio.codec_name } : {}),
  };
}
