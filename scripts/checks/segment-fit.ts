// Fit: cited claims answer the segment's concerns and suit its audience; myths come corrected; nothing is asked twice.
import type { Claim, Script, Segment } from '../../shared/types.ts';
import { factWordings } from '../claim-wordings.ts';
import { concernsAnswered, fitsAudience } from '../select-claims.ts';
import { type Finding, quote, where } from './findings.ts';
import { comparable } from './match.ts';
import { saysVerbatim } from './grounding.ts';

/** Input of {@link checkSegmentFit} and {@link checkMyths}. */
export interface FitInput {
  script: Script;
  language: string;
  claims: readonly Claim[];
  /** The segment's concerns and tags, which decide which claims belong in its script. */
  segment: Pick<Segment, 'concerns' | 'tags'>;
}

/**
 * Blocking: a cited claim that answers none of the segment's concerns, or is meant for other audiences (a claim for
 * one group in the script for another). Reported once per scene and claim, at its first sentence.
 */
export function checkSegmentFit({ script, claims, segment }: FitInput): Finding[] {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const findings: Finding[] = [];
  script.scenes.forEach((scene, i) => {
    const seen = new Set<string>();
    scene.sentences.forEach(({ claimIds }, j) => {
      for (const id of claimIds) {
        const claim = byId.get(id);
        // Unknown claims are grounding's finding.
        if (!claim || seen.has(id)) continue;
        seen.add(id);
        if (concernsAnswered(claim, segment).length === 0) {
          findings.push({
            code: 'fit-claim-off-concern',
            severity: 'blocking',
            scene: i,
            sentence: j,
            message: `${where(i, j)}: cites claim '${id}', which answers none of the segment's concerns (${segment.concerns.join(', ')}).`,
            suggestion: "Cite a claim that answers one of the segment's concerns, or remove the sentence.",
          });
        } else if (!fitsAudience(claim, segment)) {
          findings.push({
            code: 'fit-claim-other-audience',
            severity: 'blocking',
            scene: i,
            sentence: j,
            message: `${where(i, j)}: cites claim '${id}', which is meant for ${(claim.audiences ?? []).join(', ')}, not for this segment.`,
            suggestion: "Cite a claim meant for this segment's audience, or remove the sentence.",
          });
        }
      }
    });
  });
  return findings;
}

/**
 * Blocking: a sentence that states a claim's myth without a sentence citing that claim and stating its fact both
 * before and after it in the same scene (the truth sandwich: the myth must never be the first or last word).
 */
export function checkMyths({ script, language, claims }: Omit<FitInput, 'segment'>): Finding[] {
  const withMyth = claims.filter((c) => c.myth?.text[language]?.trim());
  const findings: Finding[] = [];
  script.scenes.forEach((scene, i) => {
    const statesFact = (j: number, claim: Claim) => {
      const s = scene.sentences[j];
      return (
        s !== undefined &&
        s.claimIds.includes(claim.id) &&
        !isMyth(s.text, claim) &&
        factWordings(claim, language).some((w) => saysVerbatim(s.text, w))
      );
    };
    const isMyth = (text: string, claim: Claim) =>
      comparable(text).includes(comparable(claim.myth?.text[language] ?? '')) && comparable(text) !== '';
    scene.sentences.forEach(({ text }, j) => {
      for (const claim of withMyth.filter((c) => isMyth(text, c))) {
        const before = scene.sentences.slice(0, j).some((_, k) => statesFact(k, claim));
        const after = scene.sentences.slice(j + 1).some((_, k) => statesFact(j + 1 + k, claim));
        if (before && after) continue;
        const missing = !before && !after ? 'before and after it' : before ? 'after it' : 'before it';
        findings.push({
          code: 'myth-uncorrected',
          severity: 'blocking',
          scene: i,
          sentence: j,
          message: `${where(i, j)}: ${quote(text)} states the myth of claim '${claim.id}' with no fact of that claim ${missing}.`,
          suggestion: `Tell it as a truth sandwich: the fact of '${claim.id}', the warned myth, why it is wrong, the fact again.`,
        });
      }
    });
  });
  return findings;
}

const isQuestion = (text: string) => /[?？؟]["“”»«']?\s*$/.test(text.trim());

/** Warning: an on-screen heading, or a question in the narration, that an earlier scene already showed or asked. */
export function checkRepetition(script: Script): Finding[] {
  const findings: Finding[] = [];
  const headings = new Map<string, number>();
  const questions = new Map<string, number>();
  script.scenes.forEach((scene, i) => {
    const heading = comparable(scene.onScreenText);
    const first = headings.get(heading);
    if (heading && first !== undefined) {
      findings.push({
        code: 'repeated-heading',
        severity: 'warning',
        scene: i,
        message: `${where(i, undefined, 'on-screen text')}: ${quote(scene.onScreenText)} repeats the heading of scene ${first + 1}.`,
        suggestion: 'Give each scene its own heading (campaign.yaml `concerns.<concern>.heading`).',
      });
    } else if (heading) headings.set(heading, i);
    scene.sentences.forEach(({ text }, j) => {
      if (!isQuestion(text)) return;
      const key = comparable(text);
      const asked = questions.get(key);
      if (asked === undefined) {
        questions.set(key, i);
        return;
      }
      findings.push({
        code: 'repeated-question',
        severity: 'warning',
        scene: i,
        sentence: j,
        message: `${where(i, j)}: the question ${quote(text)} was already asked in scene ${asked + 1}.`,
        suggestion: 'Ask each question once; drop or reword the repetition.',
      });
    });
  });
  return findings;
}
