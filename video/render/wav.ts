// Reading speech WAV files: how long the PCM audio lasts and whether any of it is louder than silence.
import { RenderError } from '../../shared/errors.ts';

interface Pcm {
  byteRate: number;
  bitsPerSample: number;
  /** Offset of the first sample byte. */
  data: number;
}

function pcm(wav: Uint8Array): Pcm {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number): string => String.fromCharCode(...wav.subarray(at, at + 4));
  let byteRate = 0;
  let bitsPerSample = 16;
  for (let at = 12; at + 8 <= wav.byteLength;) {
    const size = view.getUint32(at + 4, true);
    if (tag(at) === 'fmt ') {
      byteRate = view.getUint32(at + 16, true);
      bitsPerSample = view.getUint16(at + 22, true);
    }
    // espeak-ng may leave the streamed placeholder size in `data`, so the file length is what counts.
    if (tag(at) === 'data') return { byteRate, bitsPerSample, data: at + 8 };
    at += 8 + size + (size % 2);
  }
  throw new RenderError('Speech output is not a WAV file with a data chunk');
}

/** Length of PCM audio in a WAV file, from the `fmt ` byte rate and the bytes after the `data` chunk header. */
export function wavSeconds(wav: Uint8Array): number {
  const { byteRate, data } = pcm(wav);
  return byteRate ? (wav.byteLength - data) / byteRate : 0;
}

/** The largest absolute 16-bit sample (0 for pure silence); other sample sizes count as audible when non-empty. */
export function wavPeak(wav: Uint8Array): number {
  const { bitsPerSample, data } = pcm(wav);
  if (bitsPerSample !== 16) return wav.byteLength > data ? 1 : 0;
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let peak = 0;
  for (let at = data; at + 2 <= wav.byteLength; at += 2) peak = Math.max(peak, Math.abs(view.getInt16(at, true)));
  return peak;
}
