import { describe, expect, it } from 'vitest';
import { splitCompound, splitSpellings } from '../../../scripts/checks/compounds.ts';
import { checksData } from '../../../scripts/checks/data.ts';
import { easyBreaches, type EasyRule } from '../../../scripts/checks/easy-rules.ts';

const lists = checksData().easy;
const rulesOf = (sentence: string, language = 'de') => easyBreaches(sentence, lists[language]).map((b) => b.rule);

/**
 * German sentences per rule: `bad` ones break it (and may break others), `good` ones say the same in easy language
 * and break no rule at all. Written after the examples of the Netzwerk Leichte Sprache's rule book and health texts.
 */
const CORPUS: Record<EasyRule, { bad: string[]; good: string[] }> = {
  'sentence-length': {
    bad: [
      'Die Ständige Impfkommission empfiehlt allen Menschen ab 60 Jahren jedes Jahr im Herbst eine Impfung gegen die Grippe.',
      'Wenn Sie Fragen zu Ihrer Impfung haben, dann können Sie in Ihrer Praxis oder in Ihrer Apotheke nachfragen.',
    ],
    good: ['Die STIKO empfiehlt allen ab 60 Jahren eine Grippe-Impfung.', 'Diese Impfung ist jedes Jahr im Herbst.'],
  },
  'one-statement': {
    bad: [
      'Masern sind sehr ansteckend, und fast jeder Mensch ohne Schutz wird krank.',
      'Die Impfung hilft, weil sie vor schweren Verläufen schützt.',
      'Fragen Sie Ihre Ärztin, die Sie gut kennt.',
      'Die Impfung ist sicher; sie schützt Sie.',
      'Das können Sie jetzt tun: Fragen Sie in Ihrer Praxis.',
      'Die Impfung schützt – auch Ihre Familie.',
    ],
    good: [
      'Masern sind sehr ansteckend.',
      'Müdigkeit, Kopf-Schmerzen oder leichtes Fieber sind möglich.',
      'Das können Sie jetzt tun.',
      'Die Praxis öffnet um 10:30 Uhr.',
    ],
  },
  'numbers-as-digits': {
    bad: [
      'Der Schutz baut sich in zwei Wochen auf.',
      'Die Beschwerden gehen nach drei Tagen weg.',
      'Die zweite Impfung ist mit 15 Monaten.',
      'Die Studie hatte Hunderttausende Kinder.',
      'Sie brauchen zwölf Monate Abstand.',
    ],
    good: ['Der Schutz baut sich in 2 Wochen auf.', 'Die 2. Impfung ist mit 15 Monaten.', 'Eine Impfung reicht.'],
  },
  passive: {
    bad: [
      'Die Impfung wird in den Arm gegeben.',
      'Sie können am selben Termin geimpft werden.',
      'Die Kosten werden von der Kasse übernommen.',
      'Kinder wurden früher seltener geimpft.',
      'Die Impfung ist bereits verabreicht worden.',
      'Sie werden vorher informiert.',
    ],
    good: [
      'Die Ärztin gibt Ihnen die Impfung in den Arm.',
      'Sie werden nach der Impfung vielleicht müde.',
      'Die Kasse bezahlt die Impfung.',
      'Die geimpften Kinder werden seltener krank.',
    ],
  },
  genitive: {
    bad: [
      'Die Wirkung des Impf-Stoffs ist gut.',
      'Wegen der Grippe bleiben Sie zu Hause.',
      'Die Impfung schützt während der Schwangerschaft.',
      'Das ist der Wunsch eines Kindes.',
      'Sprechen Sie über die Gesundheit Ihres Kindes.',
    ],
    good: [
      'Die Wirkung von dem Impf-Stoff ist gut.',
      'Sie haben Grippe.',
      'Bleiben Sie dann zu Hause.',
      'Die Impfung schützt in der Schwangerschaft.',
    ],
  },
  subjunctive: {
    bad: [
      'Die Impfung könnte Sie schützen.',
      'Sie sollten sich impfen lassen.',
      'Es wäre gut für Sie.',
      'Ich würde mich impfen lassen.',
      'Die Ärztin sagt, die Impfung sei sicher.',
    ],
    good: ['Die Impfung schützt Sie vielleicht.', 'Lassen Sie sich impfen.', 'Das ist gut für Sie.'],
  },
  negation: {
    bad: [
      'Die Impfung macht nicht krank.',
      'Die Impfung verursacht keinen Autismus.',
      'Vergessen Sie nie Ihren Impf-Pass.',
      'Niemand muss dafür bezahlen.',
    ],
    good: ['Die Impfung ist sicher.', 'Bringen Sie Ihren Impf-Pass mit.', 'Die Impfung ist kostenlos.'],
  },
  'long-compound': {
    bad: [
      'Fragen Sie in Ihrer Hausarztpraxis.',
      'Machen Sie einen Impftermin.',
      'Nebenwirkungen sind selten.',
      'Die Krankenkassen bezahlen die Impfung.',
      'Die Einstichstelle kann weh tun.',
      'Die Impfung ist im zweiten Schwangerschaftsdrittel.',
    ],
    good: [
      'Fragen Sie in Ihrer Haus-Arzt-Praxis.',
      'Machen Sie einen Impf·termin.',
      'Neben-Wirkungen sind selten.',
      'Die Kranken-Kassen bezahlen die Impfung.',
      'Die Apotheken impfen auch.',
      'Die Impfungen sind in der Schwangerschaft sicher.',
      'Die Informationen bekommen Sie in Ihrer Praxis.',
    ],
  },
};

describe('easyBreaches on German', () => {
  for (const [rule, { bad, good }] of Object.entries(CORPUS) as [EasyRule, { bad: string[]; good: string[] }][]) {
    it(`finds every sentence of the corpus that breaks "${rule}"`, () => {
      for (const sentence of bad) expect(rulesOf(sentence), sentence).toContain(rule);
    });

    it(`passes the easy rewrites of "${rule}" with no finding at all`, () => {
      for (const sentence of good) expect({ sentence, rules: rulesOf(sentence) }).toEqual({ sentence, rules: [] });
    });
  }

  it('names the words that break a rule, as written, and how to write them', () => {
    const [compound] = easyBreaches('Fragen Sie in Ihrer Hausarztpraxis.', lists.de);
    expect(compound).toMatchObject({ rule: 'long-compound', words: ['Hausarztpraxis'] });
    expect(compound?.fix).toBe('Write "Haus-Arzt-Praxis" or "Haus·arzt·praxis".');
    const [passive] = easyBreaches('Die Kosten werden von der Kasse übernommen.', lists.de);
    expect(passive).toMatchObject({ rule: 'passive', words: ['werden', 'übernommen'] });
    const [length] = easyBreaches(CORPUS['sentence-length'].bad[0]!, lists.de);
    expect(length).toMatchObject({ rule: 'sentence-length', detail: '18 words, at most 15' });
  });
});

describe('easyBreaches on other languages', () => {
  it('applies only sentence length, one statement and numbers as digits', () => {
    expect(rulesOf('The vaccine is not given to babies under six months.', 'en')).toEqual(['numbers-as-digits']);
    expect(rulesOf('The vaccine is safe; it protects you.', 'en')).toEqual(['one-statement']);
    expect(rulesOf('Aşıdan sonra iki gün dinlenin.', 'tr')).toEqual(['numbers-as-digits']);
    expect(rulesOf('Захист формується приблизно за два тижні.', 'uk')).toEqual(['numbers-as-digits']);
    expect(
      rulesOf('Bu cümle çok uzun çünkü burada gerçekten de oldukça fazla sayıda kelime yan yana duruyor.', 'tr'),
    ).toEqual(['sentence-length']);
  });

  it('checks sentence length and punctuation in a language without word lists', () => {
    expect(lists.fr).toBeUndefined();
    expect(easyBreaches('Le vaccin est sûr ; il vous protège.', undefined).map((b) => b.rule)).toEqual([
      'one-statement',
    ]);
    expect(easyBreaches('Le vaccin protège pendant deux semaines.', undefined)).toEqual([]);
  });
});

describe('splitCompound', () => {
  const parts = new Set(lists.de!.grammar!.compounds.parts);

  it('splits a word made of known parts, with linking elements and an ending', () => {
    expect(splitCompound('hausarztpraxis', parts)).toEqual(['haus', 'arzt', 'praxis']);
    expect(splitCompound('schwangerschaftsdrittel', parts)).toEqual(['schwangerschafts', 'drittel']);
    expect(splitCompound('krankenkassen', parts)).toEqual(['kranken', 'kassen']);
  });

  it('reads a known word with an ending, and an unknown word, as one word', () => {
    expect(splitCompound('impfungen', parts)).toBeUndefined();
    expect(splitCompound('schwangerschaft', parts)).toBeUndefined();
    expect(splitCompound('apotheken', parts)).toBeUndefined();
    expect(splitCompound('müdigkeit', parts)).toBeUndefined();
  });

  it('writes the split with hyphens as nouns and with middle dots in the word’s own case', () => {
    expect(splitSpellings('Impftermine', ['impf', 'termine'])).toEqual({
      hyphen: 'Impf-Termine',
      middleDot: 'Impf·termine',
    });
  });
});
