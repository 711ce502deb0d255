import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, type LoadedCampaign } from '../../cli/load-campaign.ts';
import { composeScript } from '../../scripts/compose.ts';
import { checksData } from '../../scripts/checks/data.ts';
import { easyBreaches } from '../../scripts/checks/easy-rules.ts';
import { runChecks } from '../../scripts/checks/index.ts';
import { audiencePhrase } from '../../prompts/wording.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import type { Claim, CampaignBrief, Script, Segment } from '../../shared/types.ts';
import { EXAMPLE_ENV } from '../segments/helpers.ts';
import { HEAT_TODAY, heatBrief, heatClaims, heatSegment } from './heat-campaign.ts';

const { sources: templates } = loadTemplates();
const TODAY = '2026-11-26';
const examples = join(import.meta.dirname, '../../examples');
let autumn: LoadedCampaign;
let measles: LoadedCampaign;
beforeAll(async () => {
  autumn = await loadCampaign(join(examples, 'autumn-vaccination-2026/campaign.yaml'), EXAMPLE_ENV);
  measles = await loadCampaign(join(examples, 'measles-catch-up/campaign.yaml'), {});
});

const easy = (segment: Segment): Segment => ({ ...segment, readingLevel: 'easy' });

function composeAndCheck(brief: CampaignBrief, claims: readonly Claim[], segment: Segment, today = TODAY) {
  const script = composeScript({ brief, segment, claims, templates, today });
  const findings = runChecks({
    script,
    segmentLanguage: segment.language,
    readingLevel: segment.readingLevel,
    claims,
    today,
    callToAction: brief.callToAction[segment.language],
    segment,
  });
  return { script, findings };
}

/**
 * The sentences the composer wrote itself (citing no claim) that break an easy-language rule. The campaign's audience
 * phrase is its own wording, said as written (`Beschäftigte im Gesundheitswesen`): it is replaced by a plain word first.
 */
function ownBreaches(brief: CampaignBrief, segment: Segment, script: Script): string[] {
  const audience = audiencePhrase(brief, segment);
  return script.scenes
    .flatMap((s) => s.sentences)
    .filter((s) => s.claimIds.length === 0 && !s.text.includes(brief.callToAction[segment.language]!))
    .flatMap((s) =>
      easyBreaches(s.text.replace(audience, 'X'), checksData().easy[segment.language]).map(
        (b) => `${b.rule}: ${s.text}`,
      ),
    );
}

describe('composeScript for an easy-language segment', () => {
  it.each([
    ['autumn-vaccination-2026', 'seniors-75plus-plain'],
    ['measles-catch-up', 'young-adults-plain'],
  ])('writes German for %s that passes every check (%s read in easy language)', (name, segmentId) => {
    const campaign = name === 'measles-catch-up' ? measles : autumn;
    const segment = easy(campaign.segments.find((s) => s.id === segmentId)!);
    const { script, findings } = composeAndCheck(campaign.brief, campaign.claims, segment);
    expect(script.readingLevel).toBe('easy');
    // Negation is flagged, not forbidden: an approved claim that needs one is a note for the reviewer, nothing more.
    expect(findings.filter((f) => f.code !== 'easy-negation').map((f) => `${f.severity} ${f.code}`)).toEqual([]);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
    // The claims are said in their approved easy wording, verbatim, each sentence citing its claim.
    const said = script.scenes.flatMap((s) => s.sentences).filter((s) => s.claimIds.length > 0);
    expect(said.length).toBeGreaterThan(0);
    for (const sentence of said) {
      const claim = campaign.claims.find((c) => c.id === sentence.claimIds[0])!;
      const wordings = [claim.text.de, claim.shortText?.de, ...(claim.alternatives?.de ?? [])].join(' ');
      expect(wordings).toContain(sentence.text);
    }
  });

  it('tells no myth in easy language: the fact only', () => {
    const segment = easy(measles.segments.find((s) => s.id === 'young-adults-plain')!);
    const { script } = composeAndCheck(measles.brief, measles.claims, segment);
    const plain = composeAndCheck(measles.brief, measles.claims, { ...segment, readingLevel: 'plain' }).script;
    const myths = measles.claims.flatMap((c) => (c.myth?.text.de ? [c.myth.text.de] : []));
    const narration = (s: Script) => s.scenes.flatMap((x) => x.sentences.map((y) => y.text)).join(' ');
    expect(myths.some((m) => narration(plain).includes(m))).toBe(true);
    expect(myths.some((m) => narration(script).includes(m))).toBe(false);
  });

  it('keeps the rules in every sentence of its own, for every segment of both examples and a campaign of its own', () => {
    const cases: [CampaignBrief, readonly Claim[], Segment, string][] = [
      ...autumn.segments.map(
        (s) => [autumn.brief, autumn.claims, easy(s), TODAY] as [CampaignBrief, Claim[], Segment, string],
      ),
      ...measles.segments.map(
        (s) => [measles.brief, measles.claims, easy(s), TODAY] as [CampaignBrief, Claim[], Segment, string],
      ),
      [heatBrief, heatClaims, easy(heatSegment('heat-de')), HEAT_TODAY],
      [heatBrief, heatClaims, easy(heatSegment('heat-en', { language: 'en' })), HEAT_TODAY],
    ];
    for (const [brief, claims, segment, today] of cases) {
      const { script } = composeAndCheck(brief, claims, segment, today);
      expect({ segment: segment.id, own: ownBreaches(brief, segment, script) }).toEqual({
        segment: segment.id,
        own: [],
      });
    }
  });

  it('names the claim that needs an easy wording when its approved texts break the rules', () => {
    const segment = easy(autumn.segments.find((s) => s.id === 'seniors-75plus-plain')!);
    const claims = autumn.claims.map(({ alternatives, ...c }) =>
      c.id === 'side-effects-common' ? c : { ...c, alternatives },
    );
    const { findings } = composeAndCheck(autumn.brief, claims, segment);
    const flagged = findings.filter((f) => f.code.startsWith('easy-'));
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((f) => f.severity === 'warning')).toBe(true);
    expect(flagged[0]?.suggestion).toContain("claim 'side-effects-common' to the claims file (alternatives.de)");
  });
});
