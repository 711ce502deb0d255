// ffmpeg measurements of rendered videos for the render tests: loudness, container tags, dark pixels.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveFfmpeg, runFfmpeg } from '../../../video/render/ffmpeg.ts';

const { ffmpeg, ffprobe } = resolveFfmpeg();

/** Mean volume of the audio track in dB, from ffmpeg's volumedetect filter. */
export async function meanVolume(video: string): Promise<number> {
  const { stderr } = await promisify(execFile)(ffmpeg, ['-i', video, '-vn', '-af', 'volumedetect', '-f', 'null', '-']);
  const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  return match?.[1] === '-inf' || !match ? -Infinity : Number(match[1]);
}

/** Container tags as ffprobe reports them. */
export async function formatTags(video: string): Promise<Record<string, string>> {
  const out = await runFfmpeg(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', video]);
  return (JSON.parse(out) as { format: { tags?: Record<string, string> } }).format.tags ?? {};
}

/** Pixels darker than `threshold` in a region given as fractions of the frame, from a grey frame at `seconds`. */
export async function darkPixels(video: string, seconds: number, region: string, threshold = 40): Promise<number> {
  const { stdout } = await promisify(execFile)(
    ffmpeg,
    [
      '-v',
      'error',
      '-ss',
      String(seconds),
      '-i',
      video,
      '-frames:v',
      '1',
      '-vf',
      `crop=${region}`,
      '-pix_fmt',
      'gray',
      '-f',
      'rawvideo',
      '-',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout.filter((v) => v < threshold).length;
}
