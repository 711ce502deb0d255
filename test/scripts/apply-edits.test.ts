import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../scripts/apply-edits.ts';
import { composeScript } from '../../scripts/compose.ts';
import { diffScripts } from '../../scripts/script-diff.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { InputError } from '../../shared/errors.ts';
import type { Script, ScriptEdit } from '../../shared/types.ts';
import { HEAT_TODAY, heatBrief, heatClaims, heatSegment } from './heat-campaign.ts';

const segment = heatSegment('g', { tags: ['gardeners'] });
// Scenes: 0 intro, 1 hydration (water-steady), 2 cooling (fan-cooling as a truth sandwich), 3 midday sun
// (shade-breaks, hat), 4 call to action.
const read: Script = composeScript({
  brief: heatBrief,
  segment,
  claims: heatClaims,
  templates: loadTemplates().sources,
  today: HEAT_TODAY,
});
const apply = (...edits: ScriptEdit[]) => applyEdits(read, edits, heatClaims, 'de');
const texts = (script: Script, scene: number) => script.scenes[scene]?.sentences.map((s) => s.text);
const failure = (...edits: ScriptEdit[]) => {
  try {
    apply(...edits);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('applyEdits', () => {
  it('reads the script the tests assume', () => {
    expect(read.scenes.map((s) => [...new Set(s.sentences.flatMap((x) => x.claimIds))])).toEqual([
      [],
      ['water-steady'],
      ['fan-cooling'],
      ['shade-breaks', 'hat'],
      [],
    ]);
  });

  it('drops a scene or one sentence, re-times the scene and keeps only the sources still cited', () => {
    const dropped = apply({ op: 'drop', scene: 3, sentence: 0 });
    expect(texts(dropped, 3)).toEqual([heatClaims.find((c) => c.id === 'hat')?.text.de]);
    expect(dropped.scenes[3]!.durationSeconds).toBeLessThan(read.scenes[3]!.durationSeconds);
    expect(dropped.sources.map((s) => s.url)).not.toContain('https://heat.example/shade-breaks');
    expect(apply({ op: 'drop', scene: 1 }).scenes.map((s) => s.onScreenText)).toEqual(
      read.scenes.filter((_, i) => i !== 1).map((s) => s.onScreenText),
    );
  });

  it('swaps a sentence for the claim’s short or alternative approved wording, still citing the claim', () => {
    const short = apply({ op: 'shorten', scene: 1, sentence: 0, claimId: 'water-steady' });
    expect(short.scenes[1]!.sentences).toEqual([
      { text: 'Trinken Sie regelmäßig Wasser.', claimIds: ['water-steady'] },
    ]);
    const alternative = apply({ op: 'alternative', scene: 1, sentence: 0, claimId: 'water-steady', wording: 0 });
    expect(texts(alternative, 1)).toEqual([
      'Trinken Sie bei Hitze regelmäßig Wasser, auch wenn Sie keinen Durst haben.',
    ]);
    expect(diffScripts(read, alternative).scenes.map((s) => s.scene)).toEqual([1]);
  });

  it('moves scenes by their positions in the version the reviewer read, then drops', () => {
    const moved = apply({ op: 'move', scene: 3, to: 1 }, { op: 'drop', scene: 0 });
    expect(moved.scenes.map((s) => s.onScreenText)).toEqual([3, 1, 2, 4].map((i) => read.scenes[i]!.onScreenText));
  });

  it('refuses an impossible edit, naming it', () => {
    expect(failure({ op: 'drop', scene: 9 })).toBe('Edit 1 (Drop scene 10): the script has scenes 1 to 5.');
    expect(failure({ op: 'drop', scene: 0 }, { op: 'drop', scene: 1, sentence: 5 })).toContain(
      'Edit 2 (Drop scene 2, sentence 6): scene 2 has sentences 1 to 1.',
    );
    expect(failure({ op: 'alternative', scene: 1, sentence: 0, claimId: 'water-steady', wording: 3 })).toContain(
      "claim 'water-steady' has no alternative wording 4 in 'de' (it has 1 to 1)",
    );
    expect(failure({ op: 'shorten', scene: 3, sentence: 0, claimId: 'shade-breaks' })).toContain(
      "claim 'shade-breaks' has no short wording in 'de'",
    );
    expect(failure({ op: 'shorten', scene: 3, sentence: 0, claimId: 'hat' })).toContain(
      "the sentence does not cite claim 'hat'",
    );
    // The warned myth is not a wording of the fact: it cannot be swapped for one.
    expect(failure({ op: 'shorten', scene: 2, sentence: 1, claimId: 'fan-cooling' })).toContain(
      "does not say an approved wording of claim 'fan-cooling'",
    );
    expect(failure({ op: 'move', scene: 1, to: 5 })).toContain('the script has positions 1 to 5');
    const twice = failure(
      { op: 'shorten', scene: 1, sentence: 0, claimId: 'water-steady' },
      { op: 'alternative', scene: 1, sentence: 0, claimId: 'water-steady', wording: 0 },
    );
    expect(twice).toContain('edit 1 already changes this sentence');
    expect(failure(...read.scenes.map((_, scene): ScriptEdit => ({ op: 'drop', scene })))).toBe(
      'The edits drop every scene; keep at least one.',
    );
  });

  it('leaves the script alone without edits', () => {
    expect(apply()).toEqual(read);
  });
});
