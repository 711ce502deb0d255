// The `local` script provider: a deterministic script from approved claims, templates and phrase tables.
import Handlebars from 'handlebars';
import { InputError } from '../shared/errors.ts';
import { sceneNarration, splitSentences } from '../shared/text.ts';
import type { CampaignBrief, Claim, ClaimSource, ReadingLevel, Scene, Script, Segment } from '../shared/types.ts';
import { phrasesFor } from '../prompts/phrases.ts';
import { selectClaims } from './select-claims.ts';
import type { TemplateName, TemplateSources } from '../prompts/templates.ts';

/** Longest on-screen text; longer headings are shortened at a word boundary. */
export const MAX_ON_SCREEN_CHARS = 60;

/** Input of {@link composeScript}. */
export interface ComposeInput {
  brief: CampaignBrief;
  segment: Segment;
  claims: readonly Claim[];
  templates: TemplateSources;
  /** Day on which claim validity is judged, `YYYY-MM-DD` (default: today, UTC). Fix it for reproducible output. */
  today?: string;
}

const handlebars = Handlebars.create();

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Renders a template. Values are flattened to one line, so only the template itself can start a line. */
function render(templates: TemplateSources, name: TemplateName, context: Record<string, string>): string {
  // strict: a variable the template expects but the composer does not supply is an error, never an empty string.
  const template = handlebars.compile(templates[name], { strict: true, noEscape: true });
  return template(Object.fromEntries(Object.entries(context).map(([k, v]) => [k, oneLine(v)])));
}

/**
 * Renders a scene template: fields start with `narration:`, `onScreenText:` or `visual:` at the start of a line and
 * run until the next label. Whitespace inside a field collapses, so reformatting a template changes nothing.
 */
function renderScene(templates: TemplateSources, name: TemplateName, context: Record<string, string>) {
  const fields = new Map<string, string>();
  let current: string | undefined;
  for (const line of render(templates, name, context).split('\n')) {
    const label = /^\s*(narration|onScreenText|visual):(.*)$/.exec(line);
    if (label?.[1] !== undefined) {
      current = label[1];
      fields.set(current, label[2] ?? '');
    } else if (current) {
      fields.set(current, `${fields.get(current) ?? ''} ${line}`);
    } else if (line.trim() !== '') {
      throw new InputError(
        `template ${name}.hbs renders text before its first label (narration:, onScreenText:, visual:)`,
      );
    }
  }
  const get = (key: string) => {
    const value = oneLine(fields.get(key) ?? '');
    if (!value) throw new InputError(`template ${name}.hbs renders no ${key}; add a '${key}:' line`);
    return value;
  };
  return { narration: get('narration'), onScreenText: clip(get('onScreenText')), visual: get('visual') };
}

function clip(text: string): string {
  if (text.length <= MAX_ON_SCREEN_CHARS) return text;
  const cut = text.slice(0, MAX_ON_SCREEN_CHARS - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/** Estimated speaking time: ~2.3 words/s in plain language, 2.6 otherwise; at least 4 s, rounded up to 0.5 s. */
export function estimateDuration(narration: string, level: ReadingLevel): number {
  const words = narration.split(/\s+/).filter(Boolean).length;
  const seconds = words / (level === 'plain' ? 2.3 : 2.6);
  return Math.max(4, Math.ceil(seconds * 2) / 2);
}

/**
 * Composes a segment's script: an intro addressing the group, one scene per selected claim (narrated verbatim and
 * tagged with its claim id), and a call to action. Same input, same script.
 * @throws InputError when the language is unsupported, no claim fits, the call to action is missing, or a
 * template is incomplete.
 */
export function composeScript(input: ComposeInput): Script {
  const { brief, segment, templates } = input;
  const lang = segment.language;
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const { phrases, tone } = phrasesFor(lang, segment.readingLevel);
  const callToAction = brief.callToAction[lang];
  if (!callToAction) throw new InputError(`campaign '${brief.name}' has no callToAction.${lang}; add one`);
  const selected = selectClaims(segment, input.claims, today);
  if (selected.length === 0) {
    throw new InputError(`no current claim in '${lang}' answers the concerns of segment '${segment.id}'`);
  }

  const tag = segment.tags.find((t) => phrases.audiences[t] !== undefined);
  const audience = (tag && phrases.audiences[tag]) || phrases.audienceFallback;
  const scenes: Omit<Scene, 'durationSeconds'>[] = [];
  // Sentences of intro and call to action state no medical fact, so they cite no claim.
  const uncited = ({ narration, ...rest }: ReturnType<typeof renderScene>) => ({
    ...rest,
    sentences: splitSentences(narration).map((text) => ({ text, claimIds: [] })),
  });
  const intro = { greeting: tone.intro(audience), heading: tone.introHeading, visual: phrases.introVisual };
  scenes.push(uncited(renderScene(templates, 'intro', intro)));
  for (const { claim } of selected) {
    const claimText = oneLine(claim.text[lang] ?? '');
    // The heading names what the claim is mainly about (its first topic), whichever concern selected it.
    const topic = claim.topics.find((t) => phrases.headings[t] !== undefined);
    const heading = (topic && phrases.headings[topic]) || phrases.headingFallback;
    const scene = renderScene(templates, 'claim-scene', { claimText, heading, visual: phrases.claimVisual(heading) });
    // Grounding: reviewers sign off claims, so a claim scene must say exactly the approved words, nothing more.
    if (scene.narration !== claimText) {
      throw new InputError(`template claim-scene.hbs must narrate the claim text verbatim (claim '${claim.id}')`);
    }
    const { narration, ...rest } = scene;
    scenes.push({ ...rest, sentences: splitSentences(narration).map((text) => ({ text, claimIds: [claim.id] })) });
  }
  const cta = { lead: tone.ctaLead, callToAction, heading: tone.ctaHeading, visual: phrases.ctaVisual };
  scenes.push(uncited(renderScene(templates, 'cta', cta)));

  const title = oneLine(
    render(templates, 'title', {
      title: brief.titles?.[lang] ?? brief.title,
      forAudience: phrases.forAudience(audience),
    }),
  );
  const sources: ClaimSource[] = [];
  for (const { claim } of selected) {
    if (!sources.some((s) => s.url === claim.source.url && s.title === claim.source.title)) sources.push(claim.source);
  }
  return {
    title,
    language: lang,
    readingLevel: segment.readingLevel,
    scenes: scenes.map((s) => ({
      ...s,
      durationSeconds: estimateDuration(sceneNarration({ ...s, durationSeconds: 0 }), segment.readingLevel),
    })),
    callToAction,
    aiDisclosure: phrases.aiDisclosure,
    sources,
  };
}
