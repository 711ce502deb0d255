// Structure: spoken length vs. planned duration, call to action, AI disclosure, and the narration's language.
import { francAll } from 'franc-min';
import { sceneNarration } from '../../shared/text.ts';
import type { ReadingLevel, Script } from '../../shared/types.ts';
import { checksData, type ChecksData } from './data.ts';
import { type Finding, quote, where } from './findings.ts';
import { comparable } from './match.ts';
import { wordTokens } from './readability.ts';

/** Input of {@link checkStructure}. */
export interface StructureInput {
  script: Script;
  segmentLanguage: string;
  readingLevel: ReadingLevel;
  /** The campaign's approved call to action (default: the script's own). */
  callToAction: string;
}

/** Shorter narration is not judged: trigram statistics on a few words are guesswork. */
export const MIN_DETECTABLE_CHARS = 60;
/** Below this relative franc score for the expected language a mismatch is clear (blocking), above it a warning. */
export const CLEAR_MISMATCH_SCORE = 0.95;
const ISO_639_3: Record<string, string> = { de: 'deu', en: 'eng', tr: 'tur', uk: 'ukr' };
const ISO_639_1 = Object.fromEntries(Object.entries(ISO_639_3).map(([one, three]) => [three, one]));

/**
 * Seconds a narrator needs for a text at the language's rate for the reading level, to a tenth. A language without
 * a rate (reported as unsupported anyway) is timed at the English rate.
 */
export function spokenSeconds(
  text: string,
  lang: string,
  level: ReadingLevel,
  data: ChecksData = checksData(),
): number {
  const rates = data.speech.wordsPerSecond;
  const rate = rates[lang]?.[level] ?? rates.en?.[level] ?? 2.5;
  return Math.round((wordTokens(text).length / rate) * 10) / 10;
}

/** Scene and total lengths: a scene may run over its plan by the tolerance; the video must fit the total range. */
function durations(input: StructureInput, data: ChecksData): Finding[] {
  const { script, segmentLanguage: lang, readingLevel } = input;
  const { tolerance, totalSeconds } = data.speech;
  const findings: Finding[] = [];
  let total = 0;
  script.scenes.forEach((scene, i) => {
    const spoken = spokenSeconds(sceneNarration(scene), lang, readingLevel, data);
    total += Math.max(spoken, scene.durationSeconds);
    if (spoken <= scene.durationSeconds * tolerance) return;
    findings.push({
      code: 'structure-scene-too-long',
      severity: 'warning',
      scene: i,
      message: `${where(i)}: the narration needs about ${spoken} s to speak but the scene is planned for ${scene.durationSeconds} s.`,
      suggestion: `Shorten the narration or plan the scene for at least ${Math.ceil(spoken)} s.`,
    });
  });
  total = Math.round(total * 10) / 10;
  if (total < totalSeconds.min || total > totalSeconds.max) {
    findings.push({
      code: 'structure-total-duration',
      severity: 'blocking',
      message: `The video would last about ${total} s; explainers must run ${totalSeconds.min}–${totalSeconds.max} s.`,
      suggestion:
        total > totalSeconds.max
          ? 'Narrate fewer claims or shorter intro and closing scenes.'
          : 'Add a scene answering another concern of the segment.',
    });
  }
  return findings;
}

/**
 * The call to action is present when the script's `callToAction` field is set: the renderer shows it on the end card
 * and in the captions (blocking when empty). Speaking it in the last scene helps viewers who only listen (info).
 */
function callToAction({ script, callToAction: approved }: StructureInput): Finding[] {
  const cta = script.callToAction.trim();
  if (!cta) {
    return [
      {
        code: 'structure-cta-missing',
        severity: 'blocking',
        message: 'The script has no call to action.',
        suggestion: `Use the campaign's call to action: ${quote(approved)}.`,
      },
    ];
  }
  const findings: Finding[] = [];
  if (approved.trim() && comparable(cta) !== comparable(approved)) {
    findings.push({
      code: 'structure-cta-changed',
      severity: 'warning',
      message: `The call to action ${quote(cta)} differs from the campaign's ${quote(approved)}.`,
      suggestion: "Use the campaign's call to action word for word.",
    });
  }
  const last = script.scenes.length - 1;
  const lastScene = script.scenes[last];
  if (lastScene && !comparable(sceneNarration(lastScene)).includes(comparable(cta))) {
    findings.push({
      code: 'structure-cta-not-spoken',
      severity: 'info',
      scene: last,
      message: `${where(last)}: the last scene does not speak the call to action; only the end card shows it.`,
      suggestion: `End the narration with ${quote(cta)}.`,
    });
  }
  return findings;
}

/** Whether the narration is in the segment's language, judged by franc on the whole narration. */
function narrationLanguage({ script, segmentLanguage }: StructureInput): Finding[] {
  const findings: Finding[] = [];
  if (script.language !== segmentLanguage) {
    findings.push({
      code: 'structure-language-mismatch',
      severity: 'blocking',
      message: `The script is declared as '${script.language}', but the segment reads '${segmentLanguage}'.`,
      suggestion: `Draft the script in '${segmentLanguage}'.`,
    });
  }
  const text = script.scenes.map(sceneNarration).join(' ');
  const expected = ISO_639_3[segmentLanguage];
  const ranked = text.length >= MIN_DETECTABLE_CHARS && expected ? francAll(text) : [];
  const [top] = ranked;
  if (!top || top[0] === 'und') {
    const why = expected
      ? `the narration is shorter than ${MIN_DETECTABLE_CHARS} characters`
      : `'${segmentLanguage}' is not detectable`;
    return [
      ...findings,
      {
        code: 'structure-language-undetermined',
        severity: 'info',
        message: `The narration's language is undetermined: ${why}.`,
      },
    ];
  }
  if (top[0] === expected) return findings;
  const score = ranked.find(([code]) => code === expected)?.[1] ?? 0;
  const detected = ISO_639_1[top[0]] ?? top[0];
  findings.push({
    code: 'structure-language-mismatch',
    severity: score < CLEAR_MISMATCH_SCORE ? 'blocking' : 'warning',
    message: `The narration reads as '${detected}', not as the segment's language '${segmentLanguage}'.`,
    suggestion: `Write every sentence in '${segmentLanguage}'.`,
  });
  return findings;
}

/** Checks lengths, call to action, AI disclosure (blocking when empty: EU AI Act Art. 50) and language. */
export function checkStructure(input: StructureInput, data: ChecksData = checksData()): Finding[] {
  const disclosure: Finding[] = input.script.aiDisclosure.trim()
    ? []
    : [
        {
          code: 'structure-disclosure-missing',
          severity: 'blocking',
          message: 'The script has no AI disclosure.',
          suggestion: 'Add the AI-disclosure line; viewers must be told at first exposure that the video is AI-made.',
        },
      ];
  return [...durations(input, data), ...callToAction(input), ...disclosure, ...narrationLanguage(input)];
}
