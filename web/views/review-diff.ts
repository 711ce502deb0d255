// What changed since the previous version, sentence by sentence; added and removed are marked by more than colour.
import { html } from 'hono/html';
import type { DiffOp, SceneDiff, ScriptDiff } from '../../scripts/script-diff.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW, type ReviewKey } from '../i18n/review.ts';
import { fillHtml, shortSha } from './format.ts';
import type { Html } from './layout.ts';

type T = (key: ReviewKey, vars?: Record<string, string | number>) => string;

/** The stored diff when it has the expected shape (it is JSON from the database). */
export function readDiff(diff: unknown): ScriptDiff | undefined {
  if (typeof diff !== 'object' || diff === null) return undefined;
  const d = diff as Partial<ScriptDiff>;
  return Array.isArray(d.scenes) && Array.isArray(d.fields) ? (d as ScriptDiff) : undefined;
}

function op(o: DiffOp, lang: string, t: T): Html {
  if (o.op === 'added') {
    return html`<li class="diff-added">
      <span class="diff-mark" aria-hidden="true">+</span
      ><ins><span class="visually-hidden">${t('diff.added')} </span><span lang="${lang}">${o.text}</span></ins>
    </li>`;
  }
  if (o.op === 'removed') {
    return html`<li class="diff-removed">
      <span class="diff-mark" aria-hidden="true">−</span
      ><del><span class="visually-hidden">${t('diff.removed')} </span><span lang="${lang}">${o.text}</span></del>
    </li>`;
  }
  return html`<li class="diff-same">
    <span class="diff-mark" aria-hidden="true"> </span><span class="visually-hidden">${t('diff.same')} </span
    ><span lang="${lang}">${o.text}</span>
  </li>`;
}

/** A changed key fact, before and after; a side the scene had no key fact on says so. */
function keyFactChange(change: NonNullable<SceneDiff['keyFact']>, lang: string, t: T): Html {
  const side = (text: string | undefined, tag: 'del' | 'ins') =>
    text === undefined
      ? html`<span class="muted">${t('diff.noKeyFact')}</span>`
      : tag === 'del'
        ? html`<del lang="${lang}">${text}</del>`
        : html`<ins lang="${lang}">${text}</ins>`;
  return html`<p class="diff-onscreen diff-key-fact">
    ${t('diff.keyFact')} ${side(change.before, 'del')} <span aria-hidden="true">→</span
    ><span class="visually-hidden">${t('diff.changedTo')}</span> ${side(change.after, 'ins')}
  </p>`;
}

/** The "Changes" section when the script is a revision: what changed, or that a redraft changed nothing. */
export function diffSection(input: {
  diff: ScriptDiff | undefined;
  previousSha256: string | undefined;
  /** Earlier review rounds that saw this very version (a redraft that came out identical). */
  seenInRounds: readonly number[];
  lang: string;
  /** The page's language; English when absent. */
  locale?: Locale;
}): Html {
  const { diff, previousSha256, seenInRounds, lang } = input;
  const t = translator(REVIEW, input.locale ?? DEFAULT_LOCALE);
  if (seenInRounds.length > 0) {
    return html`<section class="panel changes" id="changes" aria-labelledby="changes-h">
      <h2 id="changes-h">${t('diff.heading')}</h2>
      <div class="notice notice-warning">
        <p><strong>${t('diff.unchanged')}</strong> ${t('diff.sameAs', { rounds: seenInRounds.join(', ') })}</p>
      </div>
    </section>`;
  }
  if (!previousSha256) return html``;
  return html`<section class="panel changes" id="changes" aria-labelledby="changes-h">
    <h2 id="changes-h">${t('diff.heading')}</h2>
    <p class="section-intro">
      ${fillHtml(t('diff.comparedWith'), { version: html`<code>${shortSha(previousSha256)}</code>` })}
      ${fillHtml(t('diff.key'), {
        added: html`<span class="diff-key diff-key-added">${t('diff.keyAdded')}</span>`,
        removed: html`<span class="diff-key diff-key-removed">${t('diff.keyRemoved')}</span>`,
      })}
    </p>
    ${
      !diff
        ? html`<p class="muted">${t('diff.noComparison')}</p>`
        : !diff.changed
          ? html`<p class="notice">${t('diff.contentUnchanged')}</p>`
          : html`${diff.scenes.map(
              (s) =>
                html`<div class="diff-scene">
                  <h3><a href="#scene-${s.scene + 1}">${t('diff.scene', { n: s.scene + 1 })}</a></h3>
                  ${
                    s.onScreenText
                      ? html`<p class="diff-onscreen">
                          ${t('diff.onScreen')} <del lang="${lang}">${s.onScreenText.before}</del>
                          <span aria-hidden="true">→</span><span class="visually-hidden">${t('diff.changedTo')}</span>
                          <ins lang="${lang}">${s.onScreenText.after}</ins>
                        </p>`
                      : ''
                  }
                  ${s.keyFact ? keyFactChange(s.keyFact, lang, t) : ''}
                  <ul class="diff">
                    ${s.sentences.map((o) => op(o, lang, t))}
                  </ul>
                </div>`,
            )}
            ${diff.fields.length > 0 ? html`<p>${t('diff.alsoChanged', { fields: diff.fields.join(', ') })}</p>` : ''}`
    }
  </section>`;
}
