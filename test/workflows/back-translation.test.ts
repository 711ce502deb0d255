// The segment workflow back-translates the version going to review (DeepL's official client against the fake), and
// the script API carries each Turkish sentence beside its German and English rendering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackTranslations } from '../../db/back-translation-repo.ts';
import { createDeepLProvider } from '../../scripts/translation/deepl.ts';
import type { ScriptView } from '../../services/script-view.ts';
import { startDeepLServer, type FakeDeepLServer } from '../fakes/deepl-server.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
let deepl: FakeDeepLServer;
beforeAll(async () => {
  h = await createHarness();
  deepl = await startDeepLServer((text, r) => `${r.targetLang.toUpperCase()}: ${text}`);
  await h.startWorkers({
    translationProvider: createDeepLProvider({ authKey: deepl.authKey, serverUrl: deepl.serverUrl }),
  });
});
afterAll(async () => {
  await h?.close();
  await deepl?.close();
});

describe('segmentWorkflow with a translation provider', () => {
  it('back-translates the script before review, so the reviewer reads every sentence in their language', async () => {
    const example = await h.example();
    const campaign = { ...example, segments: example.segments.filter((s) => s.language === 'tr') };
    const segment = campaign.segments[0]!;
    const campaignId = await h.launch(campaign);
    const state = await eventually(async () => {
      const item = await h.reviewer
        .get<{ state: { status: string; scriptSha256: string } }>(`/api/reviews/${campaignId}/${segment.id}`)
        .catch(() => undefined);
      return item?.state.status === 'IN_REVIEW' ? item.state : undefined;
    });
    // Stored before the review began: the page never waits for a provider.
    const stored = await listBackTranslations(h.pool, state.scriptSha256);
    expect(stored.filter((b) => b.status === 'done').map((b) => b.language)).toEqual(expect.arrayContaining(['de']));
    expect(deepl.requests.every((r) => r.sourceLang === 'tr')).toBe(true);
    expect(deepl.violations).toEqual([]);

    // The test reviewer chose no workspace language: the API renders the script in German and English.
    const view = await h.reviewer.get<ScriptView>(`/api/scripts?segment=${segment.id}&campaign=${campaignId}`);
    expect(view.sideBySide.map((s) => s.language).sort()).toEqual(['de', 'en']);
    const german = view.sideBySide.find((s) => s.language === 'de')!;
    expect(german.notBackTranslated).toBe(0);
    view.current.script.scenes.forEach((scene, k) =>
      scene.sentences.forEach((sentence, i) => {
        const rendering = german.scenes[k]![i]!;
        if (rendering.kind === 'back-translation') expect(rendering.text).toBe(`DE: ${sentence.text}`);
        else
          expect(rendering).toMatchObject({
            kind: 'claim',
            claimId: expect.any(String),
            claimSha256: expect.any(String),
          });
      }),
    );
    await h.client.workflow.getHandle(`campaign/${campaignId}`).terminate('test done');
  });
});
