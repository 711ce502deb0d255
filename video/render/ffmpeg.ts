// Running ffmpeg and ffprobe, probing media files, and the bundled DejaVu fonts; which ffmpeg: ffmpeg-locate.ts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RenderError } from '../../shared/errors.ts';

export {
  binaryVersion,
  cachedFfmpeg,
  FFMPEG_VENV,
  ffmpegInfo,
  filterScriptArgs,
  findFfmpeg,
  forgetResolvedFfmpeg,
  NPM_FFMPEG_PACKAGE,
  resolveFfmpeg,
  type FfmpegBinaries,
  type FfmpegLookup,
  type FfmpegSource,
} from './ffmpeg-locate.ts';

const require = createRequire(import.meta.url);
const STDERR_TAIL_CHARS = 4000;

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
