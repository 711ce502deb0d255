// The segment workflow with a model provider (the official OpenAI SDK against a fake Chat Completions server):
// a draft with a blocking finding is redrafted automatically, with the findings fed back, before review.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from '../../scripts/providers/openai.ts';
import { listScriptVersions } from '../../db/script-repo.ts';
import { composeScript } from '../../scripts/compose.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import type { Script } from '../../shared/types.ts';
import { startOpenAIChatServer, type FakeChatServer } from '../fakes/openai-chat-server.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
let server: FakeChatServer;
beforeAll(async () => {
  h = await createHarness();
  server = await startOpenAIChatServer();
  await h.startWorkers({
    scriptProvider: createOpenAIProvider({
      apiKey: server.apiKey,
      baseURL: server.baseURL,
      model: 'gpt-test',
      jsonSchema: 'auto',
    }),
  });
});
afterAll(async () => {
  await h?.close();
  await server?.close();
});

// A delivery is sent until the receiver answers it 2xx, and never again after that (counted per test).
let repeatsBefore = 0;
beforeEach(() => void (repeatsBefore = h.receiver.repeatsAfterSuccess));
afterEach(() => expect(h.receiver.repeatsAfterSuccess - repeatsBefore).toBe(0));

describe('segmentWorkflow with the openai provider', () => {
  it('redrafts a script with an ungrounded absolute claim and sends the fixed one to review', async () => {
    const campaign = await h.example({ segments: 1 });
    const segment = campaign.segments[0]!;
    const good: Script = composeScript({
      brief: campaign.brief,
      segment,
      claims: campaign.claims,
      templates: loadTemplates().sources,
    });
    const bad: Script = structuredClone(good);
    bad.scenes[0]!.sentences.push({ text: 'Die Impfung ist zu 100 % sicher.', claimIds: [] });
    server.reply({ content: JSON.stringify(bad) }, { content: JSON.stringify(good) });

    const campaignId = await h.launch(campaign);
    const state = await eventually(async () => {
      const item = await h.reviewer
        .get<{ state: { status: string; scriptSha256: string; findings?: { blocking: number } } }>(
          `/api/reviews/${campaignId}/${segment.id}`,
        )
        .catch(() => undefined);
      return item?.state.status === 'IN_REVIEW' ? item.state : undefined;
    });
    expect(state.findings).toMatchObject({ blocking: 0 });
    expect(server.requests).toHaveLength(2);
    // The redraft request carries the first draft's blocking findings as data.
    const redraft = server.requests[1]!.messages.map((m) => m.content).join('\n');
    expect(redraft).toMatch(/grounding/);
    expect(server.violations).toEqual([]);

    const versions = await listScriptVersions(h.pool, campaignId, segment.id);
    expect(versions).toHaveLength(2);
    expect(versions[0]!.findings.some((f) => f.severity === 'blocking')).toBe(true);
    // The model id is what the server reports (a dated snapshot), not just what was asked for.
    expect(versions[1]).toMatchObject({ provider: 'openai', previousSha256: versions[0]!.sha256 });
    expect(versions[1]!.model).toMatch(/^gpt-test/);
    expect(versions[1]!.usage?.totalTokens).toBeGreaterThan(0);
    expect(versions[1]!.sha256).toBe(state.scriptSha256);
    await h.client.workflow.getHandle(`campaign/${campaignId}`).terminate('test done');
  });
});
