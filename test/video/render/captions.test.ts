import { describe, expect, it } from 'vitest';
import {
  buildCaptionsVtt,
  END_CARD_SECONDS,
  escapeVtt,
  MAX_CUE_LINES,
  MAX_LINE_CHARS,
  sceneTimeline,
  splitIntoCues,
  vttTime,
} from '../../../video/render/captions.ts';
import { RenderError } from '../../../shared/errors.ts';
import { narratedTimeline } from '../../../video/render/timeline.ts';
import { twoSceneScript } from './script-fixture.ts';
import { cueText, parseVtt } from './vtt.ts';

const longNarration =
  'Die Impfung ist für alle Menschen ab 60 Jahren kostenlos, auch für Menschen mit chronischen Erkrankungen. ' +
  'Grippeschutzimpfungsempfehlungsschreiben werden verschickt. Sprechen Sie mit Ihrer Ärztin oder Ihrem Arzt: ' +
  'Sie beantwortet alle Fragen zur Impfung, zu Nebenwirkungen und zu Terminen in Ihrer Nähe.';

describe('sceneTimeline', () => {
  it('lays scenes end to end and appends a 4 s end card', () => {
    const timeline = sceneTimeline(twoSceneScript());
    expect(timeline.scenes).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 5.5 },
    ]);
    expect(timeline.endCard).toEqual({ start: 5.5, end: 5.5 + END_CARD_SECONDS });
    expect(timeline.totalSeconds).toBe(9.5);
  });

  it('rejects a scene without a positive duration', () => {
    const script = twoSceneScript();
    script.scenes[1]!.durationSeconds = 0;
    expect(() => sceneTimeline(script)).toThrow(RenderError);
  });

  it('rejects a script without scenes', () => {
    expect(() => sceneTimeline({ ...twoSceneScript(), scenes: [] })).toThrow(RenderError);
  });
});

describe('splitIntoCues', () => {
  it('keeps every cue within 2 lines of 42 characters and loses no words', () => {
    const cues = splitIntoCues(longNarration);
    for (const lines of cues) {
      expect(lines.length).toBeLessThanOrEqual(MAX_CUE_LINES);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(MAX_LINE_CHARS);
    }
    expect(cues.flat().join(' ')).toBe(longNarration);
  });

  it('breaks between sentences when each fits a cue', () => {
    expect(
      splitIntoCues(
        'Die Impfung schützt ältere Menschen vor schweren Verläufen. Sie ist für alle ab sechzig Jahren kostenlos.',
      ),
    ).toEqual([
      ['Die Impfung schützt ältere Menschen vor', 'schweren Verläufen.'],
      ['Sie ist für alle ab sechzig Jahren', 'kostenlos.'],
    ]);
  });

  it('keeps a number with its percent sign and decimals whole', () => {
    const lines = splitIntoCues('Die Wirksamkeit liegt in dieser Studie bei ungefähr 3.5 Punkten und 60 %.').flat();
    expect(lines.join(' ')).toContain('3.5');
    expect(lines.some((l) => l.startsWith('%'))).toBe(false);
    expect(lines.some((l) => l.includes('60 %'))).toBe(true);
  });
});

describe('escapeVtt', () => {
  it('escapes ampersands and angle brackets', () => {
    expect(escapeVtt('<b> & --> x')).toBe('&lt;b&gt; &amp; --&gt; x');
  });
});

describe('vttTime', () => {
  it('formats hours, minutes, seconds and milliseconds', () => {
    expect(vttTime(3723.4567)).toBe('01:02:03.457');
    expect(vttTime(0)).toBe('00:00:00.000');
  });
});

describe('buildCaptionsVtt', () => {
  const script = twoSceneScript();
  const vtt = buildCaptionsVtt(script);
  const cues = parseVtt(vtt);
  const total = sceneTimeline(script).totalSeconds;

  it('starts with a WEBVTT header', () => {
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
  });

  it('times cues monotonically within the video duration', () => {
    for (const [i, cue] of cues.entries()) {
      expect(cue.end).toBeGreaterThan(cue.start);
      expect(cue.end).toBeLessThanOrEqual(total);
      if (i > 0) expect(cue.start).toBeGreaterThanOrEqual(cues[i - 1]!.start);
    }
  });

  it('shows the AI disclosure from 0 s at the top of the frame during the first scene', () => {
    const disclosure = cues[0]!;
    expect(disclosure.start).toBe(0);
    expect(disclosure.end).toBeLessThanOrEqual(3);
    expect(disclosure.settings).toBe('line:0');
    expect(disclosure.lines.join(' ')).toBe(script.aiDisclosure);
  });

  it('ends with the call to action during the end card', () => {
    const last = cues.at(-1)!;
    expect(last.lines.join(' ')).toBe(script.callToAction);
    expect(last.start).toBe(5.5);
    expect(last.end).toBe(total);
  });

  it('respects the wrapping limits in every cue, counting displayed characters', () => {
    const displayed = (line: string): string => line.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const cue of cues) {
      expect(cue.lines.length).toBeLessThanOrEqual(MAX_CUE_LINES);
      for (const line of cue.lines) expect([...displayed(line)].length).toBeLessThanOrEqual(MAX_LINE_CHARS);
    }
  });

  it('escapes markup characters in narration', () => {
    expect(vtt).toContain('&lt;Wichtig&gt; &amp; gut.');
    expect(vtt).not.toContain('<Wichtig>');
  });

  it("keeps each scene's narration inside that scene's time", () => {
    const ukrainian = cues.filter((c) => /[а-яії]/.test(c.lines.join(' ')));
    expect(ukrainian.length).toBeGreaterThan(0);
    for (const cue of ukrainian) {
      expect(cue.start).toBeGreaterThanOrEqual(3);
      expect(cue.end).toBeLessThanOrEqual(5.5);
    }
  });
});

describe('buildCaptionsVtt with a narrated timeline', () => {
  const script = twoSceneScript();
  const timeline = narratedTimeline(script, { disclosure: 2, scenes: [5, 1], callToAction: 3 });
  const cues = parseVtt(buildCaptionsVtt(script, timeline));
  const spoken = timeline.narration!;

  it('times the disclosure cue to the spoken disclosure at the top of the frame', () => {
    expect(cues[0]).toMatchObject({ ...spoken.disclosure, settings: 'line:0' });
    expect(cueText(cues[0]!)).toBe(script.aiDisclosure);
  });

  it('places each scene narration within its speech and the call to action last', () => {
    const first = cues.filter((c) => c.start >= spoken.scenes[0]!.start && c.end <= spoken.scenes[0]!.end + 0.001);
    expect(first.map(cueText).join(' ')).toBe(script.scenes[0]!.sentences.map((s) => s.text).join(' '));
    expect(cues.at(-1)).toMatchObject(spoken.callToAction);
  });
});
