// Drift between a sentence and its back-translation, on pairs that agree and pairs that do not.
import { describe, expect, it } from 'vitest';
import { driftFindings, monthsIn, negationsIn, numbersIn } from '../../../scripts/translation/drift.ts';

const drift = (source: [string, string], back: [string, string], extra: { cited?: string[]; ids?: string[] } = {}) =>
  driftFindings({
    scene: 1,
    sentence: 2,
    source: { text: source[0], lang: source[1] },
    back: { text: back[0], lang: back[1] },
    claimIds: extra.ids ?? ['flu-annual'],
    citedWordings: extra.cited ?? [],
  });
const codes = (findings: ReturnType<typeof drift>) => findings.map((f) => f.code);

describe('driftFindings', () => {
  it('finds nothing where the back-translation says what the sentence says', () => {
    expect(
      drift(['Randevu için 116 117 numarasını arayın.', 'tr'], ['Rufen Sie für einen Termin 116 117 an.', 'de']),
    ).toEqual([]);
    expect(
      drift(['Пройдите вакцинацию до 15 октября.', 'ru'], ['Lassen Sie sich bis zum 15. Oktober impfen.', 'de']),
    ).toEqual([]);
    expect(drift(['Die Impfung ist nicht gefährlich.', 'de'], ['The vaccination is not dangerous.', 'en'])).toEqual([]);
  });

  it('flags a changed number, naming the sentence as people count and both numbers', () => {
    const [finding, ...rest] = drift(
      ['Randevu için 116 117 numarasını arayın.', 'tr'],
      ['Rufen Sie 116 118 an.', 'de'],
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: 'drift-number', severity: 'warning', scene: 1, sentence: 2 });
    expect(finding!.message).toBe(
      "Sentence 2.3: the script says the numbers 116, 117, the back-translation into 'de' says 116, 118.",
    );
  });

  it('reads number words of the workspace languages and number formats alike', () => {
    expect(numbersIn('Zwei Impfungen im Abstand von 4 Wochen.', 'de')).toEqual(['2', '4']);
    expect(numbersIn('1.000 Menschen, 0,5 ml', 'de')).toEqual(['0.5', '1000']);
    expect(numbersIn('1,000 people and 0.5 ml', 'en')).toEqual(['0.5', '1000']);
    expect(numbersIn('bis 15.10.2026', 'de')).toEqual(['15', '2026']);
    expect(drift(['İki doz gerekir: 2 doz.', 'tr'], ['Two doses are needed: 2 doses.', 'en'])).toEqual([
      expect.objectContaining({ code: 'drift-number' }),
    ]);
  });

  it('flags a changed month', () => {
    expect(monthsIn('1 Ekim 2026', 'tr')).toEqual([10]);
    expect(monthsIn('am 1.11.2026', 'de')).toEqual([11]);
    expect(codes(drift(['Aşılar Ekim ayında başlar.', 'tr'], ['Die Impfungen beginnen im November.', 'de']))).toEqual([
      'drift-date',
    ]);
  });

  it('flags a lost or an added negation', () => {
    expect(negationsIn('Aşı tehlikeli değil.', 'tr')).toBe(1);
    expect(negationsIn('Вакцина не опасна.', 'ru')).toBe(1);
    expect(codes(drift(['Aşı tehlikeli değil.', 'tr'], ['Die Impfung ist gefährlich.', 'de']))).toEqual([
      'drift-negation',
    ]);
    expect(codes(drift(['The vaccine is safe.', 'en'], ['Der Impfstoff ist nicht sicher.', 'de']))).toEqual([
      'drift-negation',
    ]);
  });

  it('flags a claim id on one side only, and a cited claim’s figure the back-translation lacks', () => {
    expect(
      codes(drift(['Yılda bir kez aşı olun [flu-annual].', 'tr'], ['Lassen Sie sich einmal im Jahr impfen.', 'de'])),
    ).toEqual(['drift-claim']);
    const cited = ['Die STIKO empfiehlt die Impfung ab 60 Jahren.'];
    expect(codes(drift(['Aşı önerilir.', 'tr'], ['Die Impfung wird empfohlen.', 'de'], { cited }))).toEqual([
      'drift-claim',
    ]);
  });

  it('flags one sentence that came back as several', () => {
    expect(
      codes(drift(['Aşı ücretsizdir ve güvenlidir.', 'tr'], ['Die Impfung ist kostenlos. Sie ist sicher.', 'de'])),
    ).toEqual(['drift-sentence-count']);
  });
});
