// The automated pre-review findings, shown before the script: blocking ones in an alert, then warnings and notes.
import { html } from 'hono/html';
import type { StoredFinding } from '../../db/script-repo.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW, type ReviewKey } from '../i18n/review.ts';
import { pluralKey } from './format.ts';
import type { Html } from './layout.ts';

type T = (key: ReviewKey, vars?: Record<string, string | number>) => string;

/** The anchor of a sentence (`s2-1`) or scene (`scene-2`); findings count from 0, people and anchors from 1. */
export function findingAnchor(f: Pick<StoredFinding, 'scene' | 'sentence'>): string | undefined {
  if (f.scene === undefined) return undefined;
  return f.sentence === undefined ? `scene-${f.scene + 1}` : `s${f.scene + 1}-${f.sentence + 1}`;
}

function where(f: StoredFinding, t: T): Html {
  const anchor = findingAnchor(f);
  if (!anchor || f.scene === undefined) return html`<span class="where">${t('findings.wholeScript')}</span>`;
  const text =
    f.sentence === undefined
      ? t('findings.scene', { scene: f.scene + 1 })
      : t('findings.sentence', { scene: f.scene + 1, sentence: f.sentence + 1 });
  return html`<a class="where" href="#${anchor}">${text}</a>`;
}

// The checks write their messages in English (they are the checks' own words, stored with the script); the page
// marks them so, so that a German page is read out correctly.
const checkText = (text: string, locale: Locale) => (locale === 'en' ? text : html`<span lang="en">${text}</span>`);

function item(f: StoredFinding, t: T, locale: Locale): Html {
  return html`<li class="finding finding-${f.severity}">
    <span class="tag tag-${f.severity}">${t(`severity.${f.severity}`)}</span> ${where(f, t)}
    <p class="finding-message">${checkText(f.message, locale)}</p>
    ${
      f.suggestion
        ? html`<p class="finding-suggestion">
            <span class="label">${t('findings.suggestion')}</span> ${checkText(f.suggestion, locale)}
          </p>`
        : ''
    }
    <p class="finding-code">${t('findings.check')} <code>${f.code}</code></p>
  </li>`;
}

/** The "Automated findings" section; `id="findings"` is the first stop of the page's contents list. */
export function findingsSection(findings: readonly StoredFinding[], locale: Locale = DEFAULT_LOCALE): Html {
  const t = translator(REVIEW, locale);
  const blocking = findings.filter((f) => f.severity === 'blocking');
  const rest = findings.filter((f) => f.severity !== 'blocking');
  const warnings = rest.filter((f) => f.severity === 'warning').length;
  const notes = rest.length - warnings;
  return html`<section class="panel findings" id="findings" aria-labelledby="findings-h">
    <h2 id="findings-h">${t('findings.heading')}</h2>
    <p class="section-intro">
      ${t('findings.intro')} <strong>${t('findings.blocking', { n: blocking.length })}</strong>,
      ${t(pluralKey('findings.warnings', warnings), { n: warnings })},
      ${t(pluralKey('findings.notes', notes), { n: notes })}. ${t('findings.support')}
    </p>
    ${
      blocking.length > 0
        ? html`<div class="alert alert-blocking" role="alert" aria-labelledby="blocking-h">
            <h3 id="blocking-h">${t('findings.blockingHead')}</h3>
            <ul class="finding-list">
              ${blocking.map((f) => item(f, t, locale))}
            </ul>
          </div>`
        : html`<p class="notice notice-ok">${t('findings.noBlocking')}</p>`
    }
    ${
      rest.length > 0
        ? html`<h3 class="subhead">${t('findings.rest')}</h3>
            <ul class="finding-list">
              ${rest.map((f) => item(f, t, locale))}
            </ul>`
        : ''
    }
  </section>`;
}
