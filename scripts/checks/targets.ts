// Readability targets per reading level: which scores a text must reach, and how a score is described to people.
import { round, type ReadabilityResult, type ScoreName } from './readability.ts';

/** Limits on scores; a level without a limit on a score accepts any value. */
export type ScoreLimits = Partial<Record<ScoreName, { min?: number; max?: number }>>;

/** One score compared with its limit. `by` is how far it misses (0 when met). */
export interface TargetCheck {
  score: ScoreName;
  value: number;
  min?: number;
  max?: number;
  met: boolean;
  by: number;
}

/** Compares a result's scores with limits; a score the result lacks (empty text) is not judged. */
export function evaluateTargets(result: ReadabilityResult, limits: ScoreLimits): TargetCheck[] {
  return Object.entries(limits).flatMap(([name, limit]) => {
    const score = name as ScoreName;
    const value = result.scores[score];
    if (value === undefined || !limit) return [];
    const by = Math.max(0, (limit.min ?? -Infinity) - value, value - (limit.max ?? Infinity));
    return [{ score, value, ...limit, met: by === 0, by: round(by) }];
  });
}

/** A score's name for people; `fre` is Amstad's formula in German and Flesch's in English. */
export function scoreLabel(score: ScoreName, lang: string): string {
  const labels: Record<ScoreName, string> = {
    fre: lang === 'de' ? 'Flesch reading ease (Amstad)' : 'Flesch reading ease',
    wstf: 'Wiener Sachtextformel',
    fkGrade: 'Flesch–Kincaid grade',
    avgSentenceLength: 'words per sentence',
    avgWordLength: 'letters per word',
  };
  return labels[score];
}

/** `Flesch reading ease (Amstad) 59.41 (target: at least 60)`. */
export function describeCheck(check: TargetCheck, lang: string): string {
  const useMin = check.min !== undefined && (check.max === undefined || check.value < check.min);
  const target = useMin ? `at least ${check.min}` : `at most ${check.max}`;
  return `${scoreLabel(check.score, lang)} ${check.value} (target: ${target})`;
}
