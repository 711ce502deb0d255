// The review page's script section: what each scene shows on screen (heading, key fact, its claim).
import { describe, expect, it } from 'vitest';
import type { Scene, Script } from '../../../shared/types.ts';
import type { CitedClaim } from '../../../services/script-view.ts';
import { scriptSection } from '../../../web/views/review-script.ts';

const scene = (claimIds: string[], keyFact?: string): Scene => ({
  sentences: [{ text: 'Gesprochen.', claimIds }],
  onScreenText: 'Überschrift',
  ...(keyFact ? { keyFact } : {}),
  visual: 'v',
  durationSeconds: 4,
});
const script = (...scenes: Scene[]): Script => ({
  title: 'T',
  language: 'de',
  readingLevel: 'plain',
  scenes,
  callToAction: 'Los.',
  aiDisclosure: 'KI.',
  sources: [],
});
const claims: CitedClaim[] = [
  { id: 'a', text: 'Lang a.' },
  { id: 'b', text: 'Lang b.', shortText: 'Kurz  b.' },
];

describe('scriptSection', () => {
  it('names the claim whose short wording the key fact is: the first cited claim that has one', () => {
    const page = String(scriptSection(script(scene(['a', 'b'], 'Kurz b.')), claims, []));
    expect(page).toContain('<p class="screen-main" lang="de">Kurz b.</p>');
    expect(page).toContain('Approved short wording of claim <a href="#claim-b" class="claim-link">b</a>');
  });

  it('warns when the key fact is not the short wording of the claim it should come from', () => {
    const page = String(scriptSection(script(scene(['a', 'b'], 'Etwas anderes.')), claims, [], 'de'));
    expect(page).toContain('Etwas anderes.');
    expect(page).toContain(
      '<span class="tag tag-warning">Keine freigegebene Kurzfassung einer Aussage, die diese Szene zitiert</span>',
    );
    expect(page).not.toContain('Freigegebene Kurzfassung der Aussage');
  });

  it('shows the heading alone as the main text of a scene without a key fact', () => {
    const page = String(scriptSection(script(scene(['a'])), claims, []));
    expect(page).toContain('<dt>Main text</dt>');
    expect(page).toContain('<dd lang="de" class="screen-main">Überschrift</dd>');
    expect(page).not.toContain('Key fact');
  });
});
