// Test helpers for the pre-review checks: the example campaign's local scripts and a small script builder.
import { join } from 'node:path';
import { loadCampaign, type LoadedCampaign } from '../../../cli/load-campaign.ts';
import { composeScript } from '../../../scripts/compose.ts';
import { loadTemplates } from '../../../prompts/templates.ts';
import type { Claim, Scene, Script, Segment } from '../../../shared/types.ts';

/** The day every example script is composed and checked on. */
export const TODAY = '2026-11-26';

const CAMPAIGN = join(import.meta.dirname, '../../../examples/autumn-vaccination-2026/campaign.yaml');
const ENV = {
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:9/x',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'kft_example-feed-token-for-tests-0123456789',
};

/** The example campaign, as `klartext validate` loads it. */
export function loadExample(): Promise<LoadedCampaign> {
  return loadCampaign(CAMPAIGN, ENV);
}

/** The local composer's script for one example segment. */
export function composeFor(campaign: LoadedCampaign, segment: Segment): Script {
  const templates = loadTemplates().sources;
  return composeScript({ brief: campaign.brief, segment, claims: campaign.claims, templates, today: TODAY });
}

/** A sentence as `text` (cites nothing) or `[text, claimIds]`. */
export type SentenceSpec = string | [string, string[]];

let scenes = 0;

/** A scene from sentences, planned for `durationSeconds` (default 10), under a heading of its own. */
export function scene(sentences: SentenceSpec[], durationSeconds = 10): Scene {
  const list = sentences.map((s) =>
    typeof s === 'string' ? { text: s, claimIds: [] } : { text: s[0], claimIds: s[1] },
  );
  return {
    sentences: list,
    onScreenText: `Überschrift ${++scenes}`,
    visual: 'Eine ruhige Illustration.',
    durationSeconds,
  };
}

/** A German plain-language script with the given scenes and sensible other fields. */
export function script(scenes: Scene[], overrides: Partial<Script> = {}): Script {
  return {
    title: 'Grippeimpfung im Herbst',
    language: 'de',
    readingLevel: 'plain',
    scenes,
    callToAction: 'Fragen Sie in Ihrer Hausarztpraxis nach einem Impftermin.',
    aiDisclosure: 'Dieses Video wurde mit KI erstellt und medizinisch geprüft.',
    sources: [],
    ...overrides,
  };
}

/** An active claim with texts in German and English. */
export function claim(id: string, de: string, overrides: Partial<Claim> = {}): Claim {
  return {
    id,
    text: { de, en: `${id} in English.` },
    topics: ['effectiveness'],
    source: { title: 'Source', publisher: 'RKI', url: 'https://www.rki.de/', date: '2025-01-01' },
    status: 'active',
    ...overrides,
  };
}
