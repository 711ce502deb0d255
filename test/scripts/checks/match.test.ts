import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePhrase, findPhrase, fold, maskOut } from '../../../scripts/checks/match.ts';

const find = (phrase: string, text: string) => findPhrase(compilePhrase(phrase), text).map((m) => m.text);

describe('fold', () => {
  it('keeps the length, so match positions point into the original text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => fold(text).length === text.length));
    expect(fold('İSTANBUL’da Impfung')).toBe("istanbul'da impfung");
  });
});

describe('compilePhrase', () => {
  it('matches stems, compound parts, numbers and percent signs', () => {
    expect(find('Impfverweiger*', 'Impfverweigerinnen und Impfverweigerer')).toEqual([
      'Impfverweigerinnen',
      'Impfverweigerer',
    ]);
    expect(find('*impfung*', 'Grippeimpfung, Impfungen, Impftermin')).toEqual(['Grippeimpfung', 'Impfungen']);
    expect(find('ab {n}', 'für Menschen ab 75.')).toEqual(['ab 75']);
    expect(find('100 % sicher', '100%sicher? 100 % sicher! 100\u202F%\u00A0sicher')).toEqual([
      '100%sicher',
      '100 % sicher',
      '100\u202F%\u00A0sicher',
    ]);
    expect(find('risk-free', 'risk-free, risk free, riskfree')).toEqual(['risk-free', 'risk free', 'riskfree']);
  });

  it('needs a word boundary on both sides, apostrophes included', () => {
    expect(find('schwer', 'Schwerpunkt, schwerer, schwer.')).toEqual(['schwer']);
    expect(find('сім', "сім'я, сім днів")).toEqual(['сім']);
    expect(find('aşı', 'aşırı, Aşı')).toEqual(['Aşı']);
  });

  it('matches any one word for a lone star', () => {
    expect(find('not * full protection', 'it does not give full protection')).toEqual(['not give full protection']);
  });
});

describe('maskOut', () => {
  it('blanks every occurrence of a part, folded, keeping positions', () => {
    const text = 'Ihr nächster Schritt: fragen sie nach einem Impftermin.';
    const masked = maskOut(text, 'Fragen Sie nach einem Impftermin.');
    expect(masked.trimEnd()).toBe('Ihr nächster Schritt:');
    expect(masked).toHaveLength(text.length);
  });
});
