// Machine-readable AI marking in the MP4 container (EU AI Act Art. 50): IPTC digital source type, generator, campaign.
import { stripBidiControls } from '../../shared/text-guard.ts';
import { AI_DISCLOSURE } from './manifest.ts';

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/**
 * IPTC digital source types. `trainedAlgorithmicMedia` (made with a model trained on sampled content) is the default
 * because a script may be drafted by a language model and issue 6 asks for it; a caller that knows no trained model
 * was involved (template script, formant TTS, drawn slides) may pass `algorithmicMedia`.
 */
export const DIGITAL_SOURCE_TYPES = {
  trainedAlgorithmicMedia: `${IPTC}trainedAlgorithmicMedia`,
  algorithmicMedia: `${IPTC}algorithmicMedia`,
} as const;

/** Name written as the generator (`artist` and `generator` tags). */
export const GENERATOR = 'klartext local renderer';

/** What the container metadata states about a video. */
export interface VideoMetadata {
  title: string;
  language: string;
  digitalSourceType: string;
  campaignId?: string;
  segmentId?: string;
}

/** The tags as ffmpeg writes them (keys lower-case, as ffprobe reports them). */
export function metadataTags(m: VideoMetadata): Record<string, string> {
  return {
    title: stripBidiControls(m.title),
    comment: AI_DISCLOSURE,
    description: AI_DISCLOSURE,
    artist: GENERATOR,
    generator: GENERATOR,
    ai_generated: 'true',
    digital_source_type: m.digitalSourceType,
    ...(m.campaignId ? { campaign: m.campaignId } : {}),
    ...(m.segmentId ? { segment: m.segmentId } : {}),
  };
}

/** ISO 639-2 codes for the audio stream's language tag (MP4 stores three letters). */
const ISO_639_2: Readonly<Record<string, string>> = { de: 'deu', en: 'eng', tr: 'tur', uk: 'ukr' };

/** ffmpeg output options writing the tags; `use_metadata_tags` keeps the custom keys in the MP4 `udta/meta` box. */
export function metadataArgs(m: VideoMetadata): string[] {
  const tags = Object.entries(metadataTags(m)).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
  const lang = ISO_639_2[m.language];
  return [
    ...tags,
    ...(lang ? ['-metadata:s:a:0', `language=${lang}`] : []),
    '-movflags',
    '+faststart+use_metadata_tags',
  ];
}
