// The local composer's words: per-language defaults (prompts/wording/*.json) under the campaign's own wording.
import de from './wording/de.json' with { type: 'json' };
import en from './wording/en.json' with { type: 'json' };
import tr from './wording/tr.json' with { type: 'json' };
import uk from './wording/uk.json' with { type: 'json' };
import { InputError } from '../shared/errors.ts';
import type { CampaignBrief, ReadingLevel, Segment, WordingOverrides } from '../shared/types.ts';

/** Wording that changes with the segment's reading level; `{audience}` in `greeting` names the group. */
export type ToneDefaults = Omit<WordingOverrides, 'mythWarning'>;

/** klartext's defaults in one language: nothing here may name a topic, an audience or a concern. */
export interface LanguageDefaults {
  /** `standard` is the fallback for a missing reading level; `easy` falls back to `plain` first. */
  tones: Partial<Record<ReadingLevel, ToneDefaults>> & { standard: ToneDefaults };
  /** How the title names the group, `{audience}` replaced by its phrase. */
  forAudience: string;
  /** Generic headings for concerns the campaign gives no heading, used in order so none repeats. */
  concernHeadings: string[];
  mythWarning: string;
  introVisual: string;
  /** `{heading}` replaced by the scene's heading. */
  claimVisual: string;
  ctaVisual: string;
  aiDisclosure: string;
}

/** The defaults by language code; a language is supported when it is here (and in the checks' word lists). */
export const DEFAULT_WORDING: Readonly<Record<string, LanguageDefaults>> = { de, en, tr, uk };

/** Everything a script in one language and reading level says besides the claims. */
export type ScriptWording = WordingOverrides & Omit<LanguageDefaults, 'tones' | 'mythWarning'>;

/** Replaces `{name}` placeholders; an unknown placeholder stays as written, so a typo shows in the script. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The defaults of a language and reading level with the campaign's `wording.<language>` laid over them.
 * @throws InputError when klartext has no wording for the language.
 */
export function wordingFor(
  brief: Pick<CampaignBrief, 'wording'>,
  language: string,
  level: ReadingLevel,
): ScriptWording {
  const defaults = DEFAULT_WORDING[language];
  if (!defaults) {
    const known = Object.keys(DEFAULT_WORDING).join(', ');
    throw new InputError(
      `no script wording for language '${language}' (supported: ${known}); add prompts/wording/${language}.json`,
    );
  }
  const { tones, mythWarning, ...rest } = defaults;
  const tone = tones[level] ?? (level === 'easy' ? tones.plain : undefined) ?? tones.standard;
  const own = Object.fromEntries(
    Object.entries(brief.wording?.[language] ?? {}).filter(([, value]) => typeof value === 'string' && value.trim()),
  );
  return { ...rest, ...tone, mythWarning, ...own };
}

/** klartext's AI disclosure in a language (the campaign cannot change it: EU AI Act Art. 50). */
export function aiDisclosureFor(language: string): string {
  return wordingFor({}, language, 'standard').aiDisclosure;
}

/** How the script names the segment's group: the campaign's phrase for its first tag that has one, else its label. */
export function audiencePhrase(brief: Pick<CampaignBrief, 'audiences'>, segment: Segment): string {
  for (const tag of segment.tags) {
    const phrase = brief.audiences?.[tag]?.[segment.language]?.trim();
    if (phrase) return phrase;
  }
  return segment.label;
}

/** The campaign's on-screen heading for a concern in a language, if it gives one. */
export function concernHeading(brief: Pick<CampaignBrief, 'concerns'>, concern: string, language: string) {
  return brief.concerns?.[concern]?.heading?.[language]?.trim() || undefined;
}
