// The automated pre-review findings, shown before the script: blocking ones in an alert, then warnings and notes.
import { html } from 'hono/html';
import type { StoredFinding } from '../../db/script-repo.ts';
import type { Html } from './layout.ts';

/** The anchor of a sentence (`s2-1`) or scene (`scene-2`); findings count from 0, people and anchors from 1. */
export function findingAnchor(f: Pick<StoredFinding, 'scene' | 'sentence'>): string | undefined {
  if (f.scene === undefined) return undefined;
  return f.sentence === undefined ? `scene-${f.scene + 1}` : `s${f.scene + 1}-${f.sentence + 1}`;
}

function where(f: StoredFinding): Html {
  const anchor = findingAnchor(f);
  if (!anchor || f.scene === undefined) return html`<span class="where">Whole script</span>`;
  const text = f.sentence === undefined ? `Scene ${f.scene + 1}` : `Scene ${f.scene + 1}, sentence ${f.sentence + 1}`;
  return html`<a class="where" href="#${anchor}">${text}</a>`;
}

const SEVERITY = { blocking: 'Blocking', warning: 'Warning', info: 'Note' } as const;

function item(f: StoredFinding): Html {
  return html`<li class="finding finding-${f.severity}">
    <span class="tag tag-${f.severity}">${SEVERITY[f.severity]}</span> ${where(f)}
    <p class="finding-message">${f.message}</p>
    ${f.suggestion ? html`<p class="finding-suggestion"><span class="label">Suggestion:</span> ${f.suggestion}</p>` : ''}
    <p class="finding-code">Check: <code>${f.code}</code></p>
  </li>`;
}

/** The "Automated findings" section; `id="findings"` is the first stop of the page's contents list. */
export function findingsSection(findings: readonly StoredFinding[]): Html {
  const blocking = findings.filter((f) => f.severity === 'blocking');
  const rest = findings.filter((f) => f.severity !== 'blocking');
  const warnings = rest.filter((f) => f.severity === 'warning').length;
  const notes = rest.length - warnings;
  return html`<section class="panel findings" id="findings" aria-labelledby="findings-h">
    <h2 id="findings-h">Automated findings</h2>
    <p class="section-intro">
      Pre-review checks of this version (grounding, wording, readability, structure, language):
      <strong>${blocking.length} blocking</strong>, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes}
      note${notes === 1 ? '' : 's'}. The checks support your review; they do not replace it.
    </p>
    ${
      blocking.length > 0
        ? html`<div class="alert alert-blocking" role="alert" aria-labelledby="blocking-h">
            <h3 id="blocking-h">Blocking: this version should not be approved as it stands</h3>
            <ul class="finding-list">
              ${blocking.map(item)}
            </ul>
          </div>`
        : html`<p class="notice notice-ok">No blocking findings.</p>`
    }
    ${
      rest.length > 0
        ? html`<h3 class="subhead">Warnings and notes</h3>
            <ul class="finding-list">
              ${rest.map(item)}
            </ul>`
        : ''
    }
  </section>`;
}
