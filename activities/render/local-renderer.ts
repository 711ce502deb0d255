// The `local` video renderer: an H.264/AAC explainer MP4 and WebVTT captions from an approved script, via ffmpeg.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderError } from '../../shared/errors.ts';
import type { Branding, Script } from '../../shared/types.ts';
import { buildCaptionsVtt, sceneTimeline } from './captions.ts';
import { runFfmpeg } from './ffmpeg.ts';
import { buildSlideGraph } from './filter-graph.ts';
import { publishAtomically, sha256File, writeFileAtomically } from './files.ts';

const FPS = 25;

/** Input of `renderLocalVideo`; binaries and fonts come from `resolveFfmpeg()` / `resolveFont()`. */
export interface RenderLocalVideoInput {
  script: Script;
  branding: Branding;
  width: number;
  height: number;
  /** Directory receiving `video.mp4` and `captions.vtt` (created if missing). */
  outDir: string;
  ffmpeg: string;
  fontFile: string;
  boldFontFile: string;
  /** Aborts the ffmpeg process, e.g. on activity cancellation. */
  signal?: AbortSignal;
}

/** Paths and facts of a finished render. */
export interface RenderLocalVideoResult {
  videoPath: string;
  durationSeconds: number;
  captionsPath: string;
  /** SHA-256 (hex) of the MP4 bytes. */
  sha256: string;
}

/**
 * Renders one slide per scene plus an end card, with a permanent AI label, into `outDir/video.mp4`
 * (H.264 yuv420p + AAC, faststart) and writes `outDir/captions.vtt`. Both appear atomically under their final
 * names, so a killed render never leaves a half-written video behind.
 * @throws RenderError when the size or script cannot be rendered, or ffmpeg rejects the job.
 */
export async function renderLocalVideo(input: RenderLocalVideoInput): Promise<RenderLocalVideoResult> {
  const { script, width, height, outDir } = input;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width % 2 || height % 2 || width < 320 || height < 320) {
    throw new RenderError(`Video size ${width}x${height} is invalid: use even integers of at least 320`);
  }
  const timeline = sceneTimeline(script);
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'klartext-render-'));
  try {
    const { graph, textFiles } = buildSlideGraph({
      script,
      branding: input.branding,
      width,
      height,
      fps: FPS,
      fonts: { regular: input.fontFile, bold: input.boldFontFile },
      timeline,
      textDir: work,
    });
    await Promise.all(textFiles.map((f) => writeFile(f.path, f.content)));
    const graphFile = join(work, 'graph.txt');
    await writeFile(graphFile, graph);

    const videoPath = join(outDir, 'video.mp4');
    await publishAtomically(videoPath, async (temp) => {
      // prettier-ignore
      const args = [
        '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
        '-filter_complex_script', graphFile, '-map', '[v]', '-map', '[a]',
        '-t', String(timeline.totalSeconds),
        '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '21', '-pix_fmt', 'yuv420p', '-r', String(FPS),
        // The audio track is silence for now; narration arrives with the TTS provider and replaces `[a]`.
        '-c:a', 'aac', '-b:a', '96k', '-ar', '48000',
        '-movflags', '+faststart', '-f', 'mp4', temp,
      ];
      await runFfmpeg(input.ffmpeg, args, input.signal ? { signal: input.signal } : {});
    });

    const captionsPath = join(outDir, 'captions.vtt');
    await writeFileAtomically(captionsPath, buildCaptionsVtt(script));
    return { videoPath, durationSeconds: timeline.totalSeconds, captionsPath, sha256: await sha256File(videoPath) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
