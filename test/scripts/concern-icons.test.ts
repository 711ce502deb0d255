import { describe, expect, it } from 'vitest';
import { sceneConcern, withConcernIcons } from '../../scripts/concern-icons.ts';
import type { Claim, Scene, Script } from '../../shared/types.ts';

const source = { title: 'Guideline', publisher: 'Institute', url: 'https://example.org/g', date: '2026-01-01' };
const claim = (id: string, topics: string[]): Claim => ({
  id,
  text: { de: `Text ${id}.` },
  topics,
  source,
  status: 'active',
});
const claims = [claim('safe', ['safety']), claim('both', ['safety', 'cost']), claim('free', ['cost'])];
const brief = {
  concerns: {
    safety: { heading: { de: 'Ist das sicher?' }, icon: 'shield-check' },
    cost: { heading: { de: 'Was kostet das?' }, icon: 'wallet' },
    timing: { heading: { de: 'Wann?' } },
  },
};
const segment = { concerns: ['safety', 'cost', 'timing'] };

const scene = (onScreenText: string, cited: string[]): Scene => ({
  sentences: cited.map((id) => ({ text: `Text ${id}.`, claimIds: [id] })),
  onScreenText,
  visual: 'v',
  durationSeconds: 4,
});
const script = (scenes: Scene[]): Script => ({
  title: 'T',
  language: 'de',
  readingLevel: 'plain',
  scenes,
  callToAction: 'Go.',
  aiDisclosure: 'AI.',
  sources: [source],
});

describe('sceneConcern', () => {
  it('takes the concern whose campaign heading the scene shows, before the claims it cites', () => {
    // 'both' answers safety too, but the heading says the scene is about cost.
    expect(sceneConcern(scene('Was kostet das?', ['both']), 'de', { brief, segment, claims })).toBe('cost');
  });

  it("falls back to the segment's most pressing concern the first cited claim answers", () => {
    expect(sceneConcern(scene('Gut zu wissen', ['both']), 'de', { brief, segment, claims })).toBe('safety');
    expect(sceneConcern(scene('Gut zu wissen', ['free']), 'de', { brief, segment, claims })).toBe('cost');
    expect(sceneConcern(scene('Hallo', []), 'de', { brief, segment, claims })).toBeUndefined();
  });
});

describe('withConcernIcons', () => {
  it("sets each scene's pictogram from its concern, none for scenes without one or concerns without an icon", () => {
    const out = withConcernIcons(
      script([scene('Hallo', []), scene('Ist das sicher?', ['safe']), scene('Wann?', []), scene('Gut', ['free'])]),
      { brief, segment, claims },
    );
    expect(out.scenes.map((s) => s.icon)).toEqual([undefined, 'shield-check', undefined, 'wallet']);
    expect(out.scenes[0]).not.toHaveProperty('icon');
  });

  it('replaces a pictogram a model or an edit wrote with the campaign’s own', () => {
    const written = script([
      { ...scene('Ist das sicher?', ['safe']), icon: 'skull' },
      { ...scene('Hi', []), icon: 'x' },
    ]);
    const out = withConcernIcons(written, { brief, segment, claims });
    expect(out.scenes.map((s) => s.icon)).toEqual(['shield-check', undefined]);
  });
});
