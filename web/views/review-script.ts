// The script as a reviewer reads it: scene by scene, the text on screen, each spoken sentence beside its claims.
import { html } from 'hono/html';
import type { StoredFinding } from '../../db/script-repo.ts';
import type { SideBySide } from '../../shared/back-translation.ts';
import type { Scene, Script } from '../../shared/types.ts';
import type { CitedClaim } from '../../services/script-view.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW, type ReviewKey } from '../i18n/review.ts';
import { decimal, fillHtml, languageLabel, pluralKey } from './format.ts';
import type { Html } from './layout.ts';
import { renderingCell, renderingNote } from './review-rendering.ts';

type T = (key: ReviewKey, vars?: Record<string, string | number>) => string;

function claimRef(id: string, claims: readonly CitedClaim[], lang: string, t: T): Html {
  const claim = claims.find((c) => c.id === id);
  const flag =
    !claim || claim.missing
      ? html`<span class="tag tag-blocking">${t('script.notInSet')}</span>`
      : claim.usable === false
        ? html`<span class="tag tag-blocking">${t('script.notUsable')}</span>`
        : '';
  return html`<div class="evidence-ref">
    <a href="#claim-${id}" class="claim-link"><span class="visually-hidden">${t('script.claim')}</span>${id}</a> ${flag}
    ${claim?.text ? html`<p class="evidence-text" lang="${lang}">${claim.text}</p>` : ''}
    ${claim?.source ? html`<p class="evidence-source">${claim.source.publisher}</p>` : ''}
  </div>`;
}

/**
 * The claim whose approved short wording the key fact is: the first claim the scene cites that has a short wording,
 * as `withKeyFacts` chose it. Undefined when that wording is not the key fact (the claim's wording changed since).
 */
function keyFactClaim(scene: Scene, claims: readonly CitedClaim[]): string | undefined {
  for (const id of scene.sentences.flatMap((s) => s.claimIds)) {
    const short = claims
      .find((c) => c.id === id)
      ?.shortText?.replace(/\s+/g, ' ')
      .trim();
    if (short) return short === scene.keyFact ? id : undefined;
  }
  return undefined;
}

/** What a viewer reads in the scene with the sound off: the heading, and the key fact as the main text under it. */
function onScreen(scene: Scene, n: number, lang: string, claims: readonly CitedClaim[], t: T): Html {
  const fact = scene.keyFact;
  const from = fact ? keyFactClaim(scene, claims) : undefined;
  return html`<div class="on-screen">
    <h4 class="on-screen-head">
      ${t('script.onScreen')} <span class="on-screen-hint">(${t('script.onScreenHint')})</span>
    </h4>
    <dl class="on-screen-text">
      <div>
        <dt>${t(fact ? 'script.onScreenHeading' : 'script.onScreenMain')}</dt>
        <dd lang="${lang}" class="${fact ? 'screen-heading' : 'screen-main'}">${scene.onScreenText}</dd>
      </div>
      ${
        fact
          ? html`<div class="key-fact">
              <dt>${t('script.keyFact')}</dt>
              <dd>
                <p class="screen-main" lang="${lang}">${fact}</p>
                <p class="key-fact-source">
                  ${
                    from
                      ? fillHtml(t('script.keyFactFrom'), {
                          claim: html`<a href="#claim-${from}" class="claim-link">${from}</a>`,
                        })
                      : html`<span class="tag tag-warning">${t('script.keyFactUnmatched')}</span>`
                  }
                </p>
              </dd>
            </div>`
          : ''
      }
    </dl>
  </div>`;
}

function sentenceFlags(findings: readonly StoredFinding[], scene: number, sentence: number, t: T): Html {
  const here = findings.filter((f) => f.scene === scene && f.sentence === sentence);
  if (here.length === 0) return html``;
  const worst = here.some((f) => f.severity === 'blocking')
    ? 'blocking'
    : here.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'info';
  const label = t(pluralKey('script.findings', here.length), { n: here.length });
  return html`<a href="#findings" class="tag tag-${worst}">${label}</a>`;
}

function sceneBlock(
  scene: Scene,
  k: number,
  lang: string,
  claims: readonly CitedClaim[],
  findings: readonly StoredFinding[],
  t: T,
  locale: Locale,
  side?: SideBySide,
): Html {
  const n = k + 1;
  return html`<li class="scene" id="scene-${n}">
    <h3 class="scene-head">
      ${t('script.scene', { n })}
      <span class="scene-duration">${t('script.seconds', { n: decimal(scene.durationSeconds, locale) })}</span>
    </h3>
    ${onScreen(scene, n, lang, claims, t)}
    <dl class="scene-meta">
      <div>
        <dt>${t('script.visual')}</dt>
        <dd>${scene.visual}</dd>
      </div>
    </dl>
    <table class="sentences">
      <caption class="visually-hidden">
        ${t('script.sentencesCaption', { n })}
      </caption>
      <thead>
        <tr>
          <th scope="col" class="num">${t('script.no')}</th>
          <th scope="col">${t('script.sentence')}</th>
          ${side ? html`<th scope="col">${t('render.column', { language: languageLabel(side.language, locale) })}</th>` : ''}
          <th scope="col">${t('script.evidence')}</th>
        </tr>
      </thead>
      <tbody>
        ${scene.sentences.map(
          (s, i) =>
            html`<tr id="s${n}-${i + 1}">
              <th scope="row" class="num">${n}.${i + 1}</th>
              <td class="sentence"><span lang="${lang}">${s.text}</span> ${sentenceFlags(findings, k, i, t)}</td>
              ${side ? html`<td class="rendering-cell">${renderingCell(side.scenes[k]?.[i], side.language, t)}</td>` : ''}
              <td class="evidence">
                ${
                  s.claimIds.length > 0
                    ? s.claimIds.map((id) => claimRef(id, claims, lang, t))
                    : html`<span class="muted">${t('script.noClaim')}</span>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </li>`;
}

/**
 * The "Script" section: scenes, then the call to action and the AI disclosure that close the video. With `side`
 * (the script in a language the reader reads, see services/script-view.ts) each sentence stands beside its rendering.
 */
export function scriptSection(
  script: Script,
  claims: readonly CitedClaim[],
  findings: readonly StoredFinding[],
  locale: Locale = DEFAULT_LOCALE,
  side?: SideBySide,
): Html {
  const t = translator(REVIEW, locale);
  const total = script.scenes.reduce((sum, s) => sum + s.durationSeconds, 0);
  const lang = script.language;
  return html`<section class="panel script" id="script" aria-labelledby="script-h">
    <h2 id="script-h">${t('script.heading')}</h2>
    <dl class="facts facts-inline">
      <div>
        <dt>${t('script.title')}</dt>
        <dd lang="${lang}">${script.title}</dd>
      </div>
      <div>
        <dt>${t('script.scenes')}</dt>
        <dd>${script.scenes.length}</dd>
      </div>
      <div>
        <dt>${t('script.duration')}</dt>
        <dd>${t('script.seconds', { n: Math.round(total) })}</dd>
      </div>
    </dl>
    ${side ? renderingNote(side, locale) : ''}
    <ol class="scenes">
      ${script.scenes.map((scene, k) => sceneBlock(scene, k, lang, claims, findings, t, locale, side))}
    </ol>
    <dl class="facts closing">
      <div>
        <dt>${t('script.cta')}</dt>
        <dd lang="${lang}">${script.callToAction}</dd>
      </div>
      <div>
        <dt>${t('script.aiDisclosure')}</dt>
        <dd lang="${lang}">${script.aiDisclosure}</dd>
      </div>
    </dl>
  </section>`;
}
