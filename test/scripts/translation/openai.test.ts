// The OpenAI-compatible back-translation adapter through the official SDK against the chat completions fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAITranslationProvider } from '../../../scripts/translation/openai.ts';
import { ProviderRejectedError, ProviderUnavailableError } from '../../../shared/errors.ts';
import { startOpenAIChatServer, type FakeChatServer } from '../../fakes/openai-chat-server.ts';

let fake: FakeChatServer;
beforeAll(async () => {
  fake = await startOpenAIChatServer();
});
afterAll(() => fake.close());

const provider = () =>
  createOpenAITranslationProvider({
    apiKey: fake.apiKey,
    baseURL: fake.baseURL,
    model: 'translate-1',
    timeoutMs: 5000,
  });
const request = { texts: ['Aşı ücretsizdir.', 'İki doz gerekir.'], source: 'tr', target: 'de' };
const answer = (translations: unknown) => ({ content: JSON.stringify({ translations }) });

describe('createOpenAITranslationProvider', () => {
  it('asks the model for a literal JSON list, one translation per sentence, and returns them in order', async () => {
    fake.reply(answer(['Die Impfung ist kostenlos.', 'Zwei Dosen sind nötig.']));
    expect(await provider().translate(request)).toEqual(['Die Impfung ist kostenlos.', 'Zwei Dosen sind nötig.']);
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ model: 'translate-1', temperature: 0, response_format: { type: 'json_object' } });
    expect(sent.messages[0]!.content).toMatch(/"tr" into .*"de"/);
    expect(JSON.parse(sent.messages[1]!.content)).toEqual([
      { n: 1, text: 'Aşı ücretsizdir.' },
      { n: 2, text: 'İki doz gerekir.' },
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('refuses an answer with another number of translations than sentences', async () => {
    fake.reply(answer(['Nur einer.']));
    await expect(provider().translate(request)).rejects.toThrow(/1 translations for 2 sentences/);
  });

  it('refuses an answer that is not the JSON asked for', async () => {
    fake.reply({ content: 'Die Impfung ist kostenlos.' });
    await expect(provider().translate(request)).rejects.toBeInstanceOf(ProviderRejectedError);
  });

  it('fails retryably on 429 with the server’s Retry-After, and for good on 403', async () => {
    fake.reply({ status: 429, message: 'Rate limit reached', type: 'requests', headers: { 'retry-after': '7' } });
    const busy = await provider()
      .translate(request)
      .catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(ProviderUnavailableError);
    expect((busy as ProviderUnavailableError).retryAfterSeconds).toBe(7);
    fake.reply({ status: 403, message: 'Project does not have access to model translate-1' });
    expect(
      await provider()
        .translate(request)
        .catch((e: unknown) => e),
    ).toBeInstanceOf(ProviderRejectedError);
  });
});
