import { describe, expect, it } from 'vitest';
import { videoSection } from '../../../web/views/review-page.ts';

const video = { src: '/assets/c/s/video.mp4', captions: '/assets/c/s/captions.vtt' };

describe('videoSection', () => {
  it('names the engine and voice that narrated the video', () => {
    const narration = {
      engine: 'espeak-ng-npm' as const,
      version: '1.52',
      package: 'espeak-ng@1.0.2',
      voices: { de: 'de' },
    };
    expect(String(videoSection({ ...video, narration }, 'de'))).toContain(
      'Narration: eSpeak NG 1.52 (npm WebAssembly build espeak-ng@1.0.2), voice de',
    );
  });

  it('says a silent video was configured so', () => {
    const page = String(videoSection({ ...video, narration: { engine: 'silent', voices: {} } }, 'de'));
    expect(page).toContain('Narration: No narration (silent video, configured)');
  });

  it('names the system binary and escapes it', () => {
    const narration = {
      engine: 'espeak-ng-system' as const,
      version: '1.51',
      path: '/opt/<x>/espeak-ng',
      voices: { en: 'en-gb' },
    };
    expect(String(videoSection({ ...video, narration }, 'en'))).toContain(
      'Narration: eSpeak NG 1.51 (system binary /opt/&lt;x&gt;/espeak-ng), voice en-gb',
    );
  });

  it('shows no narration line for a video rendered before narration was recorded', () => {
    expect(String(videoSection(video, 'de'))).not.toContain('Narration:');
  });
});
