// Renders the chat prompts for model providers: system rules, fenced data, revision and repair requests.
import { isClaimCurrent, isForSegment } from '../shared/claims.ts';
import { InputError } from '../shared/errors.ts';
import { hashOf, render, template } from './llm-templates.ts';
import type { PromptTemplates } from './llm-templates.ts';
import { aiDisclosureFor, audiencePhrase, concernHeading } from './wording.ts';
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

/**
 * The claims a prompt offers: current on `input.today`, with a text in the segment's language, answering one of its
 * concerns and meant for its audience (the checks block any other citation).
 */
export function currentClaims(input: DraftInput): DraftInput['claims'] {
  const { segment } = input;
  const lang = segment.language;
  return input.claims.filter(
    (c) => isClaimCurrent(c, input.today) && Boolean(c.text[lang]?.trim()) && isForSegment(c, segment),
  );
}

function draftContext(input: DraftInput) {
  const { brief, segment, today } = input;
  const lang = segment.language;
  const callToAction = brief.callToAction[lang];
  if (!callToAction) throw new InputError(`campaign '${brief.name}' has no callToAction.${lang}; add one`);
  const aiDisclosure = aiDisclosureFor(lang);
  // Short texts, alternatives and a myth with why it is wrong are approved wordings too; absent ones stay out.
  const claims = currentClaims(input).map((c) => ({
    id: c.id,
    text: c.text[lang],
    shortText: c.shortText?.[lang],
    alternatives: c.alternatives?.[lang]?.length ? c.alternatives[lang] : undefined,
    myth:
      c.myth?.text[lang] && c.myth.whyWrong[lang]
        ? { text: c.myth.text[lang], whyWrong: c.myth.whyWrong[lang] }
        : undefined,
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
  // The campaign's heading per concern, and the claim whose myth a concern answers, where the campaign names them.
  const concernWording = concerns.flatMap((concern) => {
    const heading = concernHeading(brief, concern, lang);
    const myth = brief.concerns?.[concern]?.myth;
    return heading || myth ? [{ concern, heading, mythClaim: myth }] : [];
  });
  return {
    today,
    campaign: {
      title: brief.titles?.[lang] ?? brief.title,
      agency: brief.agency,
      topic: brief.topic,
      callToAction,
      aiDisclosure,
    },
    segment: {
      id,
      label,
      audience: audiencePhrase(brief, segment),
      language: lang,
      readingLevel,
      concerns,
      ...(concernWording.length > 0 ? { concernWording } : {}),
      tags,
    },
    strategy,
    claims,
    variant: input.variant?.instruction ? { name: input.variant.name, instruction: input.variant.instruction } : null,
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
