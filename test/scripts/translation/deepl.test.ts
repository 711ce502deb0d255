// The DeepL adapter through deepl-node against a fake speaking DeepL's /v2/translate: answers and error statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeepLProvider } from '../../../scripts/translation/deepl.ts';
import { ProviderRejectedError, ProviderUnavailableError } from '../../../shared/errors.ts';
import { startDeepLServer, type FakeDeepLServer } from '../../fakes/deepl-server.ts';

let fake: FakeDeepLServer;
beforeAll(async () => {
  fake = await startDeepLServer();
});
afterAll(() => fake.close());

const provider = () => createDeepLProvider({ authKey: fake.authKey, serverUrl: fake.serverUrl, timeoutMs: 5000 });
const request = { texts: ['Aşı ücretsizdir.', 'Randevu için 116 117 numarasını arayın.'], source: 'tr', target: 'de' };

describe('createDeepLProvider', () => {
  it('sends every sentence in one form-encoded request and returns one translation per sentence, in order', async () => {
    fake.reply({
      translate: (text) => (text.startsWith('Aşı') ? 'Die Impfung ist kostenlos.' : 'Rufen Sie 116 117 an.'),
    });
    expect(await provider().translate(request)).toEqual(['Die Impfung ist kostenlos.', 'Rufen Sie 116 117 an.']);
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ texts: request.texts, sourceLang: 'tr', targetLang: 'de' });
    expect(sent.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(fake.violations).toEqual([]);
  });

  it('asks for British English, as DeepL refuses a bare EN target', async () => {
    await provider().translate({ texts: ['Bir.'], source: 'tr', target: 'en' });
    expect(fake.requests.at(-1)!.targetLang).toBe('en-GB');
    expect(fake.violations).toEqual([]);
  });

  it('refuses for good on 403 (the key) and names the variable to fix', async () => {
    fake.reply({ status: 403, message: 'Forbidden' });
    const error = await provider()
      .translate(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect((error as Error).message).toMatch(/DEEPL_API_KEY/);
  });

  it('refuses for good on 456: the quota of the billing period is used up', async () => {
    fake.reply({ status: 456, message: 'Quota Exceeded' });
    const error = await provider()
      .translate(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect((error as ProviderRejectedError).statusCode).toBe(456);
  });

  it('fails retryably on 429 without retrying inside the attempt, and the next attempt succeeds', async () => {
    const before = fake.requests.length;
    fake.reply({ status: 429, message: 'Too many requests' });
    const error = await provider()
      .translate(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(fake.requests.length - before).toBe(1);
    // Temporal's retry is the next call.
    expect(await provider().translate(request)).toHaveLength(2);
  });

  it('fails retryably on 503 and when the server cannot be reached', async () => {
    fake.reply({ status: 503, message: 'Service unavailable' });
    expect(
      await provider()
        .translate(request)
        .catch((e: unknown) => e),
    ).toBeInstanceOf(ProviderUnavailableError);
    const gone = createDeepLProvider({ authKey: fake.authKey, serverUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect(await gone.translate(request).catch((e: unknown) => e)).toBeInstanceOf(ProviderUnavailableError);
  });

  it('sends a long script in requests of at most 50 sentences, keeping the order', async () => {
    const before = fake.requests.length;
    const texts = Array.from({ length: 120 }, (_, k) => `Cümle ${k + 1}.`);
    const out = await provider().translate({ texts, source: 'tr', target: 'de' });
    expect(out).toEqual(texts.map((t) => `[de] ${t}`));
    expect(fake.requests.slice(before).map((r) => r.texts.length)).toEqual([50, 50, 20]);
    expect(fake.violations).toEqual([]);
  });

  it('asks nothing for no sentences', async () => {
    const before = fake.requests.length;
    expect(await provider().translate({ texts: [], source: 'tr', target: 'de' })).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });
});
