// Easy-language (Leichte Sprache) findings: every narrated sentence of an `easy` script against the rules.
import { approvedWordings, factWordings } from '../claim-wordings.ts';
import { splitSentences } from '../../shared/text.ts';
import type { Claim, Script } from '../../shared/types.ts';
import { checksData, type ChecksData, type EasyLanguageLists } from './data.ts';
import { EASY_RULE_NAMES, easyBreaches, LANGUAGE_NEUTRAL_RULES, type Breach, type EasyRule } from './easy-rules.ts';
import { type Finding, quote, quoteAll, type Severity, where } from './findings.ts';
import { saysVerbatim } from './grounding.ts';
import { comparable } from './match.ts';

/** Input of {@link checkEasyLanguage}. */
export interface EasyLanguageInput {
  script: Script;
  language: string;
  claims: readonly Claim[];
  /** The campaign's approved call to action in the script's language. */
  callToAction: string;
}

/**
 * Severity in sentences the drafting provider wrote itself, which it can and must rewrite. Rules a word list catches
 * reliably block (and so trigger a redraft); the heuristic ones (clause words after a comma, dictionary compound
 * splits) and negation, which Leichte Sprache flags but some facts need, warn. A reviewer may approve either.
 */
const OWN_SEVERITY: Readonly<Record<EasyRule, Severity>> = {
  'sentence-length': 'blocking',
  'numbers-as-digits': 'blocking',
  passive: 'blocking',
  genitive: 'blocking',
  subjunctive: 'blocking',
  'one-statement': 'warning',
  'long-compound': 'warning',
  negation: 'warning',
};

/** Whether every sentence of a wording keeps the rules; negation alone is allowed (it is flagged, not forbidden). */
export function followsEasyRules(wording: string, lists: EasyLanguageLists | undefined): boolean {
  return splitSentences(wording).every((s) => easyBreaches(s, lists).every((b) => b.rule === 'negation'));
}

/**
 * The wording of a claim an easy script says: the first of its approved fact wordings — `text`, then its
 * `alternatives`, then its `shortText` — that keeps the rules, else its `text` (and the checks flag it).
 */
export function easyClaimWording(claim: Claim, language: string, data: ChecksData = checksData()): string {
  const lists = data.easy[language];
  const text = claim.text[language] ?? '';
  const candidates = [text, ...(claim.alternatives?.[language] ?? []), claim.shortText?.[language] ?? ''];
  return candidates.find((w) => w.trim() && followsEasyRules(w, lists)) ?? text;
}

type Origin = { kind: 'own' } | { kind: 'claim'; claim: Claim } | { kind: 'cta' };

/** Who wrote a sentence: approved claim wording said verbatim, the campaign's call to action, or the provider. */
function originOf(text: string, claimIds: readonly string[], input: EasyLanguageInput, byId: Map<string, Claim>) {
  for (const id of claimIds) {
    const claim = byId.get(id);
    if (claim && approvedWordings(claim, input.language).some((w) => saysVerbatim(text, w))) {
      return { kind: 'claim', claim } satisfies Origin;
    }
  }
  const cta = comparable(input.callToAction);
  if (cta && comparable(text).includes(cta)) return { kind: 'cta' } satisfies Origin;
  return { kind: 'own' } satisfies Origin;
}

function suggestion(
  sentence: string,
  breach: Breach,
  origin: Origin,
  input: EasyLanguageInput,
  lists?: EasyLanguageLists,
): string {
  const { language } = input;
  if (origin.kind === 'own') return breach.fix;
  if (origin.kind === 'cta') {
    return (
      `This is the campaign's approved call to action: write callToAction.${language} in the campaign file in easy ` +
      'language (it serves every reading level), or approve this exception.'
    );
  }
  const { claim } = origin;
  const keeps =
    breach.rule === 'negation'
      ? (w: string) => splitSentences(w).every((s) => easyBreaches(s, lists).length === 0)
      : (w: string) => followsEasyRules(w, lists);
  const better = factWordings(claim, language).find((w) => !saysVerbatim(sentence, w) && keeps(w));
  if (better) return `This is approved claim text: say the claim's approved wording ${quote(better)} instead.`;
  if (breach.rule === 'negation') {
    return (
      `Flagged, not forbidden: approved claim text may need its negation. Check that it reads clearly, or add a ` +
      `positive easy-language wording of claim '${claim.id}' to the claims file (alternatives.${language}).`
    );
  }
  return (
    `This is approved claim text, which only its approvers may reword: add an easy-language wording of claim ` +
    `'${claim.id}' to the claims file (alternatives.${language}); easy scripts say the first approved wording that ` +
    'keeps the rules.'
  );
}

/**
 * Checks every narrated sentence of an easy-language script. German gets every rule; other languages get the
 * language-neutral ones (sentence length, one statement, numbers as digits) and one info finding saying so.
 * Approved text — a claim's wording said verbatim, the campaign's call to action — is reported as a warning (its
 * authors must supply an easy wording; negation there is info), the provider's own sentences as {@link OWN_SEVERITY}.
 */
export function checkEasyLanguage(input: EasyLanguageInput, data: ChecksData = checksData()): Finding[] {
  const { script, language } = input;
  const lists = data.easy[language];
  const byId = new Map(input.claims.map((c) => [c.id, c]));
  const findings: Finding[] = [];
  if (!lists?.grammar) {
    const neutral = LANGUAGE_NEUTRAL_RULES.map((r) => EASY_RULE_NAMES[r]).join(', ');
    findings.push({
      code: 'easy-rules-partial',
      severity: 'info',
      message:
        `The Leichte Sprache grammar rules (passive, genitive, subjunctive, negation, compounds) are defined for ` +
        `German; this '${language}' script was checked only for: ${neutral}.` +
        (lists?.numberWords.length ? '' : ` Numbers written as words are not recognised in '${language}'.`),
      suggestion: 'Ask a test reader of the target group to read the script.',
    });
  }
  script.scenes.forEach((scene, i) =>
    scene.sentences.forEach(({ text, claimIds }, j) => {
      const origin = originOf(text, claimIds, input, byId);
      for (const breach of easyBreaches(text, lists)) {
        const approved = origin.kind !== 'own';
        const severity = approved ? (breach.rule === 'negation' ? 'info' : 'warning') : OWN_SEVERITY[breach.rule];
        const what = breach.detail ?? quoteAll(breach.words);
        findings.push({
          code: `easy-${breach.rule}`,
          severity,
          scene: i,
          sentence: j,
          message: `${where(i, j)}: ${quote(text)} breaks the easy-language rule "${EASY_RULE_NAMES[breach.rule]}": ${what}.`,
          suggestion: suggestion(text, breach, origin, input, lists),
        });
      }
    }),
  );
  return findings;
}
