// Back-translation end to end below the workflow: the activity with DeepL's official client against the fake, stored
// in the database, read back by the script view and shown on the review page beside each sentence.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackTranslationActivities } from '../../activities/back-translation.ts';
import type { ActivityDeps } from '../../activities/deps.ts';
import { parseCampaignFile } from '../../campaign/campaign-file.ts';
import { parseClaimsFile } from '../../campaign/claims-file.ts';
import { createCampaign } from '../../db/campaign-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { saveScriptVersion } from '../../db/script-repo.ts';
import { setUserLocale, upsertUserWithToken } from '../../db/user-repo.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { composeScript } from '../../scripts/compose.ts';
import { createDeepLProvider } from '../../scripts/translation/deepl.ts';
import type { TranslationProvider } from '../../scripts/translation/provider.ts';
import { loadScriptView, type ScriptView } from '../../services/script-view.ts';
import type { Claim, CampaignBrief, Script, Segment } from '../../shared/types.ts';
import type { Locale } from '../../web/i18n.ts';
import { reviewBody } from '../../web/views/review-page.ts';
import { startDeepLServer, type FakeDeepLServer } from '../fakes/deepl-server.ts';
import { EXAMPLE_ENV, EXAMPLE_TODAY, loadExample } from '../segments/helpers.ts';
import { suiteDatabases } from '../support/fixtures.ts';

const { sources: templates } = loadTemplates();
// A sentence that cites no claim and states a number: the back-translation's number is what a reviewer checks.
const HOTLINE = { text: 'Randevu için 116 117 numarasını arayın.', claimIds: [] };
const HOTLINE_DE = 'Rufen Sie für einen Termin die 116 117 an.';

/** The fake's German: known sentences as a translator would render them, the rest tagged; numbers kept. */
const german = (text: string) => (text === HOTLINE.text ? HOTLINE_DE : `DE: ${text}`);

/** The workflow query finds no run: the view takes the newest version, as for a finished campaign. */
const temporal = { workflow: { getHandle: () => ({ query: () => Promise.reject(new Error('no run')) }) } };

function measles(): { brief: CampaignBrief; claims: Claim[]; segment: Segment } {
  const dir = join(import.meta.dirname, '../../examples/measles-catch-up');
  const brief = parseCampaignFile(
    readFileSync(join(dir, 'campaign.yaml'), 'utf8'),
    join(dir, 'campaign.yaml'),
    EXAMPLE_ENV,
  );
  const claims = parseClaimsFile(readFileSync(brief.claimsFile, 'utf8'), brief.claimsFile);
  const segment: Segment = {
    id: 'english-speaking-adults',
    label: 'English-speaking adults',
    language: 'en',
    readingLevel: 'plain',
    size: 120,
    concerns: [...new Set(claims.flatMap((c) => c.topics))],
    tags: [...new Set(claims.flatMap((c) => c.audiences ?? []))],
  };
  return { brief, claims, segment };
}

describe.each(suiteDatabases())('backTranslateScript on %s', (_name, url) => {
  const pool: Pool = createPool(url, 3);
  let fake: FakeDeepLServer;
  let deepl: TranslationProvider;
  const example = loadExample();
  const turkish = example.segments.find((s) => s.language === 'tr')!;

  beforeAll(async () => {
    fake = await startDeepLServer(german);
    deepl = createDeepLProvider({ authKey: fake.authKey, serverUrl: fake.serverUrl, timeoutMs: 5000 });
    // A medical reviewer who reads German: scripts are back-translated into German at least.
    const reviewer = `dr-de-${randomBytes(3).toString('hex')}`;
    await upsertUserWithToken(pool, { id: reviewer, displayName: 'Dr. Deutsch', role: 'medical_reviewer' });
    await setUserLocale(pool, reviewer, 'de');
  });
  afterAll(async () => {
    await fake.close();
    await pool.end();
  });

  /** A stored campaign with one segment and a version of its script, made unique so no cache is shared by accident. */
  async function stored(
    input: { brief: CampaignBrief; claims: Claim[]; segment: Segment },
    edit: (script: Script) => Script = (s) => s,
    drafted: { provider: string; model?: string } = { provider: 'local' },
  ) {
    const campaignId = `bt-${randomBytes(4).toString('hex')}`;
    await createCampaign(pool, { id: campaignId, brief: input.brief, segments: [input.segment], claims: input.claims });
    const composed = composeScript({ ...input, templates, today: EXAMPLE_TODAY });
    const script = edit({ ...composed, title: `${composed.title} ${campaignId}` });
    const sha = await saveScriptVersion(pool, {
      campaignId,
      segmentId: input.segment.id,
      script,
      templateHash: 't',
      ...drafted,
    });
    return { campaignId, segmentId: input.segment.id, scriptSha256: sha, script };
  }
  const withHotline = (script: Script): Script => ({
    ...script,
    scenes: script.scenes.map((scene, k) => (k === 0 ? { ...scene, sentences: [...scene.sentences, HOTLINE] } : scene)),
  });
  const view = (key: { campaignId: string; segmentId: string }, readers: string[]) =>
    loadScriptView({ pool, temporal } as never, key.campaignId, key.segmentId, readers) as Promise<ScriptView>;
  const page = (v: ScriptView, locale: Locale) =>
    String(
      reviewBody({
        view: v,
        campaignTitle: 'Campaign',
        locale,
        decision: {
          campaignId: v.campaignId,
          segmentId: v.segmentId,
          scriptSha256: v.current.sha256,
          status: 'IN_REVIEW',
          round: 1,
          approvalsRequired: 1,
          decisions: [],
          scenes: v.current.script.scenes.map((s) => s.onScreenText),
          user: { id: 'dr-de', displayName: 'Dr. Deutsch', role: 'medical_reviewer' },
          csrfToken: 'csrf',
        },
      }),
    );
  const activities = (translationProvider?: TranslationProvider) =>
    createBackTranslationActivities({ pool, ...(translationProvider ? { translationProvider } : {}) } as ActivityDeps);

  it('shows each Turkish sentence beside its German rendering: claim wordings exact, the rest back-translated', async () => {
    const key = await stored({ ...example, segment: turkish }, withHotline);
    const result = await activities(deepl).backTranslateScript(key);
    expect(result.translated).toContain('de');
    const v = await view(key, ['de']);
    expect(v.sideBySide).toHaveLength(1);
    const side = v.sideBySide[0]!;
    expect(side).toMatchObject({ language: 'de', notBackTranslated: 0, translatedBy: { provider: 'deepl' } });
    const html = page(v, 'de');
    expect(html).toContain('<th scope="col">Auf Deutsch (de)</th>');
    key.script.scenes.forEach((scene, k) =>
      scene.sentences.forEach((s, i) => {
        const row = new RegExp(`<tr id="s${k + 1}-${i + 1}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
        const rendering = side.scenes[k]![i]!;
        expect(row).toContain(`<span lang="tr">${s.text}</span>`);
        if (rendering.kind === 'claim') {
          const claim = example.claims.find((c) => c.id === rendering.claimId)!;
          expect(claim.text.de).toContain(rendering.text);
          expect(row).toContain(`<p class="rendering" lang="de">${rendering.text}</p>`);
          expect(row).toContain(`Freigegebener Wortlaut der Aussage`);
        } else {
          expect(rendering).toEqual({ kind: 'back-translation', text: german(s.text) });
          expect(row).toContain(`<p class="rendering" lang="de">${german(s.text)}</p>`);
        }
      }),
    );
    // Only sentences that say no claim wording went to the provider.
    const sent = fake.requests.filter((r) => r.targetLang === 'de').flatMap((r) => r.texts);
    expect(sent).toContain(HOTLINE.text);
    expect(v.findings.filter((f) => f.code.startsWith('drift-'))).toEqual([]);
    expect(html).not.toContain('nicht rückübersetzt');
  });

  it('flags a changed number in the back-translation at the sentence it is in', async () => {
    const key = await stored({ ...example, segment: turkish }, withHotline);
    fake.reply({
      translate: (text) => (text === HOTLINE.text ? 'Rufen Sie für einen Termin die 116 118 an.' : german(text)),
    });
    await activities(deepl).backTranslateScript(key);
    const v = await view(key, ['de']);
    const sentence = key.script.scenes[0]!.sentences.length - 1;
    const drift = v.findings.filter((f) => f.code === 'drift-number');
    expect(drift).toEqual([
      expect.objectContaining({
        severity: 'warning',
        scene: 0,
        sentence,
        message: expect.stringContaining('116, 118'),
      }),
    ]);
    expect(page(v, 'en')).toContain(
      `<a class="where" href="#s1-${sentence + 1}">Scene 1, sentence ${sentence + 1}</a>`,
    );
  });

  it('back-translates a version once per language: a retried or repeated call asks the provider nothing', async () => {
    const key = await stored({ ...example, segment: turkish }, withHotline);
    await activities(deepl).backTranslateScript(key);
    const before = fake.requests.length;
    expect((await activities(deepl).backTranslateScript(key)).translated).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });

  it('marks sentences "not back-translated" without a provider, and the sign-off form says so in both languages', async () => {
    const key = await stored({ ...example, segment: turkish }, withHotline);
    expect(await activities().backTranslateScript(key)).toMatchObject({ skipped: 'no-provider' });
    const v = await view(key, ['de']);
    const side = v.sideBySide[0]!;
    expect(side.missing).toBe('no-provider');
    expect(side.notBackTranslated).toBeGreaterThan(0);
    const de = page(v, 'de');
    expect(de).toContain('<span class="tag tag-warning">Nicht rückübersetzt</span>');
    expect(de).toContain('Es ist kein Übersetzungsdienst eingerichtet');
    expect(de).toContain(`${side.notBackTranslated} Sätze dieses Skripts sind nicht auf Deutsch (de) rückübersetzt.`);
    const en = page(await view(key, ['en']), 'en');
    expect(en).toContain('<span class="tag tag-warning">Not back-translated</span>');
    expect(en).toMatch(
      /\d+ sentences of this script are not back-translated into English \(en\)\. If you do not read Turkish \(tr\)/,
    );
    // A provider configured later heals it on the next call.
    await activities(deepl).backTranslateScript(key);
    expect((await view(key, ['de'])).sideBySide[0]).toMatchObject({ notBackTranslated: 0 });
  });

  it('records a provider’s lasting refusal (403) so the page says why, and retries on 429', async () => {
    const key = await stored({ ...example, segment: turkish }, withHotline);
    fake.reply({ status: 429, message: 'Too many requests' });
    await expect(activities(deepl).backTranslateScript(key)).rejects.toMatchObject({
      name: 'ProviderUnavailableError',
    });
    fake.reply({ status: 403, message: 'Forbidden' });
    expect((await activities(deepl).backTranslateScript(key)).failed).toContain('de');
    const side = (await view(key, ['de'])).sideBySide[0]!;
    expect(side).toMatchObject({ missing: 'failed', failure: expect.stringContaining('DEEPL_API_KEY') });
  });

  it('refuses to let the model that drafted a version back-translate it', async () => {
    const key = await stored({ ...example, segment: turkish }, withHotline, {
      provider: 'openai',
      model: 'writer-1-2026-08-01',
    });
    const same: TranslationProvider = {
      name: 'openai',
      model: 'writer-1',
      translate: () => Promise.reject(new Error('asked')),
    };
    expect((await activities(same).backTranslateScript(key)).failed).toContain('de');
    expect((await view(key, ['de'])).sideBySide[0]).toMatchObject({
      missing: 'failed',
      failure: expect.stringContaining('drafted'),
    });
  });

  it('renders the second campaign’s English script for a German reader, and nothing for an English one', async () => {
    const key = await stored(measles());
    await activities(deepl).backTranslateScript(key);
    const v = await view(key, ['de']);
    const kinds = v.sideBySide[0]!.scenes.flat().map((r) => r.kind);
    expect(kinds).toContain('claim');
    expect(kinds).toContain('back-translation');
    expect(fake.requests.at(-1)).toMatchObject({ sourceLang: 'en', targetLang: 'de' });
    expect((await view(key, ['en'])).sideBySide).toEqual([]);
    expect(page(await view(key, ['en']), 'en')).not.toContain('class="rendering');
  });
});
