// renderVideo narrated by the audio/speech fake, on the real database: the voice and the lexicon are in the key.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVideoActivities } from '../../../activities/videos.ts';
import { createCampaign } from '../../../db/campaign-repo.ts';
import { createPool } from '../../../db/pool.ts';
import { saveScriptVersion } from '../../../db/script-repo.ts';
import type { CampaignBrief, Claim, Script } from '../../../shared/types.ts';
import { loadOrCreateSigningKey } from '../../../video/provenance/keys.ts';
import { lexiconSha256 } from '../../../video/voices/lexicon.ts';
import { createOpenAISpeechTts } from '../../../video/voices/openai-speech.ts';
import { startSpeechServer, type FakeSpeechServer } from '../../fakes/speech-server.ts';

const pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 4);
const source = { title: 'Hinweise', publisher: 'Example Agency', url: 'https://example.org/', date: '2026-01-15' };
const claims: Claim[] = [{ id: 'c-1', text: { de: 'c-1' }, topics: ['general'], source, status: 'active' }];
const script: Script = {
  title: 'Ein kurzer Hinweis',
  language: 'de',
  readingLevel: 'plain',
  scenes: [
    {
      sentences: [{ text: 'Das BfR prüft Produkte.', claimIds: ['c-1'] }],
      onScreenText: 'Gut zu wissen',
      visual: 'Ein Labor.',
      durationSeconds: 2,
    },
  ],
  callToAction: 'Mehr beim BfR.',
  aiDisclosure: 'Dieses Video wurde mit KI erstellt.',
  sources: [source],
};

let fake: FakeSpeechServer;
let outDir: string;
let signingKey: Awaited<ReturnType<typeof loadOrCreateSigningKey>>;

/** A campaign with `lexicon` and a stored script; returns the ids renderVideo needs. */
async function stored(lexicon?: CampaignBrief['lexicon']) {
  const campaignId = `voice-${randomBytes(4).toString('hex')}`;
  const brief: CampaignBrief = {
    name: 'voice-test',
    title: 'Voice test',
    agency: 'Test agency',
    topic: 'A test topic',
    callToAction: { de: script.callToAction },
    branding: { primaryColor: '#0B5394', backgroundColor: '#F4F7FB', textColor: '#1B2733' },
    video: { width: 640, height: 360 },
    review: { approvalsRequired: 1 },
    channels: [],
    ...(lexicon ? { lexicon } : {}),
    segmentsFile: '/x/segments.csv',
    claimsFile: '/x/claims.yaml',
  };
  const segment = { id: 'all', label: 'All', language: 'de', readingLevel: 'plain', size: 40 } as const;
  await createCampaign(pool, { id: campaignId, brief, segments: [{ ...segment, concerns: [], tags: [] }], claims });
  const input = { campaignId, segmentId: segment.id, script, provider: 'local', templateHash: 't' };
  return { campaignId, segmentId: segment.id, scriptSha256: await saveScriptVersion(pool, input) };
}

/** Video activities narrated by the fake with `voice` for German. */
const activitiesWith = (voice: string) =>
  createVideoActivities({
    pool,
    outDir,
    publicBaseUrl: 'http://127.0.0.1',
    allowHttpLoopback: true,
    scriptProvider: undefined as never,
    signingKey,
    tts: createOpenAISpeechTts({
      apiKey: fake.apiKey,
      baseURL: fake.baseURL,
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      voices: { de: { voice } },
    }),
  } as Parameters<typeof createVideoActivities>[0]);

const run = <T>(fn: () => Promise<T>): Promise<T> => new MockActivityEnvironment().run(fn);

beforeAll(async () => {
  fake = await startSpeechServer();
  outDir = await mkdtemp(join(inject('tmpRoot'), 'video-voice-'));
  signingKey = await loadOrCreateSigningKey({ dataDir: outDir });
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  await pool.end();
});

describe('renderVideo with an audio/speech voice', () => {
  it('records the voice, reuses the render for the same voice and renders anew for another voice or lexicon', async () => {
    const lexicon = { de: { BfR: 'Be-eff-err' } };
    const ids = await stored(lexicon);
    const marin = activitiesWith('marin');
    const first = await run(() => marin.renderVideo(ids));
    expect(first.narration).toMatchObject({
      engine: 'openai-speech',
      model: 'gpt-4o-mini-tts',
      voices: { de: 'marin' },
      lexicon: lexiconSha256(lexicon.de),
    });
    expect(fake.requests.map((r) => r.input)).toContain('Das Be-eff-err prüft Produkte.');

    const asked = fake.requests.length;
    const again = await run(() => activitiesWith('marin').renderVideo(ids));
    expect(again.generationKey).toBe(first.generationKey);
    expect(fake.requests.length).toBe(asked);

    const coral = await run(() => activitiesWith('coral').renderVideo(ids));
    expect(coral.generationKey).not.toBe(first.generationKey);
    expect(fake.requests.at(-1)?.voice).toBe('coral');

    // The campaign's lexicon changed (as a new brief would say) or gone: each is another render.
    const setLexicon = (value: unknown) =>
      pool.query(`UPDATE campaigns SET brief = jsonb_set(brief, '{lexicon}', $2::jsonb) WHERE id = $1`, [
        ids.campaignId,
        JSON.stringify(value),
      ]);
    await setLexicon({ de: { BfR: 'B-f-R' } });
    const respelled = await run(() => marin.renderVideo(ids));
    expect(fake.requests.at(-1)?.voice).toBe('marin');
    expect(fake.requests.map((r) => r.input)).toContain('Das B-f-R prüft Produkte.');
    await setLexicon({});
    const plain = await run(() => marin.renderVideo(ids));
    expect(plain.narration?.lexicon).toBeUndefined();
    const keys = [first, coral, respelled, plain].map((r) => r.generationKey);
    expect(new Set(keys).size).toBe(4);
  });
});
