// The `local` video renderer: a narrated H.264/AAC explainer MP4 with captions, transcripts and descriptions, via ffmpeg.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderError } from '../../shared/errors.ts';
import type { NarrationInfo } from '../../shared/narration.ts';
import type { Branding, Script } from '../../shared/types.ts';
import { narrationAudioGraph, silentAudioGraph } from './audio-graph.ts';
import { writeBackdropPng } from './backdrop.ts';
import { buildCaptionsVtt } from './captions.ts';
import { filterScriptArgs, runFfmpeg } from './ffmpeg.ts';
import { buildSlideGraph } from './filter-graph.ts';
import { buildFootageGraph } from './footage-graph.ts';
import { publishAtomically, sha256File, writeFileAtomically } from './files.ts';
import { readLogo, writeLogoPng } from './logo.ts';
import { writePictogramPng } from './pictogram.ts';
import { qrPng } from './qr.ts';
import { renditionFileName, type RenditionSpec } from '../../shared/renditions.ts';
import { DIGITAL_SOURCE_TYPES, metadataArgs } from './metadata.ts';
import { narrate } from './narration.ts';
import { buildDescriptionsVtt, buildTranscriptHtml, buildTranscriptText } from './transcript.ts';
import { createTts, type Tts } from './tts.ts';

const FPS = 25;
/**
 * H.264 settings, shared with the benchmark's bare encode. `superfast` because slides are mostly still: it encodes
 * about 1.5x faster than `veryfast` for some 20 % more bytes on these frames, which CRF 21 keeps sharp.
 */
export const VIDEO_CODEC = ['-c:v', 'libx264', '-preset', 'superfast', '-crf', '21', '-pix_fmt', 'yuv420p'] as const;
export const AUDIO_CODEC = ['-c:a', 'aac', '-b:a', '96k', '-ar', '48000'] as const;

/** Input of `renderLocalVideo`; binaries and fonts come from `resolveFfmpeg()` / `resolveFont()`. */
export interface RenderLocalVideoInput {
  script: Script;
  branding: Branding;
  width: number;
  height: number;
  /** Directory receiving the video and its companion files (created if missing). */
  outDir: string;
  ffmpeg: string;
  fontFile: string;
  boldFontFile: string;
  /** Narration engine; default `createTts()` (system espeak-ng when installed, else the npm WebAssembly build). */
  tts?: Tts;
  /** IPTC digital source type for the MP4 metadata; default `trainedAlgorithmicMedia` (see `metadata.ts`). */
  digitalSourceType?: string;
  /** Written as `campaign` and `segment` tags into the MP4 metadata when given. */
  campaignId?: string;
  segmentId?: string;
  /**
   * Provider footage, one clip per scene: the clips become the scene backgrounds (filled to the frame, cut or
   * repeated to the scene's narrated length) under the same text, label, captions and end card as slides.
   */
  sceneClips?: string[];
  /** Written as the `generator` tag, e.g. `openai-videos/sora-2`; default the local renderer's name. */
  generator?: string;
  /** Burn the captions into the frames (open captions, for muted autoplay); `captions.vtt` is written either way. */
  openCaptions?: boolean;
  /**
   * Further frame formats of the same video (see shared/renditions.ts), each rendered from the same narration into
   * `video-<id>.mp4` beside `video.mp4`; the captions, descriptions and transcripts serve them all.
   */
  renditions?: RenditionSpec[];
  /**
   * The public check page's short address (`checkAddress(publicUrl)`): the end card shows it as text and as a QR
   * code, so anyone can check the video is the agency's. Absent: no QR code.
   */
  checkUrl?: string;
  /** Aborts the ffmpeg process, e.g. on activity cancellation. */
  signal?: AbortSignal;
}

/** A rendition as rendered: where its file is and its SHA-256. */
export interface RenderedRendition extends RenditionSpec {
  path: string;
  sha256: string;
}

/** Paths and facts of a finished render; every file sits in `outDir`. */
export interface RenderLocalVideoResult {
  videoPath: string;
  /** Length of the video as rendered: the planned scenes, extended where the narration runs longer. */
  durationSeconds: number;
  captionsPath: string;
  descriptionsPath: string;
  transcriptTextPath: string;
  transcriptHtmlPath: string;
  /** What narrated the video (engine, version, voice); `silent` (configured) means captions carry the words alone. */
  narration: NarrationInfo;
  digitalSourceType: string;
  /** SHA-256 (hex) of the MP4 bytes. */
  sha256: string;
  /** The further renditions asked for, in the order asked. */
  renditions: RenderedRendition[];
}

/**
 * Renders one slide per scene plus an end card, with a permanent AI label and narration, into `outDir/video.mp4`
 * (H.264 yuv420p + AAC, faststart, AI metadata) and writes `captions.vtt`, `descriptions.vtt`, `transcript.txt`
 * and `transcript.html` beside it. Each appears atomically under its final name, so a killed render never leaves a
 * half-written file behind.
 * @throws RenderError when the size or script cannot be rendered, ffmpeg rejects the job, or the narration engine
 * cannot start or speaks no audio (a video is silent only when the TTS passed is the configured silent one).
 */
export async function renderLocalVideo(input: RenderLocalVideoInput): Promise<RenderLocalVideoResult> {
  const { script, width, height, outDir } = input;
  for (const size of [{ width, height }, ...(input.renditions ?? [])]) {
    const { width: w, height: h } = size;
    if (!Number.isInteger(w) || !Number.isInteger(h) || w % 2 || h % 2 || w < 320 || h < 320) {
      const what = 'id' in size ? `Rendition ${size.id}: video size` : 'Video size';
      throw new RenderError(`${what} ${w}x${h} is invalid: use even integers of at least 320`);
    }
  }
  const digitalSourceType = input.digitalSourceType ?? DIGITAL_SOURCE_TYPES.trainedAlgorithmicMedia;
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'klartext-render-'));
  try {
    const narration = await narrate(script, input.tts ?? createTts(), work, input.signal);
    const { timeline } = narration;
    const clips = input.sceneClips ?? [];
    if (input.sceneClips && clips.length !== script.scenes.length) {
      throw new RenderError(`Got ${clips.length} clips for the ${script.scenes.length} scenes of "${script.title}"`);
    }
    // The logo is read (and an SVG rasterised) before ffmpeg starts, so a broken logo fails with its own message.
    const logo = input.branding.logo ? await readLogo(input.branding.logo) : undefined;
    const audio = narration.files.length
      ? narrationAudioGraph(
          narration.clips.map((c, i) => ({ ...c, input: i })),
          timeline.totalSeconds,
        )
      : silentAudioGraph(timeline.totalSeconds);
    const metadata = { title: script.title, language: script.language, digitalSourceType };

    // One encode per frame format; every rendition shares the narration, so they are spoken and timed alike.
    const encode = async (
      path: string,
      frame: { width: number; height: number; openCaptions: boolean },
      dir: string,
    ): Promise<void> => {
      await mkdir(dir, { recursive: true });
      const logoFile = join(dir, 'logo.png');
      if (logo) await writeLogoPng(logo, Math.round(Math.min(frame.width, frame.height) * 0.4), logoFile);
      // Inputs after the narration: clips, logo, QR code, backdrop, pictograms; the audio graph uses the first ones.
      const logoInput = narration.files.length + clips.length;
      const qrInput = logoInput + (logo ? 1 : 0);
      const qrFile = join(dir, 'qr.png');
      const backdropInput = qrInput + (input.checkUrl ? 1 : 0);
      const backdropFile = join(dir, 'backdrop.png');
      const graphInput = {
        ...(logo ? { logoInput } : {}),
        ...(input.checkUrl ? { check: { address: input.checkUrl, qrInput } } : {}),
        // Slides get a slowly drifting backdrop; footage moves by itself.
        ...(input.sceneClips ? {} : { backdropInput }),
        pictogramInput: backdropInput + (input.sceneClips ? 0 : 1),
        ...(frame.openCaptions ? { openCaptions: true } : {}),
        script,
        branding: input.branding,
        width: frame.width,
        height: frame.height,
        fps: FPS,
        fonts: { regular: input.fontFile, bold: input.boldFontFile },
        timeline,
        textDir: dir,
      };
      // Clip inputs follow the narration inputs, whose indices the audio graph uses.
      const {
        graph,
        textFiles,
        qr,
        backdrop,
        pictograms = [],
      } = input.sceneClips
        ? buildFootageGraph({ ...graphInput, clipInputs: clips.map((_, i) => narration.files.length + i) })
        : buildSlideGraph(graphInput);
      await Promise.all(textFiles.map((f) => writeFile(f.path, f.content)));
      if (input.checkUrl && qr) await writeFile(qrFile, qrPng(input.checkUrl, qr.w));
      if (backdrop) await writeBackdropPng(backdrop.color, backdrop.size, backdropFile);
      const pictogramFiles = pictograms.map((_, i) => join(dir, `pictogram-${i}.png`));
      await Promise.all(pictograms.map((spec, i) => writePictogramPng(spec, pictogramFiles[i] as string)));
      const graphFile = join(dir, 'graph.txt');
      await writeFile(graphFile, `${graph};\n${audio}`);
      await publishAtomically(path, async (temp) => {
        // prettier-ignore
        const args = [
          '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
          ...narration.files.flatMap((f) => ['-i', f]),
          ...clips.flatMap((c) => ['-stream_loop', '-1', '-i', c]),
          ...(logo ? ['-i', logoFile] : []),
          ...(input.checkUrl ? ['-i', qrFile] : []),
          ...(backdrop ? ['-i', backdropFile] : []),
          ...pictogramFiles.flatMap((f) => ['-i', f]),
          ...filterScriptArgs(input.ffmpeg, graphFile), '-map', '[v]', '-map', '[a]',
          '-t', String(timeline.totalSeconds),
          ...VIDEO_CODEC, '-r', String(FPS), ...AUDIO_CODEC,
          ...metadataArgs({ ...metadata, ...pick(input, 'campaignId', 'segmentId') }),
          // A later -metadata for the same key overrides the earlier one.
          ...(input.generator ? ['-metadata', `generator=${input.generator}`] : []),
          '-f', 'mp4', temp,
        ];
        await runFfmpeg(input.ffmpeg, args, input.signal ? { signal: input.signal } : {});
      });
    };

    const videoPath = join(outDir, 'video.mp4');
    await encode(videoPath, { width, height, openCaptions: input.openCaptions === true }, join(work, 'main'));
    const renditions: RenderedRendition[] = [];
    for (const spec of input.renditions ?? []) {
      const path = join(outDir, renditionFileName(spec.id));
      await encode(path, spec, join(work, spec.id));
      renditions.push({ ...spec, path, sha256: await sha256File(path) });
    }

    const companion = async (name: string, content: string): Promise<string> => {
      await writeFileAtomically(join(outDir, name), content);
      return join(outDir, name);
    };
    return {
      videoPath,
      durationSeconds: timeline.totalSeconds,
      captionsPath: await companion('captions.vtt', buildCaptionsVtt(script, timeline)),
      descriptionsPath: await companion('descriptions.vtt', buildDescriptionsVtt(script, timeline)),
      transcriptTextPath: await companion('transcript.txt', buildTranscriptText(script)),
      transcriptHtmlPath: await companion('transcript.html', buildTranscriptHtml(script)),
      narration: narration.narration,
      digitalSourceType,
      sha256: await sha256File(videoPath),
      renditions,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The named optional fields of `input` that are set. */
function pick<T extends object, K extends keyof T>(input: T, ...keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])) as Partial<
    Pick<T, K>
  >;
}
