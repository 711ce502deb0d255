import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseClaimsFile } from '../../campaign/claims-file.ts';
import { crossFileProblems } from '../../campaign/validate-campaign.ts';
import { checkGrounding } from '../../scripts/checks/grounding.ts';
import { wordingProblem } from '../../shared/claims.ts';
import type { Claim, Script } from '../../shared/types.ts';
import { testBrief, testSegment } from '../support/fixtures.ts';
import { inputErrorMessage } from '../segments/helpers.ts';

const DE = 'Die Impfung ist sicher.';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const file = (translations: string, head = '') => `${head}claims:
  - id: safe
    text:
      de: ${DE}
      tr: Aşı güvenlidir.
${translations}    topics: [safety]
    source:
      title: Source
      publisher: RKI
      url: https://www.rki.de/
      date: 2025-01-23
`;
const approval = (lang: string, from: string, hash: string) =>
  `    translations:\n      ${lang}:\n        approvedBy: Dr. Aylin Demir\n        approvedAt: 2026-09-01\n        from: { language: ${from}, sha256: ${hash} }\n`;

const TR_SCRIPT: Script = {
  title: 'Aşı',
  language: 'tr',
  readingLevel: 'plain',
  scenes: [
    { sentences: [{ text: 'Aşı güvenlidir.', claimIds: ['safe'] }], onScreenText: '', visual: '', durationSeconds: 5 },
  ],
  callToAction: 'Doktorunuza sorun.',
  aiDisclosure: 'Yapay zekâ ile üretildi.',
  sources: [],
};
const grounding = (claims: Claim[]) =>
  checkGrounding({
    script: TR_SCRIPT,
    language: 'tr',
    claims,
    today: '2026-10-01',
    callToAction: 'Doktorunuza sorun.',
  });

describe('claims.yaml translation approvals', () => {
  it('records the source language and who approved a translation from which source text', () => {
    const [claim] = parseClaimsFile(file(approval('tr', 'de', sha(DE).slice(0, 16))), 'claims.yaml');
    expect(claim).toMatchObject({
      sourceLanguage: 'de',
      translations: { tr: { approvedBy: 'Dr. Aylin Demir', approvedAt: '2026-09-01', from: { language: 'de' } } },
    });
    expect(wordingProblem(claim!, 'tr', sha)).toBeUndefined();
    expect(wordingProblem(claim!, 'de', sha)).toBeUndefined();
  });

  it('takes an older file’s first language as the source and leaves its other texts unapproved', () => {
    const [claim] = parseClaimsFile(file(''), 'claims.yaml');
    expect(claim!.sourceLanguage).toBe('de');
    expect(wordingProblem(claim!, 'tr', sha)).toBe('not-approved');
    expect(wordingProblem(claim!, 'uk', sha)).toBe('no-text');
  });

  it('takes the file’s sourceLanguage, and refuses one the claim has no text in at its line', () => {
    const [claim] = parseClaimsFile(file('', 'sourceLanguage: tr\n'), 'claims.yaml');
    expect(claim!.sourceLanguage).toBe('tr');
    expect(wordingProblem(claim!, 'de', sha)).toBe('not-approved');
    expect(inputErrorMessage(() => parseClaimsFile(file('', 'sourceLanguage: en\n'), 'claims.yaml'))).toBe(
      "claims.yaml:1:17: claim 'safe': the source language is 'en' but text has no 'en'; add text.en or set the claim's sourceLanguage to the language it was approved in",
    );
  });

  it('refuses approvals of a language without text, from itself, of the source, and a malformed hash, with positions', () => {
    const text = file(
      approval('uk', 'de', sha(DE)) +
        '      tr:\n        approvedBy: X\n        approvedAt: 2026-09-01\n        from: { language: tr, sha256: zz }\n',
    );
    expect(inputErrorMessage(() => parseClaimsFile(text, 'claims.yaml')).split('\n')).toEqual([
      'claims.yaml:14:39: claims[0].translations.tr.from.sha256: must be the SHA-256 (hex) of the source text, at least its first 12 digits',
      "claims.yaml:7:7: claims[0].translations.uk: approves a 'uk' translation but text has no 'uk'; add text.uk or remove this entry",
      "claims.yaml:14:27: claims[0].translations.tr.from.language: names 'tr' itself; name the language this wording was translated from",
    ]);
    expect(inputErrorMessage(() => parseClaimsFile(file(approval('de', 'tr', sha(DE))), 'claims.yaml'))).toBe(
      "claims.yaml:7:7: claim 'safe': 'de' is its source language and needs no translation approval; remove translations.de",
    );
  });

  it('makes a translation stale when the source text changed since its approval', () => {
    const [claim] = parseClaimsFile(file(approval('tr', 'de', sha('Die Impfung ist sehr sicher.'))), 'claims.yaml');
    expect(wordingProblem(claim!, 'tr', sha)).toBe('stale');
  });

  it('blocks a script citing a claim without an approved wording in its language, naming claim and language', () => {
    const [unapproved] = parseClaimsFile(file(''), 'claims.yaml');
    const [finding] = grounding([unapproved!]);
    expect(finding).toMatchObject({ code: 'grounding-claim-translation', severity: 'blocking', scene: 0, sentence: 0 });
    expect(finding!.message).toBe(
      "Scene 1, sentence 1: cites claim 'safe', which has no approved wording in 'tr': its 'tr' text has no translation approval (translations.tr in claims.yaml).",
    );
    const [stale] = parseClaimsFile(file(approval('tr', 'de', sha('Old text.'))), 'claims.yaml');
    expect(grounding([stale!]).map((f) => f.code)).toEqual(['grounding-claim-translation']);
    const [approved] = parseClaimsFile(file(approval('tr', 'de', sha(DE))), 'claims.yaml');
    expect(grounding([approved!]).filter((f) => f.severity === 'blocking')).toEqual([]);
  });

  it('keeps claims stored before translations were recorded usable in every language they have', () => {
    const legacy: Claim = { ...parseClaimsFile(file(''), 'c.yaml')[0]!, sourceLanguage: undefined };
    expect(grounding([legacy]).filter((f) => f.severity === 'blocking')).toEqual([]);
  });

  it('warns at the segment when a claim meant for it has no approved wording in its language, with the hash to record', () => {
    const claims = parseClaimsFile(file(''), 'claims.yaml');
    const segment = testSegment('turkish-adults', { language: 'tr' });
    const brief = testBrief({ callToAction: { tr: 'Doktorunuza sorun.' } });
    const { problems, warnings } = crossFileProblems(brief, [segment], claims, { today: '2026-10-01' });
    expect(problems).toEqual([]);
    expect(warnings.map((w) => w.message)).toContainEqual(
      `segment 'turkish-adults': claim 'safe' has no approved wording in 'tr': its 'tr' text has no translation approval (translations.tr in claims.yaml); the de text's SHA-256 is ${sha(DE)}; scripts citing it get a blocking finding`,
    );
  });
});

describe('the example campaigns’ claims', () => {
  it('approve every translated text of both examples from the current source text', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const example of ['autumn-vaccination-2026', 'measles-catch-up']) {
      const path = `examples/${example}/claims.yaml`;
      const claims = parseClaimsFile(await readFile(path, 'utf8'), path);
      for (const c of claims) {
        for (const lang of Object.keys(c.text)) expect(wordingProblem(c, lang, sha), `${c.id} ${lang}`).toBeUndefined();
      }
    }
  });
});
