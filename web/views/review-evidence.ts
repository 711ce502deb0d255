// The evidence behind the script: every cited claim with its approved text and source, anchored as #claim-<id>.
import { html } from 'hono/html';
import type { CitedClaim } from '../../services/script-view.ts';
import { formatDate, safeHttpUrl } from './format.ts';
import type { Html } from './layout.ts';

function usability(claim: CitedClaim): Html {
  if (claim.missing) return html`<span class="tag tag-blocking">Not in the campaign's claim set</span>`;
  if (claim.usable === false) {
    const why = claim.status === 'withdrawn' ? 'withdrawn' : 'outside its validity dates';
    return html`<span class="tag tag-blocking">Not usable: ${why}</span>`;
  }
  return html`<span class="tag tag-ok">Current</span>`;
}

function source(claim: CitedClaim): Html {
  const s = claim.source;
  if (!s) return html``;
  const href = safeHttpUrl(s.url);
  return html`<dl class="source">
    <div>
      <dt>Publisher</dt>
      <dd>${s.publisher}</dd>
    </div>
    <div>
      <dt>Title</dt>
      <dd><cite>${s.title}</cite></dd>
    </div>
    <div>
      <dt>Date</dt>
      <dd><time datetime="${s.date}">${formatDate(s.date)}</time></dd>
    </div>
    <div>
      <dt>Source</dt>
      <dd>
        ${
          href
            ? html`<a href="${href}" rel="noopener noreferrer" target="_blank" class="external"
                >${new URL(href).host}<span class="visually-hidden"> (external site, opens in a new tab)</span></a
              >`
            : html`<span class="tag tag-blocking">No valid web address</span> ${s.url}`
        }
      </dd>
    </div>
  </dl>`;
}

/** The "Evidence" section; a claim that is missing or no longer usable is marked, never hidden. */
export function evidenceSection(claims: readonly CitedClaim[], lang: string): Html {
  return html`<section class="panel evidence-list" id="evidence" aria-labelledby="evidence-h">
    <h2 id="evidence-h">Evidence: cited claims</h2>
    <p class="section-intro">
      Each claim is an approved statement from the campaign's claims library, with the source it rests on.
    </p>
    ${
      claims.length === 0
        ? html`<p class="empty">This script cites no claims.</p>`
        : html`<ol class="claims">
            ${claims.map(
              (c) =>
                html`<li class="claim${c.usable === false || c.missing ? ' claim-unusable' : ''}" id="claim-${c.id}">
                  <h3 class="claim-head"><code>${c.id}</code> ${usability(c)}</h3>
                  ${
                    c.text
                      ? html`<blockquote class="claim-text" lang="${lang}"><p>${c.text}</p></blockquote>`
                      : html`<p class="muted">No text in this language.</p>`
                  }
                  ${source(c)}
                </li>`,
            )}
          </ol>`
    }
  </section>`;
}
