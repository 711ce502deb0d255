// Version diffs for reviewers: sentence-level changes per scene, and nothing when nothing changed.
import { describe, expect, it } from 'vitest';
import { diffScripts } from '../../scripts/script-diff.ts';
import type { Script } from '../../shared/types.ts';

const script = (sentences: string[][], title = 'T'): Script => ({
  title,
  language: 'de',
  readingLevel: 'plain',
  scenes: sentences.map((texts) => ({
    sentences: texts.map((text) => ({ text, claimIds: [] })),
    onScreenText: 'O',
    visual: 'V',
    durationSeconds: 4,
  })),
  callToAction: 'C',
  aiDisclosure: 'KI',
  sources: [],
});

describe('diffScripts', () => {
  it('reports no change for identical versions', () => {
    expect(diffScripts(script([['A.', 'B.']]), script([['A.', 'B.']]))).toEqual({
      changed: false,
      scenes: [],
      fields: [],
    });
  });

  it('shows added, removed and kept sentences per scene, and changed fields', () => {
    const diff = diffScripts(script([['A.', 'B.'], ['C.']]), script([['A.', 'X.'], ['C.']], 'T2'));
    expect(diff.changed).toBe(true);
    expect(diff.fields).toEqual(['title']);
    expect(diff.scenes).toEqual([
      {
        scene: 0,
        sentences: [
          { op: 'same', text: 'A.' },
          { op: 'added', text: 'X.' },
          { op: 'removed', text: 'B.' },
        ],
      },
    ]);
  });

  it('treats a scene that exists in only one version as all added or removed', () => {
    const diff = diffScripts(script([['A.']]), script([['A.'], ['New.']]));
    expect(diff.scenes).toEqual([
      { scene: 1, sentences: [{ op: 'added', text: 'New.' }], onScreenText: { before: '', after: 'O' } },
    ]);
  });

  it('shows a changed, added or removed key fact as a change, even when the sentences are the same', () => {
    const withFacts = (...facts: (string | undefined)[]) => {
      const s = script(facts.map(() => ['A.']));
      s.scenes = s.scenes.map((scene, k) => (facts[k] ? { ...scene, keyFact: facts[k] } : scene));
      return s;
    };
    const diff = diffScripts(
      withFacts('Old.', undefined, 'Kept.', 'Gone.'),
      withFacts('New.', 'Added.', 'Kept.', undefined),
    );
    expect(diff.changed).toBe(true);
    expect(diff.scenes.map((s) => [s.scene, s.keyFact])).toEqual([
      [0, { before: 'Old.', after: 'New.' }],
      [1, { after: 'Added.' }],
      [3, { before: 'Gone.' }],
    ]);
  });
});
