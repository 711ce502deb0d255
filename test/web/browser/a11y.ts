// Accessibility check of the page a browser test is on: axe-core when installed, else a few built-in checks.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const AXE = resolve(import.meta.dirname, '../../../node_modules/axe-core/axe.min.js');

/** True when the project has axe-core; without it {@link fallbackChecks} stands in. */
export const hasAxe = existsSync(AXE);

// The few DOM shapes the fallback touches: the project's tsconfig has no DOM library, and must not get one.
interface El {
  tagName: string;
  id: string;
  textContent: string | null;
  parentElement: El | null;
  childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
  labels?: ArrayLike<unknown> | null;
  closest(selector: string): El | null;
  getAttribute(name: string): string | null;
  getClientRects(): ArrayLike<unknown>;
}
interface Browser {
  document: {
    documentElement: { lang: string };
    querySelectorAll(selector: string): ArrayLike<El>;
    getElementById(id: string): El | null;
  };
  getComputedStyle(el: El): Record<'color' | 'backgroundColor' | 'visibility' | 'fontSize' | 'fontWeight', string>;
}

/** Runs inside the page: one h1 and one main, a lang, labelled controls, unique ids, link targets, text contrast. */
function fallbackChecks(): Violation[] {
  const { document, getComputedStyle } = globalThis as unknown as Browser;
  const all = (selector: string) => Array.from(document.querySelectorAll(selector));
  const out: Violation[] = [];
  const add = (id: string, help: string, targets: string[]) =>
    targets.length > 0 && out.push({ id, impact: 'serious', help, targets });
  const name = (el: El) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`;
  add('page-has-one-h1', 'A page has exactly one h1', all('h1').length === 1 ? [] : ['h1']);
  add('landmark-one-main', 'A page has one main', all('main').length === 1 ? [] : ['main']);
  add('html-has-lang', 'The html element has a lang', document.documentElement.lang ? [] : ['html']);
  const controls = all('input:not([type=hidden]), select, textarea');
  add('label', 'Form controls have labels', controls.filter((c) => !c.labels?.length).map(name));
  const ids = all('[id]').map((e) => e.id);
  add('duplicate-id', 'Ids are unique', [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]);
  const hrefs = all('a[href^="#"]').map((a) => a.getAttribute('href') ?? '');
  add(
    'link-target',
    'In-page links lead somewhere',
    hrefs.filter((h) => h.length > 1 && !document.getElementById(h.slice(1))),
  );
  const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
  const lum = (c: number[]) => {
    const f = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c[0]!) + 0.7152 * f(c[1]!) + 0.0722 * f(c[2]!);
  };
  const background = (el: El | null): number[] => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3]! > 0.9)) return c;
    }
    return [255, 255, 255];
  };
  const low: string[] = [];
  for (const el of all('body *')) {
    const style = getComputedStyle(el);
    const text = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent?.trim());
    if (!text || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    if (el.closest('.visually-hidden, video')) continue;
    const [a, b] = [lum(rgb(style.color)), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a! + 0.05) / (b! + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5))
      low.push(`${name(el)} ${ratio.toFixed(2)}:1 "${el.textContent?.trim().slice(0, 30)}"`);
  }
  add('color-contrast', 'Text has WCAG AA contrast', low);
  return out;
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/**
 * Serious or critical violations on the page: every WCAG 2.1 A/AA rule of axe-core, or the fallback checks when
 * axe-core is not installed. The page must allow injected scripts (a browser context with `bypassCSP: true`).
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!hasAxe) return page.evaluate(fallbackChecks);
  await page.addScriptTag({ path: AXE });
  const results = (await page.evaluate(
    `axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })`,
  )) as AxeResult;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}
