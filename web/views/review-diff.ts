// What changed since the previous version, sentence by sentence; added and removed are marked by more than colour.
import { html } from 'hono/html';
import type { DiffOp, ScriptDiff } from '../../scripts/script-diff.ts';
import { shortSha } from './format.ts';
import type { Html } from './layout.ts';

/** The stored diff when it has the expected shape (it is JSON from the database). */
export function readDiff(diff: unknown): ScriptDiff | undefined {
  if (typeof diff !== 'object' || diff === null) return undefined;
  const d = diff as Partial<ScriptDiff>;
  return Array.isArray(d.scenes) && Array.isArray(d.fields) ? (d as ScriptDiff) : undefined;
}

function op(o: DiffOp, lang: string): Html {
  if (o.op === 'added') {
    return html`<li class="diff-added">
      <span class="diff-mark" aria-hidden="true">+</span
      ><ins><span class="visually-hidden">added: </span><span lang="${lang}">${o.text}</span></ins>
    </li>`;
  }
  if (o.op === 'removed') {
    return html`<li class="diff-removed">
      <span class="diff-mark" aria-hidden="true">−</span
      ><del><span class="visually-hidden">removed: </span><span lang="${lang}">${o.text}</span></del>
    </li>`;
  }
  return html`<li class="diff-same">
    <span class="diff-mark" aria-hidden="true"> </span><span class="visually-hidden">unchanged: </span
    ><span lang="${lang}">${o.text}</span>
  </li>`;
}

/** The "Changes" section when the script is a revision: what changed, or that a redraft changed nothing. */
export function diffSection(input: {
  diff: ScriptDiff | undefined;
  previousSha256: string | undefined;
  /** Earlier review rounds that saw this very version (a redraft that came out identical). */
  seenInRounds: readonly number[];
  lang: string;
}): Html {
  const { diff, previousSha256, seenInRounds, lang } = input;
  if (seenInRounds.length > 0) {
    return html`<section class="panel changes" id="changes" aria-labelledby="changes-h">
      <h2 id="changes-h">Changes since the previous version</h2>
      <div class="notice notice-warning">
        <p>
          <strong>Unchanged.</strong> This is the same version that was reviewed in round ${seenInRounds.join(', ')}:
          the redraft did not change the script. Check whether the earlier comments are still open before you decide.
        </p>
      </div>
    </section>`;
  }
  if (!previousSha256) return html``;
  return html`<section class="panel changes" id="changes" aria-labelledby="changes-h">
    <h2 id="changes-h">Changes since the previous version</h2>
    <p class="section-intro">
      Compared with version <code>${shortSha(previousSha256)}</code>. Added sentences are marked
      <span class="diff-key diff-key-added">+ added</span>, removed ones
      <span class="diff-key diff-key-removed">− removed</span>.
    </p>
    ${
      !diff
        ? html`<p class="muted">No comparison is stored for this version.</p>`
        : !diff.changed
          ? html`<p class="notice">The content is unchanged.</p>`
          : html`${diff.scenes.map(
              (s) =>
                html`<div class="diff-scene">
                  <h3><a href="#scene-${s.scene + 1}">Scene ${s.scene + 1}</a></h3>
                  ${
                    s.onScreenText
                      ? html`<p class="diff-onscreen">
                          On-screen text: <del lang="${lang}">${s.onScreenText.before}</del>
                          <span aria-hidden="true">→</span><span class="visually-hidden">changed to</span>
                          <ins lang="${lang}">${s.onScreenText.after}</ins>
                        </p>`
                      : ''
                  }
                  <ul class="diff">
                    ${s.sentences.map((o) => op(o, lang))}
                  </ul>
                </div>`,
            )}
            ${diff.fields.length > 0 ? html`<p>Also changed: ${diff.fields.join(', ')}.</p>` : ''}`
    }
  </section>`;
}
