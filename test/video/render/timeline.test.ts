import { describe, expect, it } from 'vitest';
import { narrationAudioGraph, silentAudioGraph } from '../../../video/render/audio-graph.ts';
import {
  END_CARD_SECONDS,
  narratedTimeline,
  sceneTimeline,
  SPEECH_LEAD_SECONDS,
  SPEECH_TAIL_SECONDS,
} from '../../../video/render/timeline.ts';
import { RenderError } from '../../../shared/errors.ts';
import { twoSceneScript } from './script-fixture.ts';

describe('narratedTimeline', () => {
  const script = twoSceneScript(); // scenes planned at 3 s and 2.5 s

  it('keeps planned durations when speech is shorter, padding with silence', () => {
    const timeline = narratedTimeline(script, { disclosure: 1, scenes: [1, 1], callToAction: 1 });
    expect(timeline.scenes).toEqual(sceneTimeline(script).scenes);
    expect(timeline.endCard.end - timeline.endCard.start).toBe(END_CARD_SECONDS);
  });

  it('extends a scene to its speech plus the tail when the speech runs longer', () => {
    const timeline = narratedTimeline(script, { disclosure: 2, scenes: [4, 5], callToAction: 6 });
    const [first, second] = timeline.scenes as [{ start: number; end: number }, { start: number; end: number }];
    expect(first.end).toBeCloseTo(2 + SPEECH_TAIL_SECONDS + SPEECH_LEAD_SECONDS + 4 + SPEECH_TAIL_SECONDS, 3);
    expect(second.end - second.start).toBeCloseTo(SPEECH_LEAD_SECONDS + 5 + SPEECH_TAIL_SECONDS, 3);
    expect(timeline.endCard.end - timeline.endCard.start).toBeCloseTo(SPEECH_LEAD_SECONDS + 6 + SPEECH_TAIL_SECONDS, 3);
    expect(timeline.totalSeconds).toBe(timeline.endCard.end);
  });

  it('speaks the disclosure first and every narration inside its scene', () => {
    const timeline = narratedTimeline(script, { disclosure: 2, scenes: [4, 1], callToAction: 2 });
    const spoken = timeline.narration!;
    expect(spoken.disclosure).toEqual({ start: 0, end: 2 });
    expect(spoken.scenes[0]!.start).toBeGreaterThan(spoken.disclosure.end);
    spoken.scenes.forEach((span, i) => {
      expect(span.start).toBeGreaterThanOrEqual(timeline.scenes[i]!.start);
      expect(span.end).toBeLessThanOrEqual(timeline.scenes[i]!.end);
    });
    expect(spoken.callToAction.end).toBeLessThanOrEqual(timeline.totalSeconds);
  });

  it('rejects speech for the wrong number of scenes', () => {
    expect(() => narratedTimeline(script, { disclosure: 1, scenes: [1], callToAction: 1 })).toThrow(RenderError);
  });
});

describe('narrationAudioGraph', () => {
  it('delays, pads and trims each clip to the next clip and concatenates them into [a]', () => {
    const graph = narrationAudioGraph(
      [
        { input: 1, span: { start: 2.5, end: 4 } },
        { input: 0, span: { start: 0, end: 2 } },
      ],
      6,
    );
    expect(graph).toContain('[0:a]');
    expect(graph).toMatch(/\[0:a\].*adelay=0\|0,apad,atrim=duration=2.5\[s0\]/);
    expect(graph).toMatch(/\[1:a\].*adelay=0\|0,apad,atrim=duration=3.5\[s1\]/);
    expect(graph).toMatch(/\[s0\]\[s1\]concat=n=2:v=0:a=1\[a\]$/);
  });

  it('starts with silence when the first clip is late, and falls back to silence without clips', () => {
    expect(narrationAudioGraph([{ input: 0, span: { start: 0.2, end: 1 } }], 3)).toContain('adelay=200|200');
    expect(narrationAudioGraph([], 3)).toBe(silentAudioGraph(3));
  });

  it('rejects overlapping clips', () => {
    const clips = [
      { input: 0, span: { start: 0, end: 2 } },
      { input: 1, span: { start: 5, end: 6 } },
    ];
    expect(() => narrationAudioGraph(clips, 4)).toThrow(RenderError);
  });
});
