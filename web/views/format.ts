// Small formatting helpers shared by the workspace views: durations, dates, numbers and labels, per locale.
import { SEGMENT_STAGES as SHARED_STAGES } from '../../shared/types.ts';
import { html } from 'hono/html';
import type { Role } from '../../shared/roles.ts';
import { stripBidiControls } from '../../shared/text-guard.ts';
import { variantOf } from '../../shared/variants.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { isLabelKey, LABELS } from '../i18n/labels.ts';

/**
 * Text people typed (a segment label, a campaign title) as page content: bidi controls dropped (a label stored before
 * they were refused), and the rest isolated in `<bdi>` so right-to-left text cannot reorder what stands around it.
 */
export const userText = (value: string) => html`<bdi>${stripBidiControls(value)}</bdi>`;

/** The same for places that take text only (`<title>`, `<option>`, attributes): bidi controls dropped. */
export const plainUserText = (value: string) => stripBidiControls(value);

/** A label from the shared catalog, or `fallback` (the raw value) when the database holds one it does not know. */
function label(locale: Locale, key: string, fallback: string): string {
  return isLabelKey(key) ? translator(LABELS, locale)(key) : fallback;
}

/**
 * A "Variant B" tag for a segment id that stands for a segment's script variant B (`<segment>.b`), else nothing: B
 * has its segment's label, so without it the two rows of a list read the same.
 */
export function variantTag(segmentId: string, locale: Locale = DEFAULT_LOCALE) {
  return variantOf(segmentId).variant === 'b'
    ? html`<span class="tag tag-info">${translator(LABELS, locale)('variant.b')}</span>`
    : '';
}

/** How long something has waited, for people: "25 min", "3 h", "4 days" ("25 Min.", "3 Std.", "4 Tage"). */
export function waitingFor(since: Date, now: Date, locale: Locale = DEFAULT_LOCALE): string {
  const t = translator(LABELS, locale);
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 1) return t('wait.lessThanMinute');
  if (minutes < 60) return t('wait.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? t('wait.hours', { n: hours }) : t('wait.days', { n: Math.floor(hours / 24) });
}

/**
 * One formatter per locale, made on first use: building an Intl formatter costs far more than formatting with it, and
 * a page of a hundred rows formats hundreds of numbers, dates and language names.
 */
function perLocale<F>(make: (locale: Locale) => F): (locale: Locale) => F {
  const made = new Map<Locale, F>();
  return (locale) => {
    let f = made.get(locale);
    if (f === undefined) made.set(locale, (f = make(locale)));
    return f;
  };
}

// British English reads "16 Sep 2024", German "16. Sept. 2024"; UTC, so every reviewer reads the same day.
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', de: 'de-DE' };
const DATE = perLocale(
  (locale) =>
    new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
);
const TIME = perLocale(
  (locale) =>
    new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'UTC',
    }),
);
const INTEGER = perLocale((locale) => new Intl.NumberFormat(INTL_LOCALE[locale]));
const DECIMAL = perLocale((locale) => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 1 }));
const LANGUAGES = perLocale((locale) => new Intl.DisplayNames([locale], { type: 'language' }));

/** "16 Sep 2024" for a date or an ISO date string, in the page's language. */
export function formatDate(value: Date | string, locale: Locale = DEFAULT_LOCALE): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : DATE(locale).format(d);
}

/** "16 Sep 2024, 14:05 UTC": decisions are evidence, so the time zone is always stated. */
export function formatDateTime(value: Date | string, locale: Locale = DEFAULT_LOCALE): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : `${DATE(locale).format(d)}, ${TIME(locale).format(d)} UTC`;
}

/** The first 12 hex digits of a hash: enough to tell versions apart on screen. */
export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 12) : '—';
}

/** A role for people, e.g. "Medical reviewer" / "Medizinische Prüfung". */
export const roleLabel = (role: Role | string, locale: Locale = DEFAULT_LOCALE) => label(locale, `role.${role}`, role);

/** Segment statuses in pipeline order, with their English labels (see {@link statusLabel} for other languages). */
export const SEGMENT_STAGES = SHARED_STAGES.map((s) => [s, label(DEFAULT_LOCALE, `stage.${s}`, s)] as const);

/** A segment status for people; an unknown one is shown as it is. */
export const statusLabel = (status: string, locale: Locale = DEFAULT_LOCALE) =>
  label(locale, `stage.${status}`, status);

/** A campaign status for people, lower case as it stands in a sentence ("running", "läuft"). */
export const campaignStatusLabel = (status: string, locale: Locale = DEFAULT_LOCALE) =>
  label(locale, `campaign.${status}`, status.toLowerCase());

/** A reading level for people ("plain" / "einfache Sprache"); an unknown one is shown as it is. */
export const readingLevelLabel = (level: string, locale: Locale = DEFAULT_LOCALE) =>
  label(locale, `reading.${level}`, level);

/** A review decision for people ("Approved (signed)"); an unknown one is shown as it is. */
export const decisionLabel = (decision: string, locale: Locale = DEFAULT_LOCALE) =>
  label(locale, `decision.${decision}`, decision);

/** "German (de)" / "Deutsch (de)"; unknown codes are shown as they are. */
export function languageLabel(code: string, locale: Locale = DEFAULT_LOCALE): string {
  try {
    const name = LANGUAGES(locale).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** The key of the English and German plural form for `n`: `<prefix>.one` for exactly one, else `<prefix>.other`. */
export const pluralKey = <P extends string>(prefix: P, n: number) =>
  (n === 1 ? `${prefix}.one` : `${prefix}.other`) as `${P}.one` | `${P}.other`;

/** A translated text whose `{name}` placeholders take HTML fragments (a `<code>`, a link); the text is escaped. */
export function fillHtml(text: string, fragments: Record<string, ReturnType<typeof html>>): ReturnType<typeof html> {
  // split() with a capture group: even indices are text, odd ones placeholder names.
  const parts = text.split(/\{(\w+)\}/);
  return html`${parts.map((part, i) => (i % 2 === 0 ? part : Object.hasOwn(fragments, part) ? fragments[part] : `{${part}}`))}`;
}

/** Only http(s) links reach an href: a claim source is data, and `javascript:` must never become clickable. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** "42 %" from a 0–1 share (a no-break space before the sign, as both languages write it in medical text). */
export function percent(share: number): string {
  return `${Math.round(share * 100)}\u00a0%`;
}

/**
 * A whole number for people: English with a thin space between thousands, as medical publications do ("1 840"),
 * German with a point ("1.840").
 */
export function count(n: number, locale: Locale = DEFAULT_LOCALE): string {
  const formatted = INTEGER(locale).format(Math.round(n));
  return locale === 'en' ? formatted.replace(/,/g, '\u202f') : formatted;
}

/** A number with at most one decimal, as the language writes it: "7.5" / "7,5" (scene durations in seconds). */
export function decimal(n: number, locale: Locale = DEFAULT_LOCALE): string {
  return DECIMAL(locale).format(n);
}

/** The review page of a segment; ids are path-encoded, whatever characters they hold. */
export function reviewPath(campaignId: string, segmentId: string): string {
  return `/review/${encodeURIComponent(campaignId)}/${encodeURIComponent(segmentId)}`;
}

/** The campaign page of the dashboard. */
export function campaignPath(campaignId: string): string {
  return `/campaigns/${encodeURIComponent(campaignId)}`;
}
