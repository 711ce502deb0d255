import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from '../../../scripts/providers/openai.ts';
import type { OpenAIProviderOptions } from '../../../scripts/providers/openai.ts';
import { applyEdits } from '../../../scripts/apply-edits.ts';
import { composeScript } from '../../../scripts/compose.ts';
import { describeEdit } from '../../../shared/script-edits.ts';
import type { DraftInput } from '../../../scripts/providers/provider.ts';
import { loadTemplates } from '../../../prompts/templates.ts';
import { NON_RETRYABLE_ERRORS, ProviderRejectedError, ProviderUnavailableError } from '../../../shared/errors.ts';
import type { Script } from '../../../shared/types.ts';
import { FAKE_USAGE, startOpenAIChatServer } from '../../fakes/openai-chat-server.ts';
import type { FakeChatServer } from '../../fakes/openai-chat-server.ts';
import { EXAMPLE_TODAY, loadExample } from '../../segments/helpers.ts';

const example = loadExample();
const segment = example.segments.find((s) => s.id === 'young-parents')!;
const input: DraftInput = { brief: example.brief, segment, claims: example.claims, today: EXAMPLE_TODAY };
// A well-formed answer: the local composer's script, as a model would return it.
const answer: Script = composeScript({ ...input, templates: loadTemplates().sources });
const json = (script: unknown) => JSON.stringify(script);

let server: FakeChatServer;
const provider = (options: Partial<OpenAIProviderOptions> = {}) =>
  createOpenAIProvider({
    apiKey: server.apiKey,
    baseURL: server.baseURL,
    model: 'gpt-test',
    jsonSchema: 'auto',
    ...options,
  });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('draft succeeded'),
    (e: unknown) => e,
  );
const formats = () => server.requests.map((r) => (r.response_format as { type: string }).type);

beforeEach(async () => {
  server = await startOpenAIChatServer();
});
afterEach(async () => {
  // Every request the SDK sent and every reply the fake gave conforms to the OpenAPI excerpt.
  expect(server.violations).toEqual([]);
  await server.close();
});

describe('createOpenAIProvider', () => {
  it('drafts with structured output and records the model id and token usage', async () => {
    server.reply({ content: json(answer), model: 'gpt-test-2026-08-01' });
    const out = await provider({ jsonSchema: 'strict' }).draft(input);
    expect(out).toMatchObject({ provider: 'openai', model: 'gpt-test-2026-08-01', script: answer });
    expect(out.usage).toEqual({ promptTokens: 812, completionTokens: 304, totalTokens: FAKE_USAGE.total_tokens });
    expect(out.templateHash).toMatch(/^[0-9a-f]{64}$/);
    const [request] = server.requests;
    expect(request?.model).toBe('gpt-test');
    expect(request?.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(request?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'script', strict: true },
    });
  });

  it('grounds sources, call to action and disclosure in the inputs, not in what the model wrote', async () => {
    const invented = { ...answer, callToAction: 'Call now!', aiDisclosure: 'Made by people.', sources: [] };
    server.reply({
      content: json({
        ...invented,
        sources: [{ title: 'Blog', publisher: 'X', url: 'https://x', date: '2020-01-01' }],
      }),
    });
    const out = await provider().draft(input);
    expect(out.script.sources).toEqual(answer.sources);
    expect(out.script.callToAction).toBe(answer.callToAction);
    expect(out.script.aiDisclosure).toBe(answer.aiDisclosure);
  });

  it('falls back to JSON mode when the server does not support json_schema, and remembers it', async () => {
    await server.close();
    server = await startOpenAIChatServer({ supportsJsonSchema: false });
    server.reply({ content: json(answer) }, { content: json(answer) });
    const auto = provider({ jsonSchema: 'auto' });
    expect((await auto.draft(input)).script).toEqual(answer);
    expect(formats()).toEqual(['json_schema', 'json_object']);
    expect(server.requests[1]?.messages[0]?.content).toContain('must match this JSON schema');
    await auto.draft(input);
    expect(formats()).toEqual(['json_schema', 'json_object', 'json_object']);
  });

  it('rejects for good when strict structured output is required and the server lacks it', async () => {
    await server.close();
    server = await startOpenAIChatServer({ supportsJsonSchema: false });
    const error = await failure(provider({ jsonSchema: 'strict' }).draft(input));
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect((error as ProviderRejectedError).message).toContain("'json_schema' is not supported");
  });

  it('does not fall back to JSON mode when the server rejects the schema itself', async () => {
    const message = "Invalid schema for response_format 'script': 'format' is not a valid keyword here.";
    server.reply({ status: 400, message, code: 'invalid_json_schema' });
    const error = await failure(provider({ jsonSchema: 'auto' }).draft(input));
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect(error).toMatchObject({ statusCode: 400 });
    expect(formats()).toEqual(['json_schema']);
  });

  it('repairs malformed JSON in one round, sending the errors back', async () => {
    server.reply({ content: '{"title": "Impfen", "scenes": [' }, { content: json(answer) });
    const out = await provider({ jsonSchema: 'json-mode' }).draft(input);
    expect(out.script).toEqual(answer);
    expect(out.usage?.totalTokens).toBe(2 * FAKE_USAGE.total_tokens);
    const repair = server.requests[1]!.messages;
    expect(repair.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair[2]?.content).toBe('{"title": "Impfen", "scenes": [');
    expect(repair[3]?.content).toContain('not valid JSON');
  });

  it('repairs an answer that breaks the zod model or cites an unknown claim', async () => {
    const wrong = structuredClone(answer);
    wrong.scenes[1]!.onScreenText = 'x'.repeat(80);
    wrong.scenes[1]!.sentences[0]!.claimIds = ['invented-claim'];
    server.reply({ content: json(wrong) }, { content: json(answer) });
    expect((await provider({ jsonSchema: 'strict' }).draft(input)).script).toEqual(answer);
    const errors = server.requests[1]!.messages[3]!.content;
    expect(errors).toContain('scenes[1].onScreenText');
    expect(errors).toContain("unknown claim id 'invented-claim'");
  });

  it('rejects when the answer is still invalid after one repair round', async () => {
    server.reply({ content: 'Sure! Here is your script.' }, { content: '{"title": 1}' });
    const error = await failure(provider({ jsonSchema: 'json-mode' }).draft(input));
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect((error as Error).message).toContain('no valid script after one repair round');
    expect(server.requests).toHaveLength(2);
    expect(NON_RETRYABLE_ERRORS).toContain((error as Error).name);
  });

  it('rejects a refusal', async () => {
    server.reply({ content: null, refusal: 'I cannot help with that.' });
    const error = await failure(provider().draft(input));
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect((error as Error).message).toContain('I cannot help with that.');
  });

  it('is retryable with the server’s Retry-After when rate limited (429)', async () => {
    server.reply({ status: 429, message: 'Rate limit reached.', type: 'requests', headers: { 'retry-after': '7' } });
    const error = await failure(provider().draft(input));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error).toMatchObject({ statusCode: 429, retryAfterSeconds: 7 });
    expect(NON_RETRYABLE_ERRORS).not.toContain((error as Error).name);
    expect(server.requests).toHaveLength(1);
  });

  it('is retryable when the server fails (500)', async () => {
    server.reply({ status: 500, message: 'The server had an error while processing your request.' });
    const error = await failure(provider().draft(input));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error).toMatchObject({ statusCode: 500, retryAfterSeconds: undefined });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects for good on a wrong API key (401), without repeating the key', async () => {
    const key = 'sk-wrong-key-0123456789';
    const error = await failure(provider({ apiKey: key }).draft(input));
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect(error).toMatchObject({ statusCode: 401 });
    expect((error as Error).message).toContain('Incorrect API key');
    expect((error as Error).message).not.toContain(key);
    expect(NON_RETRYABLE_ERRORS).toContain((error as Error).name);
  });

  it('is retryable when the server does not answer in time', async () => {
    server.reply({ hang: true });
    const error = await failure(provider({ timeoutMs: 300 }).draft(input));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toContain('did not answer within 300 ms');
  });

  it('is retryable when the server cannot be reached', async () => {
    const unreachable = provider({ baseURL: 'http://127.0.0.1:9/v1' });
    expect(await failure(unreachable.draft(input))).toBeInstanceOf(ProviderUnavailableError);
  });

  it("makes a reviewer's edits without the model when the comments ask for nothing else", async () => {
    const edits = [{ op: 'drop', scene: 1 }] as const;
    const out = await provider().draft({
      ...input,
      previous: answer,
      edits: [...edits],
      reviewerComments: [describeEdit(edits[0])],
    });
    expect(server.requests).toHaveLength(0);
    expect(out).toMatchObject({ provider: 'openai', script: applyEdits(answer, edits, example.claims, 'de') });
    expect(out.model).toBeUndefined();
  });

  it('asks the model to revise the edited version when the comments ask for more than the edits', async () => {
    server.reply({ content: json(answer) });
    const edits = [{ op: 'drop', scene: 1 }] as const;
    await provider({ jsonSchema: 'strict' }).draft({
      ...input,
      previous: answer,
      edits: [...edits],
      reviewerComments: [`Warmer greeting, please.\n${describeEdit(edits[0])}`],
    });
    const revision = server.requests[0]!.messages.at(-1)!.content as string;
    expect(revision).toContain('Warmer greeting, please.');
    expect(revision).not.toContain(describeEdit(edits[0]));
    expect(revision).toContain(JSON.stringify(applyEdits(answer, edits, example.claims, 'de').scenes[1]!.onScreenText));
  });
});
