// Bidi controls in labels and titles: refused in campaign files (file:line:column), dropped or isolated where shown.
import { describe, expect, it } from 'vitest';
import { parseCampaignFile } from '../../campaign/campaign-file.ts';
import { checkCoverage } from '../../campaign/validate-campaign.ts';
import { stripBidiControls, textProblem } from '../../shared/text-guard.ts';
import type { CampaignBrief, Claim, Segment } from '../../shared/types.ts';
import { escapeVtt } from '../../video/render/captions.ts';
import { FilterWriter } from '../../video/render/filters.ts';
import { metadataTags } from '../../video/render/metadata.ts';
import { escapeHtml } from '../../video/render/transcript.ts';
import { layout } from '../../web/views/layout.ts';
import { queueBody } from '../../web/views/queue.ts';
import { inputErrorMessage } from '../segments/helpers.ts';

const RLO = '\u202E';
const CONTROLS = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
];
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

const campaignYaml = (title: string, agency = 'Example agency') => `name: demo
title: "${title}"
agency: "${agency}"
topic: Flu
callToAction:
  de: Jetzt impfen lassen.
branding:
  primaryColor: '#00507A'
  backgroundColor: '#FFFFFF'
  textColor: '#1B1B1B'
video:
  width: 1280
  height: 720
segments: data/segments.csv
claims: /abs/claims.yaml
`;

describe('the text guard', () => {
  it('refuses every bidi control in a name, and says which characters', () => {
    for (const c of CONTROLS) expect(textProblem(`Segment${c}A`, 'name')).toMatch(/bidirectional control/);
    expect(textProblem('Grippe 65+ · عربي', 'name')).toBeUndefined();
  });

  it('strips every bidi control and leaves other text alone', () => {
    expect(stripBidiControls(`a${CONTROLS.join('')}b עברית`)).toBe('ab עברית');
  });
});

describe('campaign files', () => {
  it('refuse a bidi override in the title and the agency at their line and column', () => {
    const title = inputErrorMessage(() => parseCampaignFile(campaignYaml(`Flu ${RLO}txt.exe`), '/c/campaign.yaml', {}));
    expect(title).toMatch(/^\/c\/campaign\.yaml:2:8: title: .*bidirectional control/);
    expect(title).not.toContain(RLO);
    const agency = inputErrorMessage(() =>
      parseCampaignFile(campaignYaml('Flu', `Agency\u2067x`), '/c/campaign.yaml', {}),
    );
    expect(agency).toMatch(/^\/c\/campaign\.yaml:3:9: agency: .*bidirectional control/);
  });

  it('refuse a bidi control in a segment label at its line in the segments file', () => {
    const brief = { segmentsFile: '/c/segments.csv', callToAction: { de: 'Los.' } } as unknown as CampaignBrief;
    const segment: Segment = {
      id: 'older',
      label: `65+ ${RLO}draob`,
      language: 'de',
      readingLevel: 'plain',
      size: 40,
      concerns: ['safety'],
      tags: [],
    };
    const claim = { id: 'c', text: { de: 'x' }, topics: ['safety'], status: 'active' } as unknown as Claim;
    const message = inputErrorMessage(() =>
      checkCoverage(brief, [segment], [claim], { lines: new Map([['older', 7]]), today: '2026-01-01' }),
    );
    expect(message).toMatch(/^\/c\/segments\.csv:7:1: segment 'older': the label contains a bidirectional control/);
    expect(message).not.toContain(RLO);
  });
});

describe('rendering', () => {
  it('draws no bidi control into a video frame, its captions, its metadata or its transcript', () => {
    const writer = new FilterWriter('/tmp/x');
    writer.drawtext({
      text: `Title ${RLO}abc\u2066d\u2069`,
      font: '/f.ttf',
      size: 10,
      color: 'black',
      x: '0',
      y: '0',
      enable: '1',
    });
    expect(writer.textFiles[0]!.content).toBe('Title abcd');
    expect(escapeVtt(`a${RLO}<b>`)).toBe('a&lt;b&gt;');
    expect(metadataTags({ title: `T${RLO}x`, language: 'de', digitalSourceType: 'x' }).title).toBe('Tx');
    expect(escapeHtml(`<T${RLO}>`)).toBe('&lt;T&gt;');
  });

  it('isolates labels and campaign titles in <bdi> on workspace pages, without their bidi controls', async () => {
    const item = {
      campaignId: 'c1',
      campaignTitle: `Campaign ${RLO}eltit`,
      segmentId: 's1',
      label: `Label ${RLO}lebal`,
      language: 'de',
      since: new Date(0),
    };
    const body = queueBody({
      items: [item],
      total: 1,
      filters: {},
      campaigns: [{ id: 'c1', title: item.campaignTitle }],
      languages: ['de'],
      now: new Date(0),
    });
    const page = String(await layout({ title: `Review: ${item.label}`, body }));
    expect(page).not.toMatch(BIDI);
    expect(page).toContain('<bdi>Label lebal</bdi>');
    expect(page).toContain('<bdi>Campaign eltit</bdi>');
    expect(page).toContain('<title>Review: Label lebal · klartext review</title>');
  });
});
