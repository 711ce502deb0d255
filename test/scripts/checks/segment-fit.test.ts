import { describe, expect, it } from 'vitest';
import { checkMyths, checkRepetition, checkSegmentFit } from '../../../scripts/checks/segment-fit.ts';
import type { Claim } from '../../../shared/types.ts';
import { claim, scene, script } from './helpers.ts';

const myth: Claim = claim('airing', 'Lüften Sie früh am Morgen.', {
  topics: ['cooling'],
  shortText: { de: 'Morgens lüften.' },
  myth: {
    text: { de: 'Ein Ventilator kühlt jeden Raum.' },
    whyWrong: { de: 'Ein Ventilator bewegt nur warme Luft.' },
  },
});
const claims: Claim[] = [
  myth,
  claim('water', 'Trinken Sie regelmäßig Wasser.', { topics: ['hydration'] }),
  claim('night', 'Stellen Sie nachts Wasser bereit.', { topics: ['hydration'], audiences: ['night-shift'] }),
  claim('sleep', 'Ein feuchtes Tuch hilft beim Einschlafen.', { topics: ['sleep'] }),
];
const segment = { concerns: ['hydration', 'cooling'], tags: ['gardeners'] };
const codes = (findings: { code: string; scene?: number; sentence?: number }[]) =>
  findings.map((f) => `${f.code} ${f.scene}.${f.sentence}`);

describe('checkSegmentFit', () => {
  it("blocks a cited claim that answers none of the segment's concerns, once per scene", () => {
    const s = script([
      scene([
        ['Ein feuchtes Tuch hilft beim Einschlafen.', ['sleep']],
        ['Ein feuchtes Tuch hilft beim Einschlafen.', ['sleep']],
      ]),
      scene([['Trinken Sie regelmäßig Wasser.', ['water']]]),
    ]);
    const findings = checkSegmentFit({ script: s, language: 'de', claims, segment });
    expect(codes(findings)).toEqual(['fit-claim-off-concern 0.0']);
    expect(findings[0]).toMatchObject({ severity: 'blocking' });
    expect(findings[0]?.message).toContain("answers none of the segment's concerns (hydration, cooling)");
  });

  it('blocks a claim meant for another audience and passes one meant for the segment or for everyone', () => {
    const s = script([scene([['Stellen Sie nachts Wasser bereit.', ['night']]])]);
    expect(codes(checkSegmentFit({ script: s, language: 'de', claims, segment }))).toEqual([
      'fit-claim-other-audience 0.0',
    ]);
    const night = { ...segment, tags: ['night-shift'] };
    expect(checkSegmentFit({ script: s, language: 'de', claims, segment: night })).toEqual([]);
  });
});

describe('checkMyths', () => {
  const fact: [string, string[]] = ['Lüften Sie früh am Morgen.', ['airing']];
  const warned: [string, string[]] = ['Vorsicht: Ein Ventilator kühlt jeden Raum.', ['airing']];
  const why: [string, string[]] = ['Ein Ventilator bewegt nur warme Luft.', ['airing']];
  const short: [string, string[]] = ['Morgens lüften.', ['airing']];
  const check = (...sentences: [string, string[]][]) =>
    codes(checkMyths({ script: script([scene(sentences)]), language: 'de', claims }));

  it('passes a myth between facts of its claim (the truth sandwich)', () => {
    expect(check(fact, warned, why, short)).toEqual([]);
  });

  it('blocks a myth with no fact before it, after it, or either', () => {
    expect(check(warned, why, fact)).toEqual(['myth-uncorrected 0.0']);
    expect(check(fact, why, warned)).toEqual(['myth-uncorrected 0.2']);
    expect(check(why, ['Ein Ventilator kühlt jeden Raum.', []])).toEqual(['myth-uncorrected 0.1']);
  });

  it('does not count a fact of another claim or another scene as the correction', () => {
    const other: [string, string[]] = ['Trinken Sie regelmäßig Wasser.', ['water']];
    expect(check(other, warned, why, other)).toEqual(['myth-uncorrected 0.1']);
    const split = script([scene([fact]), scene([warned, why]), scene([short])]);
    expect(codes(checkMyths({ script: split, language: 'de', claims }))).toEqual(['myth-uncorrected 1.0']);
  });
});

describe('checkRepetition', () => {
  it('warns when a heading or a question repeats, citing the scene that had it first', () => {
    const a = { ...scene(['Wie viel soll ich trinken?', 'Hallo!']), onScreenText: 'Wie viel trinken?' };
    const b = { ...scene(['Wie viel soll ich trinken?']), onScreenText: 'wie viel trinken?' };
    const findings = checkRepetition(script([a, b]));
    expect(codes(findings)).toEqual(['repeated-heading 1.undefined', 'repeated-question 1.0']);
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(findings[1]?.message).toContain('already asked in scene 1');
  });

  it('lets statements repeat and questions differ', () => {
    const s = script([scene(['Trinken Sie Wasser.', 'Wann?']), scene(['Trinken Sie Wasser.', 'Wo?'])]);
    expect(checkRepetition(s)).toEqual([]);
  });
});
