// Test helpers for the input parsers: the example campaign, loaded once, and a way to inspect thrown InputErrors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { InputError } from '../../shared/errors.ts';
import type { CampaignBrief, Claim, Segment } from '../../shared/types.ts';
import { parseCampaignFile } from '../../campaign/campaign-file.ts';
import { parseClaimsFile } from '../../campaign/claims-file.ts';
import { parseSegmentTableWithLines } from '../../segments/segment-table.ts';

/** Folder of the example campaign. */
export const EXAMPLE_DIR = join(import.meta.dirname, '../../examples/autumn-vaccination-2026');

/** Environment the example campaign's `${VAR}` references need. */
export const EXAMPLE_ENV = {
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:8787/hooks/klartext',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'kft_example-feed-token-for-tests-0123456789',
};

/** A day inside the example campaign's season, so results do not depend on the clock. */
export const EXAMPLE_TODAY = '2026-11-26';

/** Reads a file of the example campaign. */
export function exampleText(file: string): string {
  return readFileSync(join(EXAMPLE_DIR, file), 'utf8');
}

/** The parsed example campaign. */
export function loadExample(): {
  brief: CampaignBrief;
  claims: Claim[];
  segments: Segment[];
  lines: Map<string, number>;
} {
  const brief = parseCampaignFile(exampleText('campaign.yaml'), join(EXAMPLE_DIR, 'campaign.yaml'), EXAMPLE_ENV);
  const claims = parseClaimsFile(readFileSync(brief.claimsFile, 'utf8'), brief.claimsFile);
  const table = parseSegmentTableWithLines(readFileSync(brief.segmentsFile, 'utf8'), brief.segmentsFile);
  return { brief, claims, segments: table.segments, lines: table.lines };
}

/** Runs `fn`, expects it to throw an InputError, and returns that error's message. */
export function inputErrorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
