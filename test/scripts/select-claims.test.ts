import { describe, expect, it } from 'vitest';
import { selectClaims } from '../../scripts/select-claims.ts';
import type { Claim, Segment } from '../../shared/types.ts';

const claim = (id: string, topics: string[], extra: Partial<Claim> = {}): Claim => ({
  id,
  text: { de: `Aussage ${id}.`, tr: `İfade ${id}.` },
  topics,
  source: { title: 't', publisher: 'RKI', url: 'https://www.rki.de/', date: '2025-01-01' },
  status: 'active',
  ...extra,
});

const segment: Segment = {
  id: 's',
  label: 'S',
  language: 'de',
  readingLevel: 'standard',
  size: 100,
  concerns: ['safety', 'timing', 'cost'],
  tags: [],
};

const TODAY = '2026-11-26';

describe('selectClaims', () => {
  it('answers each concern once, in concern order, before giving any concern a second claim', () => {
    const claims = [claim('s1', ['safety']), claim('s2', ['safety']), claim('t1', ['timing']), claim('c1', ['cost'])];
    const picked = selectClaims(segment, claims, TODAY).map((p) => `${p.concern}:${p.claim.id}`);
    expect(picked).toEqual(['safety:s1', 'timing:t1', 'cost:c1', 'safety:s2']);
  });

  it('prefers the claim answering more of the segment concerns, then file order', () => {
    const claims = [claim('narrow', ['safety']), claim('broad', ['safety', 'cost']), claim('other', ['safety'])];
    expect(selectClaims(segment, claims, TODAY).map((p) => p.claim.id)).toEqual(['broad', 'narrow', 'other']);
  });

  it('stops at four claims and never repeats one', () => {
    const claims = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => claim(id, ['safety', 'timing', 'cost']));
    const ids = selectClaims(segment, claims, TODAY).map((p) => p.claim.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips withdrawn, expired, not yet valid and untranslated claims', () => {
    const claims = [
      claim('withdrawn', ['safety'], { status: 'withdrawn' }),
      claim('expired', ['safety'], { validUntil: '2026-11-25' }),
      claim('future', ['safety'], { validFrom: '2026-11-27' }),
      claim('english-only', ['safety'], { text: { en: 'Only English.' } }),
      claim('last-day', ['safety'], { validUntil: TODAY }),
    ];
    expect(selectClaims(segment, claims, TODAY).map((p) => p.claim.id)).toEqual(['last-day']);
  });

  it('uses the text in the segment language only', () => {
    const claims = [claim('both', ['safety']), claim('de-only', ['safety'], { text: { de: 'Nur Deutsch.' } })];
    const turkish = { ...segment, language: 'tr' };
    expect(selectClaims(turkish, claims, TODAY).map((p) => p.claim.id)).toEqual(['both']);
  });

  it('skips claims meant for other audiences and keeps those for one of the segment tags or for everyone', () => {
    const claims = [
      claim('night', ['safety'], { audiences: ['night-shift'] }),
      claim('garden', ['safety'], { audiences: ['gardeners', 'retired'] }),
      claim('everyone', ['safety'], { audiences: [] }),
    ];
    const ids = (tags: string[]) => selectClaims({ ...segment, tags }, claims, TODAY).map((p) => p.claim.id);
    expect(ids(['retired'])).toEqual(['garden', 'everyone']);
    expect(ids([])).toEqual(['everyone']);
  });

  it("puts a concern's myth correction first for that concern only, marked for the truth sandwich", () => {
    const myth = { text: { de: 'Irrtum.' }, whyWrong: { de: 'Darum falsch.' } };
    const claims = [
      claim('broad', ['safety', 'timing', 'cost']),
      claim('myth', ['timing', 'safety'], { myth }),
      claim('t', ['timing']),
    ];
    const brief = { concerns: { timing: { myth: 'myth' } } };
    const picked = selectClaims(segment, claims, TODAY, brief).map((p) => `${p.concern}:${p.claim.id}:${p.myth ?? ''}`);
    expect(picked).toEqual(['safety:broad:', 'timing:myth:true', 'timing:t:']);
  });

  it('treats a myth claim without the myth in the segment language as a plain claim', () => {
    const claims = [claim('myth', ['timing'], { myth: { text: { en: 'Myth.' }, whyWrong: { en: 'Why.' } } })];
    const brief = { concerns: { timing: { myth: 'myth' } } };
    expect(selectClaims(segment, claims, TODAY, brief)).toEqual([{ claim: claims[0], concern: 'timing' }]);
  });
});
