// Small records the repository and API suites store directly: a campaign brief, a segment, the databases to run on.
import { inject } from 'vitest';
import type { CampaignBrief, Segment } from '../../shared/types.ts';

/** PGlite always; the run's PostgreSQL database too when DATABASE_URL is set (as in CI). `[name, url]` pairs. */
export function suiteDatabases(): [string, string][] {
  const postgresUrl = inject('postgresUrl');
  return [['PGlite', inject('pgliteUrl')], ...(postgresUrl ? [['PostgreSQL', postgresUrl] as [string, string]] : [])];
}

/** A minimal valid brief (German call to action, one approval, no channels); `overrides` replace whole fields. */
export function testBrief(overrides: Partial<CampaignBrief> = {}): CampaignBrief {
  return {
    name: 'test-campaign',
    title: 'Test campaign',
    agency: 'Test agency',
    topic: 'general',
    callToAction: { de: 'Fragen Sie Ihre Praxis.' },
    branding: { primaryColor: '#004B87', backgroundColor: '#FFFFFF', textColor: '#111111' },
    video: { width: 1280, height: 720 },
    review: { approvalsRequired: 1 },
    channels: [],
    segmentsFile: '/x/segments.csv',
    claimsFile: '/x/claims.yaml',
    ...overrides,
  };
}

/** A German plain-language segment of 40 with one concern. */
export function testSegment(id: string, overrides: Partial<Segment> = {}): Segment {
  return {
    id,
    label: `Segment ${id}`,
    language: 'de',
    readingLevel: 'plain',
    size: 40,
    concerns: ['safety'],
    tags: [],
    ...overrides,
  };
}
