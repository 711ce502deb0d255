import { describe, expect, it } from 'vitest';
import { wavPeak, wavSeconds } from '../../../video/render/wav.ts';
import { RenderError } from '../../../shared/errors.ts';
import { toneWav } from './fake-espeak.ts';

/** A WAV whose `data` size is the streamed placeholder espeak-ng may leave, followed by `seconds` of audio. */
function streamed(seconds: number): Buffer {
  const wav = toneWav(seconds);
  wav.writeUInt32LE(0x7fffffff, 40);
  return wav;
}

describe('wavSeconds', () => {
  it('measures the data after the header, ignoring a placeholder chunk size', () => {
    expect(wavSeconds(streamed(3))).toBeCloseTo(3, 4);
  });

  it('rejects bytes that are not a WAV file', () => {
    expect(() => wavSeconds(new Uint8Array(64))).toThrow(RenderError);
  });
});

describe('wavPeak', () => {
  it('finds the loudest sample of a tone and nothing in silence', () => {
    expect(wavPeak(toneWav(0.1))).toBeGreaterThan(7000);
    expect(wavPeak(toneWav(0.1, 0))).toBe(0);
  });
});
