// Renders the chat prompts for model providers: system rules, fenced data, revision and repair requests.
import { isClaimCurrent } from '../shared/claims.ts';
import { InputError } from '../shared/errors.ts';
import { hashOf, render, template } from './llm-templates.ts';
import type { PromptTemplates } from './llm-templates.ts';
import { aiDisclosureFor } from './wording.ts';
import type { DraftInput } from '../shared/drafting.ts';

export { fence, loadPromptTemplates } from './llm-templates.ts';
export type { PromptTemplates } from './llm-templates.ts';

/** One chat message, as the Chat Completions API takes it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A rendered prompt and the SHA-256 (hex) over the canonical JSON of the templates it was rendered from. */
export interface RenderedPrompt {
  messages: ChatMessage[];
  templateHash: string;
  /** The templates used, so a follow-up (repair) prompt can extend the hash. */
  templateNames: string[];
}

/** The claims a prompt offers: current on `input.today` and with a text in the segment's language. */
export function currentClaims(input: DraftInput): DraftInput['claims'] {
  const lang = input.segment.language;
  return input.claims.filter((c) => isClaimCurrent(c, input.today) && Boolean(c.text[lang]?.trim()));
}

function draftContext(input: DraftInput) {
  const { brief, segment, today } = input;
  const lang = segment.language;
  const callToAction = brief.callToAction[lang];
  if (!callToAction) throw new InputError(`campaign '${brief.name}' has no callToAction.${lang}; add one`);
  const aiDisclosure = aiDisclosureFor(lang);
  const claims = currentClaims(input).map((c) => ({
    id: c.id,
    text: c.text[lang],
    topics: c.topics,
    source: c.source,
  }));
  if (claims.length === 0) throw new InputError(`no current claim in '${lang}' for segment '${segment.id}'`);
  const strategy = input.strategy
    ? {
        concerns: input.strategy.concerns.map(({ id, label, fiveC, approach }) => ({ id, label, fiveC, approach })),
        tone: input.strategy.tone,
        format: input.strategy.format,
      }
    : null;
  const { id, label, readingLevel, concerns, tags } = segment;
  return {
    today,
    campaign: {
      title: brief.titles?.[lang] ?? brief.title,
      agency: brief.agency,
      topic: brief.topic,
      callToAction,
      aiDisclosure,
    },
    segment: { id, label, language: lang, readingLevel, concerns, tags },
    strategy,
    claims,
  };
}

/**
 * Renders the prompt for a draft (system + user message) or, with `input.previous`, a revision (plus a revision
 * message carrying the previous version, the reviewers' comments and the findings). With `outputSchema` (JSON mode,
 * where the server does not enforce a schema) the system message spells the schema out.
 * @throws InputError when the language, reading level or call to action has no template or text, or no claim fits.
 */
export function renderDraftPrompt(
  templates: PromptTemplates,
  input: DraftInput,
  options: { outputSchema?: object } = {},
): RenderedPrompt {
  const language = `language-${input.segment.language}`;
  const level = `level-${input.segment.readingLevel}`;
  const names = ['system', 'user', language, level, ...(input.strategy ? ['strategy'] : [])];
  const sources = { ...templates, language: template(templates, language), readingLevel: template(templates, level) };
  const outputSchema = options.outputSchema ? JSON.stringify(options.outputSchema) : '';
  const context = draftContext(input);
  const messages: ChatMessage[] = [
    { role: 'system', content: render(sources, 'system', { outputSchema }, ['language', 'readingLevel']) },
    { role: 'user', content: render(sources, 'user', context, ['strategy']) },
  ];
  if (input.previous) {
    names.push('revision');
    const revision = {
      previous: input.previous,
      reviewerComments: input.reviewerComments ?? [],
      findings: input.findings ?? [],
    };
    messages.push({ role: 'user', content: render(sources, 'revision', revision) });
  }
  return { messages, templateHash: hashOf(templates, names), templateNames: names };
}

/** Extends a prompt with the model's invalid answer and a request to correct it (the one repair round). */
export function renderRepairPrompt(
  templates: PromptTemplates,
  prompt: RenderedPrompt,
  answer: string,
  errors: readonly string[],
): RenderedPrompt {
  const names = [...prompt.templateNames, 'repair'];
  const repair = render(templates, 'repair', { errors });
  const messages: ChatMessage[] = [
    ...prompt.messages,
    { role: 'assistant', content: answer },
    { role: 'user', content: repair },
  ];
  return { messages, templateHash: hashOf(templates, names), templateNames: names };
}
