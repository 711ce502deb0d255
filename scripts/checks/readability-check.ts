// Readability of a script's narration against its reading level's targets (scripts/checks/data/readability-targets.yaml).
import type { Claim, ReadingLevel, Script } from '../../shared/types.ts';
import { checksData, type ChecksData } from './data.ts';
import { type Finding, where } from './findings.ts';
import { saysVerbatim } from './grounding.ts';
import { scoreReadability, wordTokens } from './readability.ts';
import { describeCheck, evaluateTargets } from './targets.ts';

/** Input of {@link checkReadability}. */
export interface ReadabilityCheckInput {
  script: Script;
  language: string;
  readingLevel: ReadingLevel;
  claims: readonly Claim[];
}

type Located = { text: string; scene: number; sentence: number; verbatimClaim: boolean };

function sentencesOf({ script, claims, language }: ReadabilityCheckInput): Located[] {
  const byId = new Map(claims.map((c) => [c.id, c]));
  return script.scenes.flatMap((scene, i) =>
    scene.sentences.map(({ text, claimIds }, j) => ({
      text,
      scene: i,
      sentence: j,
      verbatimClaim: claimIds.some((id) => saysVerbatim(text, byId.get(id)?.text[language] ?? '')),
    })),
  );
}

/** Where to start shortening: the longest sentence, and whether it is approved claim text. */
function longestSentence(sentences: Located[]): string {
  let longest: (Located & { words: number }) | undefined;
  for (const s of sentences) {
    const words = wordTokens(s.text).length;
    if (!longest || words > longest.words) longest = { ...s, words };
  }
  if (!longest) return '';
  const claimNote = longest.verbatimClaim ? ', approved claim text' : '';
  return ` Longest sentence: ${where(longest.scene, longest.sentence).toLowerCase()} (${longest.words} words${claimNote}).`;
}

/**
 * Scores the whole narration and reports each missed target once. A miss is a warning, because approved claim texts
 * are quoted verbatim and their readability is the claim author's responsibility. It is blocking only when the
 * sentences the provider wrote itself (all but verbatim claim text) miss the same target by more than the data
 * file's `blockingMargin`: those the provider can and must rewrite.
 */
export function checkReadability(input: ReadabilityCheckInput, data: ChecksData = checksData()): Finding[] {
  const { language, readingLevel } = input;
  const limits = data.targets.languages[language]?.[readingLevel];
  if (!limits) return [];
  const sentences = sentencesOf(input);
  const all = evaluateTargets(scoreReadability(sentences.map((s) => s.text).join(' '), language), limits);
  const own = sentences.filter((s) => !s.verbatimClaim);
  const ownChecks = evaluateTargets(scoreReadability(own.map((s) => s.text).join(' '), language), limits);
  const hint = longestSentence(sentences);
  return all
    .filter((check) => !check.met)
    .map((check): Finding => {
      const ownMiss = ownChecks.find((c) => c.score === check.score)?.by ?? 0;
      const far = ownMiss > data.targets.blockingMargin[check.score];
      return {
        code: 'readability-target',
        severity: far ? 'blocking' : 'warning',
        message:
          `The narration misses the ${readingLevel} ${language} target: ${describeCheck(check, language)}.` +
          (far ? ` The script's own sentences miss it by ${ownMiss}.` : '') +
          hint,
        suggestion:
          'Use shorter sentences and more common, shorter words in the intro, transitions and closing; ' +
          'approved claim texts stay as they are.',
      };
    });
}
