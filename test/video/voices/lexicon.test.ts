import { describe, expect, it } from 'vitest';
import type { Tts } from '../../../video/render/tts.ts';
import { applyLexicon, lexiconSha256, withLexicon } from '../../../video/voices/lexicon.ts';

describe('applyLexicon', () => {
  it('respells whole words only, case-sensitively', () => {
    const lexicon = { ABC: 'A B C', WHO: 'W H O' };
    expect(applyLexicon('ABC and WHO, not ABCs nor who nor XABC.', lexicon)).toBe(
      'A B C and W H O, not ABCs nor who nor XABC.',
    );
  });

  it('prefers the longest entry and never respells a replacement again', () => {
    const lexicon = { 'COVID-19': 'Kovid neunzehn', COVID: 'Kovid', Kovid: 'wrong' };
    expect(applyLexicon('COVID-19 und COVID.', lexicon)).toBe('Kovid neunzehn und Kovid.');
  });

  it('treats entries as text, not as patterns', () => {
    expect(applyLexicon('a.b and axb', { 'a.b': 'A dot B' })).toBe('A dot B and axb');
  });

  it('leaves text alone without a lexicon', () => {
    expect(applyLexicon('ABC', undefined)).toBe('ABC');
    expect(applyLexicon('ABC', {})).toBe('ABC');
  });
});

describe('lexiconSha256', () => {
  it('is the same for the same entries in any order and absent for none', () => {
    expect(lexiconSha256({ a: '1', b: '2' })).toBe(lexiconSha256({ b: '2', a: '1' }));
    expect(lexiconSha256({ a: '1' })).not.toBe(lexiconSha256({ a: '2' }));
    expect(lexiconSha256({})).toBeUndefined();
  });
});

describe('withLexicon', () => {
  const spoken: { text: string; lang: string }[] = [];
  const inner: Tts = {
    engine: 'openai-speech',
    voiceFor: () => 'alloy',
    keyFor: () => ({ voice: 'alloy', model: 'm' }),
    describe: () => Promise.resolve({ engine: 'openai-speech' }),
    synthesize: (text, lang) => {
      spoken.push({ text, lang });
      return Promise.resolve({ seconds: 1 });
    },
  };

  it("sends the language's respelled text to the voice and adds the lexicon's hash to its key", async () => {
    const tts = withLexicon(inner, { de: { ABC: 'A B C' }, en: { ABC: 'ay bee see' } });
    await tts.synthesize('ABC hier', 'de', '/dev/null');
    await tts.synthesize('ABC here', 'en', '/dev/null');
    await tts.synthesize('ABC ici', 'fr', '/dev/null');
    expect(spoken.splice(0)).toEqual([
      { text: 'A B C hier', lang: 'de' },
      { text: 'ay bee see here', lang: 'en' },
      { text: 'ABC ici', lang: 'fr' },
    ]);
    expect(tts.keyFor?.('de')).toEqual({ voice: 'alloy', model: 'm', lexicon: lexiconSha256({ ABC: 'A B C' }) });
    expect(tts.keyFor?.('fr')).toEqual({ voice: 'alloy', model: 'm' });
  });

  it('returns the voice itself without entries or for a silent video', () => {
    expect(withLexicon(inner, undefined)).toBe(inner);
    expect(withLexicon(inner, { de: {} })).toBe(inner);
    const silent: Tts = { ...inner, engine: 'silent' };
    expect(withLexicon(silent, { de: { ABC: 'A B C' } })).toBe(silent);
  });
});
