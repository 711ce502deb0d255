import { describe, expect, it } from 'vitest';
import { checkWording } from '../../../scripts/checks/wording.ts';
import type { Script } from '../../../shared/types.ts';
import { scene, script } from './helpers.ts';

const say = (text: string, language = 'de'): Script => script([scene(['Hallo!', text])], { language });
const found = (text: string, language = 'de') =>
  checkWording(say(text, language), language).map((f) => `${f.severity} ${f.code}`);

describe('checkWording', () => {
  it('blocks absolute safety promises, quoting the words and suggesting a rewrite', () => {
    const [finding] = checkWording(say('Die Impfung ist 100 % sicher.'), 'de');
    expect(finding).toMatchObject({ code: 'wording-absolute-safety', severity: 'blocking', scene: 0, sentence: 1 });
    expect(finding?.message).toBe(
      'Scene 1, sentence 2: "100 % sicher" promises absolute safety or effect, which no medical measure can keep (listed as "100 % sicher").',
    );
    expect(finding?.suggestion).toContain('gut untersucht');
  });

  it('matches 100% and 100 % alike, in any case and with a no-break space', () => {
    expect(found('Sie ist 100% SICHER.')).toEqual(['blocking wording-absolute-safety']);
    expect(found('Sie ist 100\u00A0% sicher.')).toEqual(['blocking wording-absolute-safety']);
    expect(found('It is 100 % safe.', 'en')).toEqual(['blocking wording-absolute-safety']);
    expect(found('Aşı %100 güvenli.', 'tr')).toEqual(['blocking wording-absolute-safety']);
  });

  it('respects word boundaries', () => {
    expect(found('Die Grippe ist nicht harmlos, aber die Impfung ist gut verträglich.')).toEqual([]);
    expect(found('The guarantor of the programme is the agency.', 'en')).toEqual([]);
  });

  it('lets honest negations through', () => {
    expect(found('Der Schutz ist nicht garantiert.')).toEqual([]);
    expect(found('Keine Impfung ist 100 % sicher.')).toEqual([]);
    expect(found('No vaccine is completely safe.', 'en')).toEqual([]);
    expect(found('Aşı %100 koruma sağlamaz.', 'tr')).toEqual([]);
    expect(found('Щеплення не гарантує повного захисту від грипу.', 'uk')).toEqual([]);
  });

  it('blocks stigmatising labels in every language, with their inflected forms', () => {
    expect(found('Impfverweigerer gefährden uns.')).toEqual(['blocking wording-stigmatising']);
    expect(found('Impfgegnerinnen und Impfgegner')).toEqual(['blocking wording-stigmatising']);
    expect(found('Anti-vaxxers are wrong.', 'en')).toEqual(['blocking wording-stigmatising']);
    expect(found('Aşı karşıtları yanılıyor.', 'tr')).toEqual(['blocking wording-stigmatising']);
    expect(found('Антивакцинатори помиляються.', 'uk')).toEqual(['blocking wording-stigmatising']);
  });

  it('warns about fear appeals', () => {
    expect(found('Ohne Impfung: Sie werden sterben.')).toEqual(['warning wording-fear-appeal']);
    expect(found('Flu is a deadly threat.', 'en')).toEqual(['warning wording-fear-appeal']);
    expect(found('Aşı olmazsanız öleceksiniz.', 'tr')).toEqual(['warning wording-fear-appeal']);
    expect(found('Без щеплення ви помрете.', 'uk')).toEqual(['warning wording-fear-appeal']);
  });

  it('checks absolute wording in Turkish and Ukrainian', () => {
    expect(found('Bu aşının hiçbir yan etkisi yoktur.', 'tr')).toEqual(['blocking wording-absolute-safety']);
    expect(found('Вакцина цілком безпечна і не має ризиків.', 'uk')).toEqual(['blocking wording-absolute-safety']);
    expect(found('Жодних побічних ефектів!', 'uk')).toEqual(['blocking wording-absolute-safety']);
  });

  it('checks the title, on-screen text, visual description, call to action and disclosure too', () => {
    const s = script([{ ...scene(['Hallo!']), onScreenText: 'Garantiert wirksam' }], {
      title: 'Völlig sicher impfen',
      callToAction: 'Impfen Sie sich, es ist risikolos.',
    });
    expect(checkWording(s, 'de').map((f) => f.message.split(':')[0])).toEqual([
      'Title',
      'Scene 1, on-screen text',
      'Call to action',
    ]);
  });
});
