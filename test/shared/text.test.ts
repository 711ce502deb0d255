// Sentence splitting for per-sentence claim references: abbreviations and decimals do not end a sentence.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../shared/text.ts';

describe('splitSentences', () => {
  it('splits at sentence ends but not after abbreviations or inside numbers', () => {
    expect(
      splitSentences('Die STIKO empfiehlt z. B. allen ab 60 eine Impfung. Sie ist kostenlos! Fragen? Ja.'),
    ).toEqual(['Die STIKO empfiehlt z. B. allen ab 60 eine Impfung.', 'Sie ist kostenlos!', 'Fragen?', 'Ja.']);
    expect(splitSentences('Efficacy was 3.5 times higher. Dr. Smith said so.')).toEqual([
      'Efficacy was 3.5 times higher.',
      'Dr. Smith said so.',
    ]);
  });

  it('splits Cyrillic and quoted sentences and keeps a text without a full stop whole', () => {
    expect(splitSentences('Щеплення безкоштовне. Запитайте лікаря.')).toEqual([
      'Щеплення безкоштовне.',
      'Запитайте лікаря.',
    ]);
    expect(splitSentences('Er sagte: „Gut.“ Dann ging er.')).toEqual(['Er sagte: „Gut.“', 'Dann ging er.']);
    expect(splitSentences('Hallo')).toEqual(['Hallo']);
  });
});
