// Banned and absolute wording: absolute safety promises, stigmatising labels and fear appeals, per language.
import type { Script } from '../../shared/types.ts';
import { checksData, type ChecksData, type WordingCategory } from './data.ts';
import { type Finding, quote, type Severity, where } from './findings.ts';
import { findPhrase } from './match.ts';

/**
 * Severity per category. Absolute safety promises and stigmatising labels are blocking: the first misinforms (no
 * medical measure is risk-free, and a broken promise costs trust in every later message), the second shames the very people
 * a campaign wants to reach. Fear appeals are warnings: evidence shows they backfire with hesitant audiences, but a
 * factual statement of a serious risk can read like one, so a reviewer decides.
 */
export const WORDING_SEVERITY: Record<WordingCategory, Severity> = {
  'absolute-safety': 'blocking',
  stigmatising: 'blocking',
  'fear-appeal': 'warning',
};

const WHY: Record<WordingCategory, string> = {
  'absolute-safety': 'promises absolute safety or effect, which no medical measure can keep',
  stigmatising: 'labels people in a stigmatising way',
  'fear-appeal': 'is a fear appeal, which tends to put hesitant people off',
};

/** A piece of viewer-facing text and where it sits in the script. */
interface Located {
  text: string;
  scene?: number;
  sentence?: number;
  field?: string;
}

/**
 * Everything a viewer sees or hears: title, narration, on-screen text, call to action, AI disclosure, and the visual
 * descriptions (video models may render text from them).
 */
function viewerTexts(script: Script): Located[] {
  return [
    { text: script.title, field: 'title' },
    ...script.scenes.flatMap((scene, i): Located[] => [
      ...scene.sentences.map((s, j) => ({ text: s.text, scene: i, sentence: j })),
      { text: scene.onScreenText, scene: i, field: 'on-screen text' },
      { text: scene.visual, scene: i, field: 'visual description' },
    ]),
    { text: script.callToAction, field: 'call to action' },
    { text: script.aiDisclosure, field: 'AI disclosure' },
  ];
}

/** Finds banned and absolute wording in every viewer-facing text of a script, using the list of `lang`. */
export function checkWording(script: Script, lang: string, data: ChecksData = checksData()): Finding[] {
  const entries = data.wording[lang] ?? [];
  const findings: Finding[] = [];
  for (const { text, scene, sentence, field } of viewerTexts(script)) {
    for (const entry of entries) {
      const honest = entry.exceptions.flatMap((e) =>
        findPhrase(e, text).map((m) => [m.index, m.index + m.text.length] as const),
      );
      const hits = findPhrase(entry.pattern, text).filter(
        (m) => !honest.some(([start, end]) => start <= m.index && m.index + m.text.length <= end),
      );
      const first = hits[0];
      if (!first) continue;
      findings.push({
        code: `wording-${entry.category}`,
        severity: WORDING_SEVERITY[entry.category],
        ...(scene === undefined ? {} : { scene }),
        ...(sentence === undefined ? {} : { sentence }),
        message: `${where(scene, sentence, field)}: ${quote(first.text)} ${WHY[entry.category]} (listed as ${quote(entry.phrase)}).`,
        suggestion: entry.suggestion,
      });
    }
  }
  return findings;
}
