// The changes section of the review page: a changed key fact shows as a change, with "none" where a scene had none.
import { describe, expect, it } from 'vitest';
import { diffSection } from '../../../web/views/review-diff.ts';

const render = (keyFact: { before?: string; after?: string }) =>
  String(
    diffSection({
      diff: { changed: true, fields: [], scenes: [{ scene: 1, sentences: [{ op: 'same', text: 'S.' }], keyFact }] },
      previousSha256: 'a'.repeat(64),
      seenInRounds: [],
      lang: 'de',
    }),
  );

describe('diffSection', () => {
  it('shows a changed key fact as removed and added text', () => {
    const page = render({ before: 'Alt.', after: 'Neu.' });
    expect(page).toContain('<a href="#scene-2">Scene 2</a>');
    expect(page).toMatch(
      /Key fact on screen: <del lang="de">Alt\.<\/del>[\s\S]*changed to[\s\S]*<ins lang="de">Neu\.<\/ins>/,
    );
  });

  it('says "none" for the side where the scene had no key fact', () => {
    expect(render({ after: 'Neu.' })).toMatch(
      /Key fact on screen: <span class="muted">none<\/span>[\s\S]*<ins lang="de">Neu\.<\/ins>/,
    );
    expect(render({ before: 'Alt.' })).toMatch(/<del lang="de">Alt\.<\/del>[\s\S]*<span class="muted">none<\/span>/);
  });
});
