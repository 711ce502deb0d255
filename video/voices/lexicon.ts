// Pronunciation lexicons: a campaign's per-language respellings, applied to the text a voice speaks (never captions).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/hash.ts';
import type { Tts } from '../render/tts.ts';

/** Written form → how the voice should say it, e.g. `{ STIKO: 'Stiko' }`; keys match whole words, case-sensitively. */
export type Lexicon = Readonly<Record<string, string>>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with every entry of `lexicon` replaced by its spoken form, in one pass (a replacement is never replaced
 * again); longer entries win over shorter ones they contain ("COVID-19" over "COVID"). An entry matches only where
 * no letter or digit touches it, so "STIKO" leaves "STIKOs" alone.
 */
export function applyLexicon(text: string, lexicon: Lexicon | undefined): string {
  const keys = Object.keys(lexicon ?? {}).filter(Boolean);
  if (!lexicon || keys.length === 0) return text;
  const alternatives = keys.sort((a, b) => b.length - a.length).map(escape);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return text.replace(pattern, (word) => lexicon[word] ?? word);
}

/** SHA-256 (hex) of a lexicon's canonical JSON, for generation keys and records; undefined for none or an empty one. */
export function lexiconSha256(lexicon: Lexicon | undefined): string | undefined {
  if (!lexicon || Object.keys(lexicon).length === 0) return undefined;
  return createHash('sha256').update(canonicalJson(lexicon)).digest('hex');
}

/**
 * `tts` speaking through the campaign's lexicons (language → lexicon): the text is respelled before it reaches the
 * voice, and `keyFor` adds the lexicon's hash so a changed lexicon renders anew. Without entries `tts` itself.
 */
export function withLexicon(tts: Tts, lexicons: Readonly<Record<string, Lexicon>> | undefined): Tts {
  const none = !lexicons || Object.values(lexicons).every((l) => Object.keys(l).length === 0);
  // A silent video speaks nothing: its lexicon cannot change it.
  if (none || tts.engine === 'silent') return tts;
  return {
    ...tts,
    keyFor(lang) {
      const sha256 = lexiconSha256(lexicons[lang]);
      return { ...tts.keyFor?.(lang), ...(sha256 ? { lexicon: sha256 } : {}) };
    },
    synthesize: (text, lang, outWav, options) =>
      tts.synthesize(applyLexicon(text, lexicons[lang]), lang, outWav, options),
  };
}
