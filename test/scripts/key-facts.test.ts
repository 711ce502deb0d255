import { describe, expect, it } from 'vitest';
import { withKeyFacts } from '../../scripts/key-facts.ts';
import type { Claim, Script } from '../../shared/types.ts';

const source = { title: 'Guideline', publisher: 'Institute', url: 'https://example.org/g', date: '2026-01-01' };
const claim = (id: string, shortText?: Record<string, string>): Claim => ({
  id,
  text: { de: `Langer Text ${id}.`, en: `Long text ${id}.` },
  topics: ['t'],
  source,
  status: 'active',
  ...(shortText ? { shortText } : {}),
});
const claims = [claim('a'), claim('b', { de: 'Kurz  b.', en: 'Short b.' }), claim('c', { en: 'Short c.' })];

const script = (language: string, cited: string[][]): Script => ({
  title: 'T',
  language,
  readingLevel: 'standard',
  scenes: cited.map((ids) => ({
    sentences: ids.map((id) => ({ text: `Langer Text ${id}.`, claimIds: [id] })),
    onScreenText: 'Heading',
    visual: 'v',
    durationSeconds: 4,
  })),
  callToAction: 'Go.',
  aiDisclosure: 'AI.',
  sources: [source],
});

describe('withKeyFacts', () => {
  it("takes the short wording of the first cited claim that has one, in the script's language", () => {
    const out = withKeyFacts(script('de', [['a', 'b'], ['c'], []]), claims);
    expect(out.scenes.map((s) => s.keyFact)).toEqual(['Kurz b.', undefined, undefined]);
    expect(withKeyFacts(script('en', [['c', 'b']]), claims).scenes[0]?.keyFact).toBe('Short c.');
  });

  it('removes a key fact whose claim the scene no longer cites', () => {
    const edited = script('de', [['a']]);
    edited.scenes[0]!.keyFact = 'Kurz b.';
    expect(withKeyFacts(edited, claims).scenes[0]).not.toHaveProperty('keyFact');
  });
});
