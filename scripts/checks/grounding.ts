// Grounding: every sentence that states a medical fact cites current, approved claims, and says what they say.
import { createHash } from 'node:crypto';
import { describeWordingProblem, isClaimCurrent, wordingProblem } from '../../shared/claims.ts';
import { approvedWordings } from '../claim-wordings.ts';
import type { Claim, Script } from '../../shared/types.ts';
import { checksData, type ChecksData, type GroundingLists } from './data.ts';
import { type Finding, quote, quoteAll, where } from './findings.ts';
import { comparable, findPhrase, maskOut } from './match.ts';

/** Input of {@link checkGrounding}. */
export interface GroundingInput {
  script: Script;
  /** The language the audience reads; every cited claim needs its text in it. */
  language: string;
  claims: readonly Claim[];
  today: string;
  /** The campaign's approved call to action: agency copy, not a medical statement, so it needs no claim. */
  callToAction: string;
}

/** True when a sentence says a claim's approved text verbatim: it is part of the claim text, or contains all of it. */
export function saysVerbatim(sentence: string, claimText: string): boolean {
  const s = comparable(sentence);
  const c = comparable(claimText);
  return s !== '' && c !== '' && (c.includes(s) || s.includes(c));
}

/** The words that make an uncited sentence a medical statement (numbers, medical terms, risk statements), in order. */
export function medicalTriggers(text: string, lists: GroundingLists, callToAction: string): string[] {
  let rest = maskOut(text, callToAction);
  for (const age of lists.audienceAges) {
    for (const m of findPhrase(age, rest)) rest = maskOut(rest, m.text);
  }
  const digits = [...rest.matchAll(/[\p{L}\p{N}]*\p{Nd}[\p{L}\p{N}.,]*/gu)].map((m) => ({
    index: m.index,
    text: m[0].replace(/[.,]+$/, ''),
  }));
  const phrases = [...lists.numberWords, ...lists.terms, ...lists.riskStatements].flatMap((p) => findPhrase(p, rest));
  return [...digits, ...phrases].sort((a, b) => a.index - b.index).map((m) => m.text);
}

/** Why a cited claim id cannot stand behind a sentence today, or undefined when it can. */
function citationProblem(claim: Claim | undefined, today: string, language: string) {
  if (!claim) return { code: 'grounding-unknown-claim', why: 'is not in the claims library' };
  if (!isClaimCurrent(claim, today)) {
    const why =
      claim.status === 'withdrawn'
        ? 'is withdrawn'
        : claim.validFrom && today < claim.validFrom
          ? `is valid only from ${claim.validFrom}`
          : `expired on ${claim.validUntil ?? '(unknown)'}`;
    return { code: 'grounding-claim-not-current', why };
  }
  const wording = wordingProblem(claim, language, sha256Hex);
  if (wording === 'no-text') return { code: 'grounding-claim-language', why: `has no text in '${language}'` };
  // A translation nobody approved (or approved from a source text that has changed since) is not a medical claim.
  if (wording) {
    const why = describeWordingProblem(claim.id, language, wording).replace(`claim '${claim.id}' `, '');
    return { code: 'grounding-claim-translation', why };
  }
  return undefined;
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

type At = { scene: number; sentence: number };

/** A sentence that cites nothing must state no medical fact. */
function uncited(text: string, at: At, input: GroundingInput, lists: GroundingLists | undefined): Finding[] {
  const triggers = lists ? medicalTriggers(text, lists, input.callToAction) : [];
  if (triggers.length === 0) return [];
  const { language, today } = input;
  const match = input.claims.find((c) => isClaimCurrent(c, today) && saysVerbatim(text, c.text[language] ?? ''));
  return [
    {
      code: 'grounding-uncited',
      severity: 'blocking',
      ...at,
      message: `${where(at.scene, at.sentence)}: ${quote(text)} states a medical fact (${quoteAll(triggers)}) but cites no approved claim.`,
      suggestion: match
        ? `This is the text of approved claim '${match.id}': cite it.`
        : 'Cite the approved claim this sentence rests on, say exactly what that claim says, or remove the sentence.',
    },
  ];
}

/** A sentence that cites claims must cite usable ones, and should say what they say. */
function cited(text: string, claimIds: readonly string[], at: At, input: GroundingInput, byId: Map<string, Claim>) {
  const { language, today } = input;
  const findings: Finding[] = [];
  const citable: Claim[] = [];
  for (const id of claimIds) {
    const claim = byId.get(id);
    const problem = citationProblem(claim, today, language);
    if (claim && !problem) citable.push(claim);
    if (!problem) continue;
    findings.push({
      code: problem.code,
      severity: 'blocking',
      ...at,
      message: `${where(at.scene, at.sentence)}: cites claim '${id}', which ${problem.why}.`,
      suggestion:
        problem.code === 'grounding-claim-translation'
          ? `Have the claim's '${language}' wording approved as a translation (translations.${language} in claims.yaml), or cite another claim.`
          : 'Cite a current approved claim with a text in this language, or remove the sentence.',
    });
  }
  // Short texts, alternatives, a myth and why it is wrong are approved wordings of the claim too.
  const verbatim = (c: Claim) => approvedWordings(c, language).some((w) => saysVerbatim(text, w));
  if (citable.length > 0 && !citable.some(verbatim)) {
    const ids = citable.map((c) => `'${c.id}'`).join(', ');
    findings.push({
      code: 'grounding-paraphrase',
      severity: 'warning',
      ...at,
      message: `${where(at.scene, at.sentence)}: ${quote(text)} paraphrases claim ${ids}; the reviewer must compare it with the approved text.`,
      suggestion: `Say the approved text of ${ids} verbatim, or make sure the paraphrase keeps its exact meaning.`,
    });
  }
  return findings;
}

/**
 * Checks every narrated sentence. Blocking: a sentence with a number, medical term or risk statement that cites no
 * claim; a citation of an unknown, withdrawn, expired or not-yet-valid claim, or of a claim without an approved
 * wording in the audience's language (a text there that is neither the source nor an approved, current translation). Warning: a sentence that does not say its claims' approved text verbatim (an LLM may
 * paraphrase; only a reviewer can judge whether the meaning survived).
 */
export function checkGrounding(input: GroundingInput, data: ChecksData = checksData()): Finding[] {
  const lists = data.grounding[input.language];
  const byId = new Map(input.claims.map((c) => [c.id, c]));
  return input.script.scenes.flatMap((scene, i) =>
    scene.sentences.flatMap(({ text, claimIds }, j) =>
      claimIds.length === 0
        ? uncited(text, { scene: i, sentence: j }, input, lists)
        : cited(text, claimIds, { scene: i, sentence: j }, input, byId),
    ),
  );
}
