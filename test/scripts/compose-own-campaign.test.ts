import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCampaign } from '../../cli/load-campaign.ts';
import { composeScript, TARGET_MAX_SECONDS } from '../../scripts/compose.ts';
import { hasBlocking, runChecks } from '../../scripts/checks/index.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { sceneNarration } from '../../shared/text.ts';
import type { CampaignBrief, Claim, Scene, Script, Segment } from '../../shared/types.ts';
import { EXAMPLE_PHRASES, HEAT_TODAY, heatBrief, heatClaims, heatSegment } from './heat-campaign.ts';

const { sources: templates } = loadTemplates();
const compose = (segment: Segment, brief: CampaignBrief = heatBrief, claims: readonly Claim[] = heatClaims) =>
  composeScript({ brief, segment, claims, templates, today: HEAT_TODAY });
const cited = (scene: Scene) => [...new Set(scene.sentences.flatMap((s) => s.claimIds))];
const allText = (script: Script) =>
  [script.title, ...script.scenes.flatMap((s) => [sceneNarration(s), s.onScreenText, s.visual])].join('\n');
const check = (script: Script, segment: Segment, claims: readonly Claim[] = heatClaims) =>
  runChecks({
    script,
    segmentLanguage: segment.language,
    readingLevel: segment.readingLevel,
    claims,
    today: HEAT_TODAY,
    callToAction: heatBrief.callToAction[segment.language],
    segment,
  });

describe('composeScript for a campaign of its own', () => {
  it('says nothing of the shipped example, in German and in English', () => {
    for (const language of ['de', 'en']) {
      for (const tags of [['night-shift'], ['gardeners'], []]) {
        const text = allText(compose(heatSegment('s', { language, tags }))).toLowerCase();
        for (const phrase of EXAMPLE_PHRASES)
          expect({ phrase, found: text.includes(phrase) }).toEqual({ phrase, found: false });
      }
    }
  });

  it("names the group with the campaign's audience phrase, else with the segment's label", () => {
    const night = compose(heatSegment('n', { language: 'en', tags: ['unknown-tag', 'night-shift'] }));
    expect(sceneNarration(night.scenes[0]!)).toContain('This video is for night-shift workers.');
    expect(night.title).toBe('Getting through the heat – for night-shift workers');
    const plain = compose(heatSegment('p', { label: 'Menschen in Dachwohnungen', tags: ['unknown-tag'] }));
    expect(sceneNarration(plain.scenes[0]!)).toContain('für Menschen in Dachwohnungen');
  });

  it('gives each concern one scene under its campaign heading, so no heading or question repeats', () => {
    const script = compose(heatSegment('n', { tags: ['night-shift'] }));
    const headings = script.scenes.map((s) => s.onScreenText);
    expect(headings.slice(1, -1)).toEqual([
      'Wie viel soll ich trinken?',
      'Wie kühle ich meine Wohnung?',
      'Arbeiten in der Mittagssonne',
    ]);
    expect(new Set(headings).size).toBe(headings.length);
    // Both hydration claims share the hydration scene.
    expect(cited(script.scenes[1]!)).toEqual(['water-steady', 'water-night']);
    expect(check(script, heatSegment('n', { tags: ['night-shift'] })).map((f) => f.code)).not.toContain(
      'repeated-heading',
    );
  });

  it('uses generic headings, each once, for concerns the campaign gives no heading', () => {
    const brief = { ...heatBrief, concerns: {} };
    const script = compose(heatSegment('s', { concerns: ['hydration', 'sleep', 'cooling'] }), brief);
    expect(script.scenes.map((s) => s.onScreenText).slice(1, -1)).toEqual([
      'Gut zu wissen',
      'Wichtig für Sie',
      'Das sollten Sie wissen',
    ]);
  });

  it("narrates only claims for the segment's concerns and audience", () => {
    const ids = (segment: Segment) => compose(segment).scenes.flatMap(cited);
    expect(ids(heatSegment('g', { tags: ['gardeners'] }))).toEqual([
      'water-steady',
      'fan-cooling',
      'shade-breaks',
      'hat',
    ]);
    expect(ids(heatSegment('n', { tags: ['night-shift'] }))).toEqual([
      'water-steady',
      'water-night',
      'fan-cooling',
      'hat',
    ]);
    // 'sleep-cool' answers no concern of these segments; 'hat' is shared and meant for everyone.
    expect(ids(heatSegment('x', { concerns: ['midday-sun'] }))).toEqual(['hat']);
  });

  it('tells a concern’s myth as a truth sandwich: fact, warned myth, why it is wrong, the fact again', () => {
    const script = compose(heatSegment('s', { concerns: ['cooling'], language: 'en' }));
    const scene = script.scenes[1]!;
    expect(scene.sentences).toEqual([
      {
        text: 'Air your home early in the morning and keep windows and curtains closed during the day.',
        claimIds: ['fan-cooling'],
      },
      { text: 'Beware of a common myth: A fan cools any room.', claimIds: ['fan-cooling'] },
      { text: 'A fan only moves the warm air around; the room stays as warm as before.', claimIds: ['fan-cooling'] },
      { text: 'Air in the morning, shade by day.', claimIds: ['fan-cooling'] },
    ]);
    expect(scene.onScreenText).toBe('How do I keep my flat cool?');
  });

  it("lets the campaign's wording override the defaults, language by language", () => {
    const brief: CampaignBrief = {
      ...heatBrief,
      wording: {
        de: { greeting: 'Moin, {audience}!', mythWarning: 'Ein Gerücht lautet:', introHeading: 'Hitze-Tipps' },
      },
    };
    const script = compose(heatSegment('s', { tags: ['gardeners'] }), brief);
    expect(sceneNarration(script.scenes[0]!)).toBe('Moin, Kleingärtnerinnen und Kleingärtner!');
    expect(script.scenes[0]!.onScreenText).toBe('Hitze-Tipps');
    expect(script.scenes[2]!.sentences[1]!.text).toBe('Ein Gerücht lautet: Ein Ventilator kühlt jeden Raum.');
    expect(compose(heatSegment('e', { language: 'en' })).scenes.at(-1)!.onScreenText).toBe('Start today');
  });

  it('composes scripts the checks pass without a blocking finding', () => {
    for (const segment of [
      heatSegment('g', { tags: ['gardeners'] }),
      heatSegment('n', { tags: ['night-shift'], language: 'en' }),
    ]) {
      const findings = check(compose(segment), segment);
      expect({ segment: segment.id, blocking: findings.filter((f) => f.severity === 'blocking') }).toEqual({
        segment: segment.id,
        blocking: [],
      });
      expect(hasBlocking(findings)).toBe(false);
    }
  });

  it('drops extra claims of a concern before any concern loses its scene when the video would run too long', () => {
    const long = (id: string, topic: string): Claim => ({
      ...heatClaims[0]!,
      id,
      topics: [topic],
      text: {
        de: `${'Trinken Sie über den ganzen langen Tag verteilt immer wieder Wasser. '.repeat(6).trim()} (${id})`,
      },
      shortText: undefined,
      alternatives: undefined,
    });
    const claims = [long('a1', 'hydration'), long('a2', 'hydration'), long('b1', 'sleep'), long('b2', 'sleep')];
    const script = compose(heatSegment('s', { concerns: ['hydration', 'sleep'] }), heatBrief, claims);
    expect(script.scenes.reduce((sum, s) => sum + s.durationSeconds, 0)).toBeLessThanOrEqual(TARGET_MAX_SECONDS);
    expect(script.scenes.map(cited)).toEqual([[], ['a1'], ['b1'], []]);
  });

  it('composes the second example campaign with each concern once, its myth as a truth sandwich, nothing blocking', async () => {
    const measles = await loadCampaign(join(import.meta.dirname, '../../examples/measles-catch-up/campaign.yaml'), {});
    for (const segment of measles.segments) {
      const script = composeScript({ ...measles, segment, templates, today: HEAT_TODAY });
      const headings = script.scenes.map((s) => s.onScreenText);
      expect(new Set(headings).size).toBe(headings.length);
      const findings = runChecks({
        script,
        segmentLanguage: segment.language,
        readingLevel: segment.readingLevel,
        claims: measles.claims,
        today: HEAT_TODAY,
        callToAction: measles.brief.callToAction[segment.language],
        segment,
      });
      expect({ segment: segment.id, blocking: findings.filter((f) => f.severity === 'blocking') }).toEqual({
        segment: segment.id,
        blocking: [],
      });
      const myth = measles.brief.concerns?.['vaccine-fears']?.myth;
      if (segment.concerns.includes('vaccine-fears')) {
        const scene = script.scenes.find((s) => s.sentences.some((x) => x.claimIds.includes(myth ?? '')));
        expect(scene?.sentences.map((x) => x.claimIds)).toEqual([[myth], [myth], [myth], [myth]]);
      }
    }
  });
});
