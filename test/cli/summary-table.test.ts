import { describe, expect, it } from 'vitest';
import type { CampaignSummary, SegmentSummary } from '../../services/summary.ts';
import { printSummaryTable } from '../../cli/summary-table.ts';

const segment = (segmentId: string, language: string, narration?: SegmentSummary['narration']): SegmentSummary => ({
  segmentId,
  label: segmentId,
  language,
  status: 'PUBLISHED',
  video: { path: `/out/${segmentId}/video.mp4`, sha256: 'a'.repeat(64), durationSeconds: 31.25 },
  ...(narration ? { narration } : {}),
  deliveries: [],
});

const npm = (lang: string, voice: string): SegmentSummary['narration'] => ({
  engine: 'espeak-ng-npm',
  version: '1.52-dev',
  package: 'espeak-ng@1.0.2',
  voices: { [lang]: voice },
  description: `eSpeak NG 1.52-dev (npm WebAssembly build espeak-ng@1.0.2), voice ${voice}`,
});

describe('printSummaryTable', () => {
  it('shows each segment’s voice and names each narration engine once below the table', () => {
    const summary: CampaignSummary = {
      campaignId: 'c',
      name: 'c',
      title: 'C',
      status: 'DONE',
      segments: [segment('one', 'de', npm('de', 'de')), segment('two', 'en', npm('en', 'en-gb')), segment('old', 'tr')],
    };
    const lines: string[] = [];
    printSummaryTable(summary, (line) => lines.push(line));
    expect(lines[1]).toMatch(/video\s+voice\s+deliveries/);
    expect(lines.find((l) => l.startsWith('two'))).toMatch(/31\.3 s\s+en-gb\s/);
    expect(lines.find((l) => l.startsWith('old'))).toMatch(/31\.3 s\s+-\s/);
    expect(lines.filter((l) => l.startsWith('Narration:'))).toEqual([
      'Narration: eSpeak NG 1.52-dev (npm WebAssembly build espeak-ng@1.0.2)',
    ]);
  });

  it('marks configured silent videos in the voice column and below', () => {
    const silent = { engine: 'silent' as const, voices: {}, description: 'No narration (silent video, configured)' };
    const lines: string[] = [];
    printSummaryTable(
      { campaignId: 'c', name: 'c', title: 'C', status: 'DONE', segments: [segment('one', 'de', silent)] },
      (line) => lines.push(line),
    );
    expect(lines.find((l) => l.startsWith('one'))).toMatch(/\ssilent\s/);
    expect(lines).toContain('Narration: No narration (silent video, configured)');
  });
});
