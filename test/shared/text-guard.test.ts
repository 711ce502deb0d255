// The one text guard: what user-supplied text may contain, by kind of field.
import { describe, expect, it } from 'vitest';
import { normalizeText, textProblem } from '../../shared/text-guard.ts';

describe('textProblem', () => {
  it('accepts ordinary text in every kind, umlauts and right-to-left letters included', () => {
    for (const kind of ['text', 'line', 'name'] as const) {
      expect(textProblem('Grippeimpfung für Ältere — مرحبا', kind)).toBeUndefined();
    }
  });

  it('refuses NUL and other C0 controls, allowing tab and line breaks only in multi-line text', () => {
    expect(textProblem('a\u0000b', 'text')).toMatch(/control character/);
    expect(textProblem('a\u001bb', 'text')).toMatch(/control character/);
    expect(textProblem('a\u007fb', 'text')).toMatch(/control character/);
    expect(textProblem('a\n\tb\r\n', 'text')).toBeUndefined();
    expect(textProblem('a\nb', 'line')).toMatch(/single line/);
    expect(textProblem('a\tb', 'name')).toMatch(/single line/);
  });

  it('refuses lone surrogates but not surrogate pairs', () => {
    expect(textProblem('a\uD800b', 'text')).toMatch(/lone surrogate/);
    expect(textProblem('a\uDC00', 'line')).toMatch(/lone surrogate/);
    expect(textProblem('ok 😀', 'name')).toBeUndefined();
  });

  it('refuses bidi overrides and isolates in names only', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textProblem(`evil${c}gpj.exe`, 'name')).toMatch(/bidirectional/);
      expect(textProblem(`quoted${c}text`, 'text')).toBeUndefined();
    }
  });

  it('bounds the length and never repeats the value', () => {
    const problem = textProblem('secret-'.repeat(50), 'text', 100);
    expect(problem).toMatch(/longer than 100 characters/);
    expect(problem).not.toContain('secret');
  });
});

describe('normalizeText', () => {
  it('stores decomposed letters composed (NFC)', () => {
    expect(normalizeText('A\u0308rzte')).toBe('\u00c4rzte');
  });
});
