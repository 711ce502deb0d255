// The script as a reviewer reads it: scene by scene, each spoken sentence beside the approved claims it cites.
import { html } from 'hono/html';
import type { StoredFinding } from '../../db/script-repo.ts';
import type { Scene, Script } from '../../shared/types.ts';
import type { CitedClaim } from '../../services/script-view.ts';
import type { Html } from './layout.ts';

function claimRef(id: string, claims: readonly CitedClaim[], lang: string): Html {
  const claim = claims.find((c) => c.id === id);
  const flag =
    !claim || claim.missing
      ? html`<span class="tag tag-blocking">Not in the claim set</span>`
      : claim.usable === false
        ? html`<span class="tag tag-blocking">Not usable</span>`
        : '';
  return html`<div class="evidence-ref">
    <a href="#claim-${id}" class="claim-link"><span class="visually-hidden">Claim </span>${id}</a> ${flag}
    ${claim?.text ? html`<p class="evidence-text" lang="${lang}">${claim.text}</p>` : ''}
    ${claim?.source ? html`<p class="evidence-source">${claim.source.publisher}</p>` : ''}
  </div>`;
}

function sentenceFlags(findings: readonly StoredFinding[], scene: number, sentence: number): Html {
  const here = findings.filter((f) => f.scene === scene && f.sentence === sentence);
  if (here.length === 0) return html``;
  const worst = here.some((f) => f.severity === 'blocking')
    ? 'blocking'
    : here.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'info';
  const label = `${here.length} finding${here.length === 1 ? '' : 's'}`;
  return html`<a href="#findings" class="tag tag-${worst}">${label}</a>`;
}

function sceneBlock(
  scene: Scene,
  k: number,
  lang: string,
  claims: readonly CitedClaim[],
  findings: readonly StoredFinding[],
): Html {
  const n = k + 1;
  return html`<li class="scene" id="scene-${n}">
    <h3 class="scene-head">Scene ${n} <span class="scene-duration">${scene.durationSeconds} s</span></h3>
    <dl class="scene-meta">
      <div>
        <dt>On screen</dt>
        <dd lang="${lang}">${scene.onScreenText}</dd>
      </div>
      <div>
        <dt>Visual</dt>
        <dd>${scene.visual}</dd>
      </div>
    </dl>
    <table class="sentences">
      <caption class="visually-hidden">
        Scene ${n}: spoken sentences and the evidence they cite
      </caption>
      <thead>
        <tr>
          <th scope="col" class="num">No.</th>
          <th scope="col">Spoken sentence</th>
          <th scope="col">Evidence cited</th>
        </tr>
      </thead>
      <tbody>
        ${scene.sentences.map(
          (s, i) =>
            html`<tr id="s${n}-${i + 1}">
              <th scope="row" class="num">${n}.${i + 1}</th>
              <td class="sentence"><span lang="${lang}">${s.text}</span> ${sentenceFlags(findings, k, i)}</td>
              <td class="evidence">
                ${
                  s.claimIds.length > 0
                    ? s.claimIds.map((id) => claimRef(id, claims, lang))
                    : html`<span class="muted">No claim cited: the sentence must state no medical fact.</span>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </li>`;
}

/** The "Script" section: scenes, then the call to action and the AI disclosure that close the video. */
export function scriptSection(script: Script, claims: readonly CitedClaim[], findings: readonly StoredFinding[]): Html {
  const total = script.scenes.reduce((sum, s) => sum + s.durationSeconds, 0);
  const lang = script.language;
  return html`<section class="panel script" id="script" aria-labelledby="script-h">
    <h2 id="script-h">Script</h2>
    <dl class="facts facts-inline">
      <div>
        <dt>Title</dt>
        <dd lang="${lang}">${script.title}</dd>
      </div>
      <div>
        <dt>Scenes</dt>
        <dd>${script.scenes.length}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>${Math.round(total)} s</dd>
      </div>
    </dl>
    <ol class="scenes">
      ${script.scenes.map((scene, k) => sceneBlock(scene, k, lang, claims, findings))}
    </ol>
    <dl class="facts closing">
      <div>
        <dt>Call to action</dt>
        <dd lang="${lang}">${script.callToAction}</dd>
      </div>
      <div>
        <dt>AI disclosure</dt>
        <dd lang="${lang}">${script.aiDisclosure}</dd>
      </div>
    </dl>
  </section>`;
}
