import { describe, expect, it } from 'vitest';
import {
  buildDescriptionsVtt,
  buildTranscriptHtml,
  buildTranscriptText,
  escapeHtml,
} from '../../../video/render/transcript.ts';
import { narratedTimeline, sceneTimeline } from '../../../video/render/timeline.ts';
import { twoSceneScript } from './script-fixture.ts';
import { cueText, parseVtt } from './vtt.ts';

const script = twoSceneScript();
const sentences = script.scenes.flatMap((s) => s.sentences.map((x) => x.text));

describe('buildTranscriptText', () => {
  const text = buildTranscriptText(script);

  it('states the AI disclosure before any scene', () => {
    expect(text.indexOf(script.aiDisclosure)).toBeGreaterThan(-1);
    expect(text.indexOf(script.aiDisclosure)).toBeLessThan(text.indexOf('Szene 1'));
  });

  it('contains every sentence, on-screen text and marked visual description, then call to action and sources', () => {
    for (const s of sentences) expect(text).toContain(s);
    for (const scene of script.scenes) {
      expect(text).toContain(scene.onScreenText);
      expect(text).toContain(`[Bildbeschreibung: ${scene.visual}]`);
    }
    expect(text.indexOf(script.callToAction)).toBeGreaterThan(text.indexOf('Szene 2'));
    expect(text).toContain('STIKO: Impfempfehlungen (2026-01-15) https://www.rki.de/stiko');
  });
});

describe('buildTranscriptHtml', () => {
  const html = buildTranscriptHtml(script);
  const unescaped = (s: string): string => escapeHtml(s);

  it('declares the script language and uses one h1 and an h2 per scene', () => {
    expect(html).toContain('<html lang="de">');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<h2 id="scene-1">Szene 1</h2>');
    expect(html).toContain('<h2 id="scene-2">Szene 2</h2>');
  });

  it('escapes every script string and contains disclosure, sentences, visuals and sources', () => {
    expect(html).not.toContain('<Wichtig>');
    expect(html).toContain('&lt;Wichtig&gt; &amp; gut.');
    for (const s of [script.aiDisclosure, ...sentences, ...script.scenes.map((x) => x.visual), script.callToAction]) {
      expect(html).toContain(unescaped(s));
    }
    expect(html).toContain('<a href="https://www.rki.de/stiko">Impfempfehlungen</a>');
  });

  it('links only web addresses', () => {
    const evil = twoSceneScript();
    evil.sources[0]!.url = 'javascript:alert(1)';
    evil.title = '"><script>alert(1)</script>';
    const out = buildTranscriptHtml(evil);
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('<script>');
  });

  it('uses headings in the script language', () => {
    expect(buildTranscriptHtml({ ...script, language: 'uk' })).toContain('Сцена 1');
    expect(buildTranscriptHtml({ ...script, language: 'xx' })).toContain('Scene 1');
  });
});

describe('buildDescriptionsVtt', () => {
  it('has one cue per scene with its visual description, timed to the scene', () => {
    const timeline = narratedTimeline(script, { disclosure: 2, scenes: [5, 1], callToAction: 1 });
    const cues = parseVtt(buildDescriptionsVtt(script, timeline));
    expect(cues).toHaveLength(script.scenes.length);
    cues.forEach((cue, i) => {
      expect(cue.id).toBe(`scene-${i + 1}`);
      expect(cueText(cue)).toBe(script.scenes[i]!.visual);
      expect({ start: cue.start, end: cue.end }).toEqual(timeline.scenes[i]);
    });
  });

  it('follows the planned timeline by default and escapes markup', () => {
    const marked = twoSceneScript();
    marked.scenes[0]!.visual = 'A <b> & c';
    const vtt = buildDescriptionsVtt(marked);
    expect(vtt).toContain('A &lt;b&gt; &amp; c');
    expect(parseVtt(vtt)[1]).toMatchObject(sceneTimeline(marked).scenes[1]!);
  });
});
