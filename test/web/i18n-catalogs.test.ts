// The workspace's catalogs and locale formatting: both languages complete and alike in placeholders; dates and numbers.
import { describe, expect, it } from 'vitest';
import { SessionRefusal } from '../../api/session.ts';
import { LABELS } from '../../web/i18n/labels.ts';
import { LISTS } from '../../web/i18n/lists.ts';
import { REVIEW } from '../../web/i18n/review.ts';
import { WORKSPACE } from '../../web/i18n/workspace.ts';
import { translator, type Catalog } from '../../web/i18n.ts';
import { count, decimal, formatDate, formatDateTime, languageLabel, waitingFor } from '../../web/views/format.ts';
import { englishLeftovers, englishOnlyStrings, germanReaderText } from './i18n-leftovers.ts';

const CATALOGS = { WORKSPACE, LISTS, LABELS, REVIEW } as Record<string, Catalog<string>>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('workspace catalogs', () => {
  it('have a non-empty German text with the same placeholders for every English one', () => {
    for (const [name, catalog] of Object.entries(CATALOGS)) {
      expect(Object.keys(catalog.de).sort(), name).toEqual(Object.keys(catalog.en).sort());
      for (const [key, en] of Object.entries(catalog.en)) {
        const de = catalog.de[key]!;
        expect(de.trim(), `${name} ${key}`).not.toBe('');
        expect(placeholders(de), `${name} ${key}`).toEqual(placeholders(en));
      }
    }
  });

  it('say the session layer’s refusals in English as the JSON API does', () => {
    const t = translator(WORKSPACE, 'en');
    for (const refusal of [
      new SessionRefusal(403, 'error.csrf'),
      new SessionRefusal(401, 'error.sessionEnded'),
      new SessionRefusal(403, 'error.role', { roles: 'admin', role: 'medical_reviewer' }),
    ]) {
      expect(refusal.message).toBe(t(refusal.key, refusal.vars));
    }
  });
});

describe('englishLeftovers', () => {
  it('finds English catalog words but not what is marked as English or shared by both languages', () => {
    expect(englishOnlyStrings()).toContain('Review queue');
    expect(englishOnlyStrings()).not.toContain('Status');
    const page = '<html lang="de"><p>Prüfliste <span lang="en">Review queue</span></p><p title="Sign out">x</p></html>';
    expect(englishLeftovers(germanReaderText(page))).toEqual(['Sign out']);
    expect(englishLeftovers('Wartet 3 Tage; Befunde')).toEqual([]);
  });
});

describe('locale formatting', () => {
  const when = new Date('2024-09-16T14:05:00Z');

  it('writes dates, times and numbers the way each language does', () => {
    // British month abbreviations differ between ICU versions: 'Sep' or 'Sept'.
    expect(formatDate(when, 'en')).toMatch(/^16 Sept? 2024$/);
    expect(formatDate(when, 'de')).toBe('16. Sept. 2024');
    expect(formatDateTime(when, 'de')).toBe('16. Sept. 2024, 14:05 UTC');
    expect(formatDateTime(when, 'en')).toMatch(/^16 Sept? 2024, 14:05 UTC$/);
    expect(count(1840, 'en')).toBe('1\u202f840');
    expect(count(1840, 'de')).toBe('1.840');
    expect(decimal(7.5, 'de')).toBe('7,5');
    expect(decimal(7.5, 'en')).toBe('7.5');
  });

  it('names waiting times and languages in the page language', () => {
    const start = new Date(0);
    expect(waitingFor(start, new Date(25 * 60_000), 'de')).toBe('25 Min.');
    expect(waitingFor(start, new Date(72 * 3600_000), 'en')).toBe('3 days');
    expect(waitingFor(start, new Date(72 * 3600_000), 'de')).toBe('3 Tage');
    expect(languageLabel('de', 'de')).toBe('Deutsch (de)');
    expect(languageLabel('de', 'en')).toBe('German (de)');
  });
});
