// The local composer: a deterministic script from approved claims, templates, the campaign's wording and defaults.
import Handlebars from 'handlebars';
import { InputError } from '../shared/errors.ts';
import { sceneNarration, splitSentences } from '../shared/text.ts';
import type { CampaignBrief, Claim, ClaimSource, ReadingLevel, Scene, Script, Segment } from '../shared/types.ts';
import { audiencePhrase, concernHeading, fill, wordingFor, type ScriptWording } from '../prompts/wording.ts';
import { easyClaimWording } from './checks/easy-language.ts';
import { withConcernIcons } from './concern-icons.ts';
import { withKeyFacts } from './key-facts.ts';
import { selectClaims, type SelectedClaim } from './select-claims.ts';
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

/** Words per second the estimate assumes: simpler language is read more slowly. */
const WORDS_PER_SECOND: Record<ReadingLevel, number> = { easy: 2.0, plain: 2.3, standard: 2.6, professional: 2.6 };

/** Estimated speaking time at the level's rate (2.0–2.6 words/s); at least 4 s, rounded up to 0.5 s. */
export function estimateDuration(narration: string, level: ReadingLevel): number {
  const words = narration.split(/\s+/).filter(Boolean).length;
  const seconds = words / WORDS_PER_SECOND[level];
  return Math.max(4, Math.ceil(seconds * 2) / 2);
}

/** Scenes are trimmed (extra claims of a concern first) until the estimated video is no longer than this. */
export const TARGET_MAX_SECONDS = 85;

type Part = { text: string; claimIds: string[] };

/**
 * What one selected claim says, in order. A myth correction follows the truth sandwich of the Debunking Handbook:
 * the fact, one warned mention of the myth, why it is wrong, the fact again (its short wording when it has one).
 * Every part is approved wording of the claim, so every sentence cites it. Easy-language scripts say the first
 * approved wording that keeps the Leichte Sprache rules and state the fact only: a myth told in easy language is one
 * more statement, most often negated, for readers who should hold on to the fact.
 */
function claimParts({ claim, myth }: SelectedClaim, segment: Segment, wording: ScriptWording): Part[] {
  const lang = segment.language;
  const claimIds = [claim.id];
  if (segment.readingLevel === 'easy') return [{ text: oneLine(easyClaimWording(claim, lang)), claimIds }];
  const text = oneLine(claim.text[lang] ?? '');
  if (!myth || !claim.myth) return [{ text, claimIds }];
  return [
    { text, claimIds },
    { text: `${oneLine(wording.mythWarning)} ${oneLine(claim.myth.text[lang] ?? '')}`, claimIds },
    { text: oneLine(claim.myth.whyWrong[lang] ?? ''), claimIds },
    { text: oneLine(claim.shortText?.[lang] ?? '') || text, claimIds },
  ];
}

/** Groups the picks by concern, in the segment's order of concerns: one scene per concern answered. */
function byConcern(segment: Segment, picks: readonly SelectedClaim[]): [string, SelectedClaim[]][] {
  return segment.concerns
    .map((concern) => [concern, picks.filter((p) => p.concern === concern)] as [string, SelectedClaim[]])
    .filter(([, group]) => group.length > 0);
}

/** Each concern's heading: the campaign's, else the next generic one; never one already used in the script. */
function headings(brief: CampaignBrief, concerns: readonly string[], lang: string, wording: ScriptWording) {
  const used = new Set([wording.introHeading, wording.ctaHeading].map((h) => clip(oneLine(h))));
  const generic = [...wording.concernHeadings];
  return concerns.map((concern, i) => {
    const own = concernHeading(brief, concern, lang);
    let heading = own && !used.has(clip(oneLine(own))) ? own : generic.find((g) => !used.has(clip(oneLine(g))));
    heading ??= `${generic[0] ?? ''} (${i + 1})`;
    used.add(clip(oneLine(heading)));
    return heading;
  });
}

/**
 * Composes a segment's script: an intro addressing the group, one scene per concern answered (its claims narrated
 * verbatim, each sentence tagged with its claim id; a concern's myth told as a truth sandwich), and a call to
 * action. Words other than claims come from the campaign (`audiences`, `concerns`, `wording`) over klartext's
 * per-language defaults. Same input, same script.
 * @throws InputError when the language is unsupported, no claim fits, the call to action is missing, or a
 * template is incomplete.
 */
export function composeScript(input: ComposeInput): Script {
  const { brief, segment } = input;
  const lang = segment.language;
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const wording = wordingFor(brief, lang, segment.readingLevel);
  const callToAction = brief.callToAction[lang];
  if (!callToAction) throw new InputError(`campaign '${brief.name}' has no callToAction.${lang}; add one`);
  const picks = selectClaims(segment, input.claims, today, brief);
  if (picks.length === 0) {
    throw new InputError(
      `no current claim in '${lang}' answers the concerns of segment '${segment.id}' (${segment.concerns.join(', ')}) for its audience`,
    );
  }
  // Round-robin order puts each concern's first claim before any second one, so trimming drops extras first.
  for (let n = picks.length; ; n--) {
    const script = composeFrom(input, wording, callToAction, picks.slice(0, n));
    const total = script.scenes.reduce((sum, s) => sum + s.durationSeconds, 0);
    if (n === 1 || total <= TARGET_MAX_SECONDS) return script;
  }
}

function composeFrom(
  input: ComposeInput,
  wording: ScriptWording,
  callToAction: string,
  picks: readonly SelectedClaim[],
): Script {
  const { brief, segment, templates } = input;
  const lang = segment.language;
  const audience = audiencePhrase(brief, segment);
  const scenes: Omit<Scene, 'durationSeconds'>[] = [];
  // Sentences of intro and call to action state no medical fact, so they cite no claim.
  const uncited = ({ narration, ...rest }: ReturnType<typeof renderScene>) => ({
    ...rest,
    sentences: splitSentences(narration).map((text) => ({ text, claimIds: [] })),
  });
  const greeting = fill(wording.greeting, { audience });
  const intro = { greeting, heading: wording.introHeading, visual: wording.introVisual };
  scenes.push(uncited(renderScene(templates, 'intro', intro)));
  const groups = byConcern(segment, picks);
  const sceneHeadings = headings(
    brief,
    groups.map(([c]) => c),
    lang,
    wording,
  );
  groups.forEach(([, group], i) => {
    const parts = group.flatMap((pick) => claimParts(pick, segment, wording));
    const claimText = parts.map((p) => p.text).join(' ');
    const heading = sceneHeadings[i] ?? '';
    const visual = fill(wording.claimVisual, { heading });
    const scene = renderScene(templates, 'claim-scene', { claimText, heading, visual });
    // Grounding: reviewers sign off claims, so a claim scene must say exactly the approved words, nothing more.
    if (scene.narration !== claimText) {
      const ids = group.map((p) => `'${p.claim.id}'`).join(', ');
      throw new InputError(`template claim-scene.hbs must narrate the claim text verbatim (claim ${ids})`);
    }
    const sentences = parts.flatMap((p) => splitSentences(p.text).map((text) => ({ text, claimIds: p.claimIds })));
    scenes.push({ onScreenText: scene.onScreenText, visual: scene.visual, sentences });
  });
  const cta = { lead: wording.ctaLead, callToAction, heading: wording.ctaHeading, visual: wording.ctaVisual };
  scenes.push(uncited(renderScene(templates, 'cta', cta)));

  const title = oneLine(
    render(templates, 'title', {
      title: brief.titles?.[lang] ?? brief.title,
      forAudience: fill(wording.forAudience, { audience }),
    }),
  );
  const sources: ClaimSource[] = [];
  for (const { claim } of groups.flatMap(([, group]) => group)) {
    if (!sources.some((s) => s.url === claim.source.url && s.title === claim.source.title)) sources.push(claim.source);
  }
  const script: Script = {
    title,
    language: lang,
    readingLevel: segment.readingLevel,
    scenes: scenes.map((s) => ({
      ...s,
      durationSeconds: estimateDuration(sceneNarration({ ...s, durationSeconds: 0 }), segment.readingLevel),
    })),
    callToAction,
    aiDisclosure: wording.aiDisclosure,
    sources,
  };
  return withConcernIcons(withKeyFacts(script, input.claims), { brief, segment, claims: input.claims });
}
