import { sceneNarration } from '../../shared/text.ts';
import type { Scene } from '../../shared/types.ts';
import { describe, expect, it } from 'vitest';
import { composeScript, estimateDuration } from '../../scripts/compose.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { audiencePhrase } from '../../prompts/wording.ts';
import { InputError } from '../../shared/errors.ts';
import type { Claim, Segment } from '../../shared/types.ts';
import { EXAMPLE_TODAY, inputErrorMessage, loadExample } from '../segments/helpers.ts';

const example = loadExample();
const { sources: templates } = loadTemplates();
const compose = (segment: Segment, claims: readonly Claim[] = example.claims, overrides = {}) =>
  composeScript({ brief: example.brief, segment, claims, templates, today: EXAMPLE_TODAY, ...overrides });
const segment = (id: string): Segment => {
  const found = example.segments.find((s) => s.id === id);
  if (!found) throw new Error(`example segment ${id} missing`);
  return found;
};
const sceneClaims = (scene: Scene): string[] => [...new Set(scene.sentences.flatMap((x) => x.claimIds))];
const claimScenes = (script: ReturnType<typeof compose>) => script.scenes.filter((s) => sceneClaims(s).length > 0);

describe('composeScript', () => {
  it('composes the same script for the same input', () => {
    const first = compose(segment('seniors-75plus-plain'));
    const second = compose(structuredClone(segment('seniors-75plus-plain')), structuredClone(example.claims));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('narrates each concern scene as its claims’ texts verbatim, every sentence citing the claim it says', () => {
    for (const s of example.segments) {
      const script = compose(s);
      for (const scene of claimScenes(script)) {
        expect(scene.sentences.every((x) => x.claimIds.length === 1)).toBe(true);
        const texts = sceneClaims(scene).map((id) => example.claims.find((c) => c.id === id)?.text[s.language]);
        expect(sceneNarration(scene)).toBe(texts.join(' '));
      }
    }
  });

  it('gives every concern answered one scene with its own heading', () => {
    for (const s of example.segments) {
      const headings = compose(s).scenes.map((scene) => scene.onScreenText);
      expect(new Set(headings).size).toBe(headings.length);
    }
  });

  it('frames the claims with an intro and a call to action that cite no claim', () => {
    const s = segment('young-parents');
    const script = compose(s);
    const audience = audiencePhrase(example.brief, s);
    expect(sceneClaims(script.scenes[0]!)).toEqual([]);
    expect(sceneNarration(script.scenes[0]!)).toContain(audience);
    expect(sceneNarration(script.scenes.at(-1)!)).toContain(example.brief.callToAction.de);
    expect(sceneClaims(script.scenes.at(-1)!)).toEqual([]);
    expect(script.callToAction).toBe(example.brief.callToAction.de);
    expect(script.title).toBe(`Grippe- und COVID-19-Impfung im Herbst 2026 – für ${audience}`);
  });

  it('uses only claims that have a text in the segment language', () => {
    const onlyGerman = example.claims.map((c, i): Claim => (i % 2 === 0 ? { ...c, text: { de: c.text.de ?? '' } } : c));
    const script = compose(segment('turkish-speaking-adults'), onlyGerman);
    const ids = claimScenes(script).flatMap(sceneClaims);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(onlyGerman.find((c) => c.id === id)?.text.tr).toBeDefined();
    expect(script.language).toBe('tr');
    expect(script.aiDisclosure).toBe('Bu video yapay zekâ ile oluşturulmuş ve tıbbi açıdan incelenmiştir.');
  });

  it('never uses withdrawn or expired claims', () => {
    const unusable = new Set(
      example.claims
        .filter((c) => c.status === 'withdrawn' || (c.validUntil ?? '9999') < EXAMPLE_TODAY)
        .map((c) => c.id),
    );
    expect(unusable).toEqual(new Set(['covid-vaccine-jn1-2024', 'flu-vaccines-available-2025']));
    for (const s of example.segments) {
      const concerns = [...s.concerns, 'effectiveness', 'access', 'timing'];
      for (const id of claimScenes(compose({ ...s, concerns })).flatMap(sceneClaims)) {
        expect(unusable.has(id)).toBe(false);
      }
    }
  });

  it('refuses a segment when only withdrawn or not yet valid claims answer it', () => {
    const future: Claim = { ...example.claims[0]!, status: 'active', validFrom: '2027-01-01', topics: ['cost'] };
    const withdrawn: Claim = { ...future, id: 'w', status: 'withdrawn', validFrom: undefined };
    const only = { ...segment('young-parents'), concerns: ['cost'] };
    expect(() => compose(only, [future, withdrawn])).toThrow(InputError);
  });

  it('narrates at most four distinct claims', () => {
    const many = {
      ...segment('healthcare-workers'),
      concerns: ['side-effects', 'safety', 'pregnancy', 'access'],
      tags: [],
    };
    const ids = claimScenes(compose(many)).flatMap(sceneClaims);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('keeps on-screen text short and every example video between 30 and 90 seconds', () => {
    for (const s of example.segments) {
      const script = compose(s);
      const total = script.scenes.reduce((sum, scene) => sum + scene.durationSeconds, 0);
      expect(total).toBeGreaterThanOrEqual(30);
      expect(total).toBeLessThanOrEqual(90);
      for (const scene of script.scenes) expect(scene.onScreenText.length).toBeLessThanOrEqual(60);
      expect(script.sources.length).toBeGreaterThan(0);
    }
  });

  it('composes the same script when the templates are reformatted', () => {
    // Prettier's Handlebars formatter puts labels and mustaches on lines of their own.
    const reformatted = Object.fromEntries(
      Object.entries(templates).map(([name, src]) => [
        name,
        src.replaceAll(': {{', ':\n{{').replaceAll('}} ', '}}\n  '),
      ]),
    ) as typeof templates;
    const s = segment('ukrainian-speaking-adults');
    expect(compose(s, example.claims, { templates: reformatted })).toEqual(compose(s));
  });

  it('throws when a strict template uses a variable the composer does not supply', () => {
    const broken = { ...templates, intro: `${templates.intro}\n{{presenterName}}` };
    expect(() => compose(segment('pregnant'), example.claims, { templates: broken })).toThrow(/presenterName/);
  });

  it('refuses a claim template that alters the claim text', () => {
    const altered = {
      ...templates,
      'claim-scene': templates['claim-scene'].replace('{{claimText}}', 'Fact: {{claimText}}'),
    };
    const message = inputErrorMessage(() => compose(segment('pregnant'), example.claims, { templates: altered }));
    expect(message).toContain('must narrate the claim text verbatim');
  });

  it('refuses a language without phrases', () => {
    const french = { ...segment('pregnant'), language: 'fr' };
    expect(inputErrorMessage(() => compose(french))).toContain("no script wording for language 'fr'");
  });
});

describe('estimateDuration', () => {
  it('uses 2.3 words per second for plain language and 2.6 otherwise, rounded up to half seconds', () => {
    const words = (n: number) => Array.from({ length: n }, () => 'Wort').join(' ');
    expect(estimateDuration(words(23), 'plain')).toBe(10);
    expect(estimateDuration(words(26), 'standard')).toBe(10);
    expect(estimateDuration(words(24), 'plain')).toBe(10.5);
  });

  it('never goes below four seconds', () => {
    expect(estimateDuration('Kurz.', 'professional')).toBe(4);
  });
});
