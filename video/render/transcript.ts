// Accessible companions of a video (WCAG 1.2.3/1.2.5), derived from the signed script: transcripts and descriptions.
import { stripBidiControls } from '../../shared/text-guard.ts';
import { sceneNarration } from '../../shared/text.ts';
import type { Script } from '../../shared/types.ts';
import { escapeVtt, vttTime } from './captions.ts';
import { sceneTimeline, type Span, type Timeline } from './timeline.ts';

interface Headings {
  transcript: string;
  notice: string;
  scene: string;
  onScreen: string;
  narration: string;
  description: string;
  callToAction: string;
  sources: string;
}

const HEADINGS: Readonly<Record<string, Headings>> = {
  de: {
    transcript: 'Transkript',
    notice: 'Hinweis',
    scene: 'Szene',
    onScreen: 'Text im Bild',
    narration: 'Sprechertext',
    description: 'Bildbeschreibung',
    callToAction: 'Was Sie tun können',
    sources: 'Quellen',
  },
  en: {
    transcript: 'Transcript',
    notice: 'Notice',
    scene: 'Scene',
    onScreen: 'On screen',
    narration: 'Narration',
    description: 'Visual description',
    callToAction: 'What you can do',
    sources: 'Sources',
  },
  tr: {
    transcript: 'Metin dökümü',
    notice: 'Bilgilendirme',
    scene: 'Sahne',
    onScreen: 'Ekrandaki metin',
    narration: 'Anlatım',
    description: 'Görsel betimleme',
    callToAction: 'Neler yapabilirsiniz',
    sources: 'Kaynaklar',
  },
  uk: {
    transcript: 'Транскрипт',
    notice: 'Примітка',
    scene: 'Сцена',
    onScreen: 'Текст на екрані',
    narration: 'Озвучення',
    description: 'Опис зображення',
    callToAction: 'Що ви можете зробити',
    sources: 'Джерела',
  },
};

/** Headings in the script's language, so the transcript reads in one language (English where none is known). */
const headingsFor = (language: string): Headings => HEADINGS[language] ?? (HEADINGS.en as Headings);

/** All text a scene shows: its heading and, when it has one, its key fact. */
const onScreen = (scene: Script['scenes'][number]): string =>
  scene.keyFact ? `${scene.onScreenText} – ${scene.keyFact}` : scene.onScreenText;

const source = (s: Script['sources'][number]): string => `${s.publisher}: ${s.title} (${s.date}) ${s.url}`;

/** A plain-text descriptive transcript: disclosure first, then per scene on-screen text, narration, description. */
export function buildTranscriptText(script: Script): string {
  const h = headingsFor(script.language);
  const scenes = script.scenes.map((scene, i) =>
    [
      `${h.scene} ${i + 1}`,
      `${h.onScreen}: ${onScreen(scene)}`,
      `${h.narration}: ${sceneNarration(scene)}`,
      `[${h.description}: ${scene.visual}]`,
    ].join('\n'),
  );
  return (
    [
      `${script.title}\n${h.transcript}`,
      `${h.notice}: ${script.aiDisclosure}`,
      ...scenes,
      `${h.callToAction}: ${script.callToAction}`,
      [`${h.sources}:`, ...script.sources.map((s) => `- ${source(s)}`)].join('\n'),
    ].join('\n\n') + '\n'
  );
}

/** Escapes text for HTML element content and double-quoted attributes; drops bidi controls. */
export function escapeHtml(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return stripBidiControls(text).replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** Only web links become anchors; anything else (e.g. `javascript:`) stays visible text. */
const link = (s: Script['sources'][number]): string =>
  /^https?:\/\//i.test(s.url) ? `<a href="${escapeHtml(s.url)}">${escapeHtml(s.title)}</a>` : escapeHtml(s.title);

/**
 * An HTML descriptive transcript in the script's language: one `h1`, a section with an `h2` per scene, visual
 * descriptions marked as such, the call to action and the sources last. Every script string is escaped.
 */
export function buildTranscriptHtml(script: Script): string {
  const h = headingsFor(script.language);
  const e = escapeHtml;
  const scenes = script.scenes.map(
    (scene, i) =>
      `<section aria-labelledby="scene-${i + 1}">\n<h2 id="scene-${i + 1}">${e(h.scene)} ${i + 1}</h2>\n<dl>\n` +
      `<dt>${e(h.onScreen)}</dt><dd>${e(onScreen(scene))}</dd>\n` +
      `<dt>${e(h.narration)}</dt><dd>${e(sceneNarration(scene))}</dd>\n` +
      `<dt>${e(h.description)}</dt><dd class="description"><i>${e(scene.visual)}</i></dd>\n</dl>\n</section>`,
  );
  const sources = script.sources.map((s) => `<li>${e(s.publisher)}: ${link(s)} (${e(s.date)})</li>`);
  return [
    '<!doctype html>',
    `<html lang="${e(script.language)}">`,
    '<head>\n<meta charset="utf-8">',
    `<title>${e(script.title)} – ${e(h.transcript)}</title>\n</head>\n<body>\n<main>`,
    `<h1>${e(script.title)} – ${e(h.transcript)}</h1>`,
    `<p role="note"><strong>${e(h.notice)}:</strong> ${e(script.aiDisclosure)}</p>`,
    ...scenes,
    `<section aria-labelledby="cta">\n<h2 id="cta">${e(h.callToAction)}</h2>\n<p>${e(script.callToAction)}</p>\n</section>`,
    `<section aria-labelledby="sources">\n<h2 id="sources">${e(h.sources)}</h2>\n<ul>\n${sources.join('\n')}\n</ul>\n</section>`,
    '</main>\n</body>\n</html>\n',
  ].join('\n');
}

/** A WebVTT track for `<track kind="descriptions">`: one cue per scene with its visual description, timed to it. */
export function buildDescriptionsVtt(script: Script, timeline: Timeline = sceneTimeline(script)): string {
  const cues = script.scenes.map((scene, i) => {
    const span = timeline.scenes[i] as Span;
    return `scene-${i + 1}\n${vttTime(span.start)} --> ${vttTime(span.end)}\n${escapeVtt(scene.visual.replace(/\s+/g, ' ').trim())}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}
