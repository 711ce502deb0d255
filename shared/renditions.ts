// Renditions: the same approved video in other frame formats (16:9, 9:16, 1:1), with or without burned-in captions.

/** The frame formats klartext renders, by name, with their aspect ratio (width:height). */
export const RENDITION_FORMATS = {
  landscape: { aspect: '16:9', w: 16, h: 9 },
  portrait: { aspect: '9:16', w: 9, h: 16 },
  square: { aspect: '1:1', w: 1, h: 1 },
} as const;

export type RenditionFormat = keyof typeof RENDITION_FORMATS;

/** The suffix of a rendition whose captions are burned into the frames (open captions, for muted autoplay). */
export const OPEN_CAPTIONS_SUFFIX = '-open-captions';

/** Every rendition id: a format, optionally with open captions (`portrait-open-captions`). */
export const RENDITION_IDS = (Object.keys(RENDITION_FORMATS) as RenditionFormat[]).flatMap(
  (f) => [f, `${f}${OPEN_CAPTIONS_SUFFIX}`] as const,
);

export type RenditionId = RenditionFormat | `${RenditionFormat}${typeof OPEN_CAPTIONS_SUFFIX}`;

/** What a rendition id asks for. */
export interface RenditionSpec {
  id: RenditionId;
  format: RenditionFormat;
  openCaptions: boolean;
  width: number;
  height: number;
}

/** A rendition as rendered and recorded: its file beside the main video and its bytes' SHA-256. */
export interface RenditionFile {
  id: RenditionId;
  width: number;
  height: number;
  openCaptions: boolean;
  /** File name in the segment's directory (`video-portrait.mp4`), or `video.mp4` when it is the main video. */
  file: string;
  sha256: string;
  sizeBytes: number;
}

export function isRenditionId(value: unknown): value is RenditionId {
  return typeof value === 'string' && (RENDITION_IDS as readonly string[]).includes(value);
}

/** The file a rendition is written to, beside `video.mp4`. */
export function renditionFileName<I extends RenditionId>(id: I): `video-${I}.mp4` {
  return `video-${id}.mp4`;
}

/** The format of a rendition and whether its captions are burned in. */
export function renditionParts(id: RenditionId): { format: RenditionFormat; openCaptions: boolean } {
  const openCaptions = id.endsWith(OPEN_CAPTIONS_SUFFIX);
  const format = (openCaptions ? id.slice(0, -OPEN_CAPTIONS_SUFFIX.length) : id) as RenditionFormat;
  return { format, openCaptions };
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * The frame size of a rendition for a campaign whose main video is `main`: the main video's shorter side stays the
 * shorter side (1280×720 gives 1280×720, 720×1280 and 720×720), so every format is as sharp as the main video.
 */
export function renditionSpec(id: RenditionId, main: { width: number; height: number }): RenditionSpec {
  const { format, openCaptions } = renditionParts(id);
  const { w, h } = RENDITION_FORMATS[format];
  const short = even(Math.min(main.width, main.height));
  const long = even((short * Math.max(w, h)) / Math.min(w, h));
  const [width, height] = w > h ? [long, short] : w < h ? [short, long] : [short, short];
  return { id, format, openCaptions, width, height };
}

/** Whether a rendition is the main video itself (same size, captions not burned in), so it needs no render of its own. */
export function isMainVideo(spec: RenditionSpec, main: { width: number; height: number }): boolean {
  return !spec.openCaptions && spec.width === main.width && spec.height === main.height;
}

/** The renditions asked for, each once, in the order of RENDITION_IDS. */
export function distinctRenditions(...lists: (readonly string[] | undefined)[]): RenditionId[] {
  const wanted = new Set(lists.flatMap((l) => l ?? []));
  return RENDITION_IDS.filter((id) => wanted.has(id));
}

/** A human label: `portrait (9:16), open captions`. */
export function renditionLabel(id: RenditionId): string {
  const { format, openCaptions } = renditionParts(id);
  return `${format} (${RENDITION_FORMATS[format].aspect})${openCaptions ? ', open captions' : ''}`;
}
