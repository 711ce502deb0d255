// The workspace's languages: which one a request gets (the user's choice, else Accept-Language) and typed catalogs.
import type { Context } from 'hono';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** The best supported language for an `Accept-Language` header (q-values honoured), else the default. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(/^\s*q=([0-9.]+)\s*$/.exec(params.join(';'))?.[1] ?? 1);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((r) => r.lang).find(isLocale) ?? DEFAULT_LOCALE;
}

/** The language of a workspace request: a chosen one (`locale` on the context, set from the user's setting), else the header. */
export function localeOf(c: Context): Locale {
  const chosen: unknown = c.get('locale');
  return isLocale(chosen) ? chosen : negotiateLocale(c.req.header('accept-language'));
}

/** A catalog: every key in every language, so a missing translation is a type error. */
export type Catalog<K extends string> = Record<Locale, Record<K, string>>;

/** Looks texts up in a catalog; `{name}` placeholders are filled from `vars` (the caller escapes for HTML). */
export function translator<K extends string>(catalog: Catalog<K>, locale: Locale) {
  return (key: K, vars: Record<string, string | number> = {}): string =>
    catalog[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
