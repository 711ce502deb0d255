import { describe, expect, it } from 'vitest';
import { englishSyllables, germanSyllables, syllableCounter } from '../../../scripts/checks/syllables.ts';

// Every count below was checked by hand against the Duden syllabification (spoken syllables, not the
// hyphenation points a typesetter may use): a word and its expected count, with the division that justifies it.
const GERMAN: [string, number, string][] = [
  ['Grippeimpfung', 4, 'Grip-pe-imp-fung'],
  ['Auffrischimpfung', 4, 'Auf-frisch-imp-fung'],
  ['Nebenwirkungen', 5, 'Ne-ben-wir-kun-gen'],
  ['Schwangerschaft', 3, 'Schwan-ger-schaft'],
  ['Schwangerschaftsdrittel', 5, 'Schwan-ger-schafts-drit-tel'],
  ['Impfstoff', 2, 'Impf-stoff'],
  ['vermehrungsfähig', 5, 'ver-meh-rungs-fä-hig'],
  ['Apotheke', 4, 'A-po-the-ke'],
  ['Impfkommission', 5, 'Impf-kom-mis-si-on'],
  ['Einstichstelle', 4, 'Ein-stich-stel-le'],
  ['Kopfschmerzen', 3, 'Kopf-schmer-zen'],
  ['Müdigkeit', 3, 'Mü-dig-keit'],
  ['Patientinnen', 5, 'Pa-ti-en-tin-nen'],
  ['Neugeborene', 5, 'Neu-ge-bo-re-ne'],
  ['Erwachsene', 4, 'Er-wach-se-ne'],
  ['Influenza', 4, 'In-flu-en-za'],
  ['Antikörper', 4, 'An-ti-kör-per'],
  ['Krankenhaus', 3, 'Kran-ken-haus'],
  ['Ungeheuer', 4, 'Un-ge-heu-er'],
  ['Beobachtung', 4, 'Be-ob-ach-tung'],
  ['Theater', 3, 'The-a-ter'],
  ['Ebene', 3, 'E-be-ne'],
  ['aber', 2, 'a-ber'],
  ['über', 2, 'ü-ber'],
  ['Idee', 2, 'I-dee'],
  ['Bauer', 2, 'Bau-er'],
  ['Quelle', 2, 'Quel-le'],
  ['Schnee', 1, 'Schnee'],
  ['Uhr', 1, 'Uhr'],
];

describe('germanSyllables', () => {
  it.each(GERMAN)('counts %s as %i syllables (%s)', (word, count) => {
    expect(germanSyllables(word)).toBe(count);
  });

  it('adds up the parts of a hyphenated compound', () => {
    // Hoch-do-sis + Grip-pe-impf-stoff
    expect(germanSyllables('Hochdosis-Grippeimpfstoff')).toBe(7);
  });

  it('counts figures, abbreviations and their combinations as one syllable, as Flesch prescribes', () => {
    // Flesch, How to Write Plain English (1979), ch. 2: "Count abbreviations, figures, symbols and their
    // combinations as one-syllable words."
    expect(germanSyllables('60')).toBe(1);
    expect(germanSyllables('STIKO')).toBe(1);
    expect(germanSyllables('COVID-19')).toBe(1);
    expect(germanSyllables('2024/25')).toBe(1);
    // COVID-19 (1) + Imp-fung (2)
    expect(germanSyllables('COVID-19-Impfung')).toBe(3);
  });
});

describe('englishSyllables', () => {
  it('counts words as pronounced', () => {
    expect(englishSyllables('vaccination')).toBe(4);
    expect(englishSyllables('pharmacies')).toBe(3);
    expect(englishSyllables('autumn')).toBe(2);
    expect(englishSyllables('cat')).toBe(1);
  });

  it("follows Flesch's examples for figures, symbols and abbreviations", () => {
    // Flesch (1979), ch. 2, counts TV, 17, $15 and 7% as one-syllable words.
    for (const word of ['TV', '17', '$15', '7%']) expect(englishSyllables(word)).toBe(1);
    expect(englishSyllables('full-length')).toBe(2);
  });
});

describe('syllableCounter', () => {
  it('has counters for German and English only', () => {
    expect(syllableCounter('de')).toBe(germanSyllables);
    expect(syllableCounter('en')).toBe(englishSyllables);
    expect(syllableCounter('tr')).toBeUndefined();
  });
});
