// A script beside its rendering in the reader's language, on both example campaigns: claim wordings exact, the rest
// back-translated or marked so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCampaignFile } from '../../../campaign/campaign-file.ts';
import { parseClaimsFile } from '../../../campaign/claims-file.ts';
import { composeScript } from '../../../scripts/compose.ts';
import { layOut, sentencesToBackTranslate, sideBySide } from '../../../scripts/translation/side-by-side.ts';
import { loadTemplates } from '../../../prompts/templates.ts';
import { splitSentences } from '../../../shared/text.ts';
import type { Claim, Segment } from '../../../shared/types.ts';
import { EXAMPLE_ENV, EXAMPLE_TODAY, loadExample } from '../../segments/helpers.ts';

const { sources: templates } = loadTemplates();
const version = (claim: Claim) => `sha-of-${claim.id}`;

describe('sideBySide', () => {
  const example = loadExample();
  const segment = example.segments.find((s) => s.language === 'tr')!;
  const script = composeScript({
    brief: example.brief,
    segment,
    claims: example.claims,
    templates,
    today: EXAMPLE_TODAY,
  });

  it('shows each Turkish sentence that says a claim beside that claim version’s approved German wording', () => {
    const side = sideBySide(script, example.claims, 'de', version, undefined);
    const said = script.scenes.flatMap((scene, k) => scene.sentences.map((s, i) => ({ s, r: side.scenes[k]![i]! })));
    const claimed = said.filter(({ r }) => r.kind === 'claim');
    // The composer says claims verbatim: every sentence citing one is its approved wording, so none needs a provider.
    expect(claimed.map(({ s }) => s)).toEqual(said.filter(({ s }) => s.claimIds.length > 0).map(({ s }) => s));
    expect(claimed.length).toBeGreaterThan(0);
    for (const { s, r } of claimed) {
      const claim = example.claims.find((c) => c.id === (r as { claimId: string }).claimId)!;
      expect(s.claimIds).toContain(claim.id);
      // A wording of several sentences is rendered sentence by sentence where both languages split alike.
      expect(splitSentences(claim.text.de!)).toContain((r as { text: string }).text);
      expect(r).toEqual({
        kind: 'claim',
        text: (r as { text: string }).text,
        claimId: claim.id,
        claimSha256: `sha-of-${claim.id}`,
      });
    }
  });

  it('marks the other sentences "not back-translated", pending, until a back-translation is stored', () => {
    const side = sideBySide(script, example.claims, 'de', version, undefined);
    const open = sentencesToBackTranslate(script, example.claims, 'de', version);
    expect(open.length).toBeGreaterThan(0);
    expect(side).toMatchObject({ missing: 'pending', notBackTranslated: open.length });
    for (const p of open) expect(side.scenes[p.scene]![p.sentence]).toEqual({ kind: 'not-back-translated' });
  });

  it('shows the stored back-translation beside them, and says when no provider was there', () => {
    const open = sentencesToBackTranslate(script, example.claims, 'de', version);
    const sentences = layOut(
      script,
      open,
      open.map((p) => `DE ${p.scene}.${p.sentence}`),
    );
    const stored = {
      scriptSha256: 'x',
      language: 'de',
      provider: 'deepl',
      status: 'done' as const,
      sentences,
      createdAt: '2026-12-07T00:00:00Z',
    };
    const side = sideBySide(script, example.claims, 'de', version, stored);
    expect(side.notBackTranslated).toBe(0);
    expect(side.missing).toBeUndefined();
    expect(side.translatedBy).toEqual({ provider: 'deepl', at: '2026-12-07T00:00:00Z' });
    const first = open[0]!;
    expect(side.scenes[first.scene]![first.sentence]).toEqual({
      kind: 'back-translation',
      text: `DE ${first.scene}.${first.sentence}`,
    });
    const none = sideBySide(script, example.claims, 'de', version, { ...stored, status: 'no-provider', sentences: [] });
    expect(none).toMatchObject({ missing: 'no-provider', notBackTranslated: open.length });
  });

  it('renders the second campaign’s English script for a German reader the same way', () => {
    const dir = join(import.meta.dirname, '../../../examples/measles-catch-up');
    const brief = parseCampaignFile(
      readFileSync(join(dir, 'campaign.yaml'), 'utf8'),
      join(dir, 'campaign.yaml'),
      EXAMPLE_ENV,
    );
    const claims = parseClaimsFile(readFileSync(brief.claimsFile, 'utf8'), brief.claimsFile);
    const measles: Segment = {
      id: 'en-adults',
      label: 'English-speaking adults',
      language: 'en',
      readingLevel: 'plain',
      size: 100,
      concerns: [...new Set(claims.flatMap((c) => c.topics))],
      tags: [...new Set(claims.flatMap((c) => c.audiences ?? []))],
    };
    const en = composeScript({ brief, segment: measles, claims, templates, today: EXAMPLE_TODAY });
    const side = sideBySide(en, claims, 'de', version, undefined);
    const kinds = side.scenes.flat().map((r) => r.kind);
    expect(kinds).toContain('claim');
    expect(kinds).toContain('not-back-translated');
    for (const r of side.scenes.flat()) {
      if (r.kind === 'claim') expect(Object.values(claims.find((c) => c.id === r.claimId)!.text)).toContain(r.text);
    }
  });
});
