// The `openai` script provider: Chat Completions via the official SDK, against OpenAI or any compatible server.
import { APIError } from 'openai';
import { openAIClient } from '../../http/openai-client.ts';
import { currentClaims, loadPromptTemplates, renderDraftPrompt, renderRepairPrompt } from '../../prompts/llm-prompt.ts';
import type { ChatMessage, PromptTemplates, RenderedPrompt } from '../../prompts/llm-prompt.ts';
import { checkModelAnswer, groundScript } from '../model-answer.ts';
import type { DraftInput, DraftOutput, ScriptProvider, TokenUsage } from './provider.ts';
import { scriptJsonSchema } from '../script-schema.ts';
import { ProviderRejectedError } from '../../shared/errors.ts';
import { describeEdit } from '../../shared/script-edits.ts';
import type { Script } from '../../shared/types.ts';
import { applyEdits } from '../apply-edits.ts';
import { providerError } from '../../http/openai-errors.ts';

/** Options of {@link createOpenAIProvider}; the worker builds them from its configuration. */
export interface OpenAIProviderOptions {
  apiKey: string;
  /** Default `https://api.openai.com/v1`; any OpenAI-compatible server (Azure OpenAI, vLLM, Ollama, …). */
  baseURL?: string;
  model: string;
  /** Per request; a draft makes up to three requests (fallback, repair). Default 120 s. */
  timeoutMs?: number;
  /**
   * `strict`: structured output with the script's JSON schema; `json-mode`: JSON mode, zod validation and one repair
   * round (servers without JSON-schema support); `auto`: `strict`, falling back to `json-mode` for good once the
   * server says it does not support `json_schema`.
   */
  jsonSchema: 'strict' | 'json-mode' | 'auto';
  fetch?: typeof fetch;
  /** Default: the shipped `prompts/templates/openai/`. */
  templates?: PromptTemplates;
}

type Mode = 'json_schema' | 'json_object';

// A 400/422 that says the server does not know `json_schema` (wording differs between servers). An invalid schema
// ("Invalid schema for response_format …") is not matched: that is our bug and must surface. Some servers answer
// that the feature is not yet built.
const UNSUPPORTED = /(not|un)[ -]?supported|unknown|unrecognized|not (a )?valid|input should be|not[ -]implemented/i;
const isSchemaUnsupported = (error: unknown) =>
  error instanceof APIError &&
  (error.status === 400 || error.status === 422) &&
  /json_schema|response_format|structured/i.test(error.message) &&
  UNSUPPORTED.test(error.message) &&
  !/invalid schema/i.test(error.message);

/**
 * Creates the model provider. The SDK runs with `maxRetries: 0`: Temporal retries the activity, so failures come
 * out as `ProviderRejectedError` (permanent: 4xx other than 408/409/429, refusals, content filter, an answer still
 * invalid after the repair round) or `ProviderUnavailableError` (retryable, with the server's `Retry-After`).
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ScriptProvider {
  const { client, host: server, timeoutMs } = openAIClient(options, 120_000);
  const templates = options.templates ?? loadPromptTemplates();
  let structured = options.jsonSchema !== 'json-mode';

  async function complete(messages: ChatMessage[], mode: Mode, schema: Record<string, unknown>) {
    const completion = await client.chat.completions.create({
      model: options.model,
      messages,
      response_format:
        mode === 'json_schema'
          ? { type: 'json_schema', json_schema: { name: 'script', strict: true, schema } }
          : { type: 'json_object' },
    });
    const choice = completion.choices[0];
    if (!choice) throw new ProviderRejectedError(`${server} answered without a choice.`);
    const refusal = choice.message.refusal;
    if (refusal) throw new ProviderRejectedError(`Model ${completion.model} refused to write the script: ${refusal}`);
    if (choice.finish_reason === 'content_filter') {
      throw new ProviderRejectedError(`${server}'s content filter stopped the script (finish_reason content_filter).`);
    }
    if (choice.finish_reason === 'length') {
      throw new ProviderRejectedError(`The answer of ${completion.model} was cut off at its token limit.`);
    }
    const usage = completion.usage;
    return {
      content: choice.message.content,
      model: completion.model,
      usage: usage && {
        promptTokens: usage.prompt_tokens,
        completionTokens: usage.completion_tokens,
        totalTokens: usage.total_tokens,
      },
    };
  }

  async function draft(request: DraftInput): Promise<DraftOutput> {
    const { input, edited } = withEdits(request);
    // Edits alone need no model: the edited version, made of approved wordings only, is the next version.
    if (edited) {
      const { templateHash } = renderDraftPrompt(templates, input);
      return { script: groundScript(edited, input), provider: 'openai', templateHash };
    }
    const claimIds = currentClaims(input).map((c) => c.id);
    const schema = scriptJsonSchema({ claimIds });
    const promptFor = (mode: Mode): RenderedPrompt =>
      renderDraftPrompt(templates, input, mode === 'json_object' ? { outputSchema: schema } : {});
    let mode: Mode = structured ? 'json_schema' : 'json_object';
    let prompt = promptFor(mode);
    let answer;
    try {
      answer = await complete(prompt.messages, mode, schema);
    } catch (error) {
      if (options.jsonSchema !== 'auto' || mode !== 'json_schema' || !isSchemaUnsupported(error)) throw error;
      // Remembered for the worker's lifetime, so later drafts do not pay for a refused request first.
      structured = false;
      mode = 'json_object';
      prompt = promptFor(mode);
      answer = await complete(prompt.messages, mode, schema);
    }
    let usage = answer.usage;
    let check = checkModelAnswer(answer.content, claimIds);
    if (!check.ok) {
      // One repair round: the validation errors go back to the model, which answers with the whole script again.
      prompt = renderRepairPrompt(templates, prompt, answer.content ?? '', check.errors);
      answer = await complete(prompt.messages, mode, schema);
      usage = addUsage(usage, answer.usage);
      check = checkModelAnswer(answer.content, claimIds);
      if (!check.ok) {
        const errors = check.errors.slice(0, 10).join('; ');
        throw new ProviderRejectedError(`Model ${answer.model} gave no valid script after one repair round: ${errors}`);
      }
    }
    const script = groundScript(check.script, input);
    return { script, provider: 'openai', model: answer.model, templateHash: prompt.templateHash, usage };
  }

  return {
    name: 'openai',
    async draft(input) {
      try {
        return await draft(input);
      } catch (error) {
        throw providerError(error, server, timeoutMs, options.apiKey);
      }
    },
  };
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a || !b) return a ?? b;
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/**
 * Makes the reviewers' edits on `previous` without the model. When their comments ask for more than the edits (each
 * edit is also described in the comment, line by line), the model revises the edited version with the other lines;
 * otherwise the edited version is the result (`edited`).
 */
function withEdits(input: DraftInput): { input: DraftInput; edited?: Script } {
  if (!input.previous || !input.edits?.length) return { input };
  const edited = applyEdits(input.previous, input.edits, input.claims, input.segment.language);
  const described = new Set(input.edits.map(describeEdit));
  const comments = (input.reviewerComments ?? [])
    .flatMap((comment) => comment.split('\n'))
    .filter((line) => line.trim() !== '' && !described.has(line.trim()));
  const rest = { ...input, previous: edited, edits: undefined };
  return comments.length > 0 ? { input: { ...rest, reviewerComments: comments } } : { input: rest, edited };
}
