// The claims library page: every current claim with its validity and source, the import form, and the withdraw links.
import { createHash } from 'node:crypto';
import { html } from 'hono/html';
import { wordingProblem } from '../../shared/claims.ts';
import type { LibraryClaim } from '../../db/claim-repo.ts';
import { safeHttpUrl, userText } from './format.ts';
import type { Html } from './layout.ts';
import { alert, csrfField, notice, problemTable, consoleText, statusText, type FileProblem } from './console-common.ts';
import type { LibraryText } from './console-channels.ts';
import type { ClaimWithdrawalOutcome, InFlightCitation } from '../../shared/withdrawal.ts';

export interface ClaimsPageInput {
  claims: readonly (LibraryClaim & { usable: boolean })[];
  csrfToken: string;
  /** Whether this user may withdraw (campaign managers and admins). */
  mayWithdraw: boolean;
  /** Whether this user may import (curators). */
  mayImport: boolean;
  flash?: string;
  error?: string;
  problems?: readonly FileProblem[];
  /** A withdrawal just confirmed: what its cascade did. */
  withdrawal?: ClaimWithdrawalOutcome;
}

function validity({ t }: LibraryText, claim: LibraryClaim['claim']): string {
  if (claim.status === 'withdrawn') return t('withdrawn');
  const parts = [
    claim.validFrom ? t('from', { date: claim.validFrom }) : '',
    claim.validUntil ? t('until', { date: claim.validUntil }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : t('always');
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Each language of the claim: its source, a translation approved by whom and when, or one nobody (currently) approved. */
function languages({ t }: LibraryText, claim: LibraryClaim['claim']): Html[] {
  return Object.keys(claim.text).map((lang) => {
    const problem = wordingProblem(claim, lang, sha256Hex);
    const approval = claim.translations?.[lang];
    const state =
      claim.sourceLanguage === lang
        ? t('langSource')
        : problem === 'not-approved'
          ? t('langNotApproved')
          : problem === 'stale'
            ? t('langStale')
            : approval
              ? t('langApproved', { by: approval.approvedBy, date: approval.approvedAt })
              : t('langUnrecorded');
    return html`<span class="sub"><span class="tag">${lang}</span> ${userText(state)}</span>`;
  });
}

export function claimsBody(text: LibraryText, input: ClaimsPageInput): Html {
  const { t } = text;
  return html`<div class="page-head">
      <h1>${t('claims')}</h1>
      <p class="lede">${t('claimsLede')}</p>
    </div>
    ${notice(input.flash)} ${alert(input.error)} ${input.withdrawal ? withdrawalOutcome(text, input.withdrawal) : ''}
    ${
      input.problems?.length
        ? html`<section class="panel" aria-labelledby="problems-h">
            <h2 id="problems-h">${t('importProblems', { n: input.problems.length })}</h2>
            ${problemTable(consoleText(text.locale), 'problems', input.problems)}
          </section>`
        : ''
    }
    ${
      input.claims.length === 0
        ? html`<p class="empty">${t('noClaims')}</p>`
        : html`<table class="data claims-library">
            <caption>
              ${t('claimsCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('colClaim')}</th>
                <th scope="col">${t('colTopics')}</th>
                <th scope="col">${t('colValidity')}</th>
                <th scope="col">${t('colLanguages')}</th>
                <th scope="col">${t('colUsable')}</th>
                <th scope="col" class="num">${t('colVersions')}</th>
                <th scope="col">${t('colSource')}</th>
                ${input.mayWithdraw ? html`<th scope="col">${t('colActions')}</th>` : ''}
              </tr>
            </thead>
            <tbody>
              ${input.claims.map(({ claim, usable, versions }) => {
                const first = Object.entries(claim.text)[0];
                const source = safeHttpUrl(claim.source.url);
                return html`<tr>
                  <th scope="row">
                    ${claim.id} ${first ? html`<span class="sub" lang="${first[0]}">${userText(first[1])}</span>` : ''}
                  </th>
                  <td>${claim.topics.map((topic) => html`<span class="tag">${userText(topic)}</span> `)}</td>
                  <td>${validity(text, claim)}</td>
                  <td>${languages(text, claim)}</td>
                  <td>${usable ? t('yes') : t('no')}</td>
                  <td class="num">${versions}</td>
                  <td>
                    ${source ? html`<a href="${source}">${userText(claim.source.title)}</a>` : userText(claim.source.title)}
                    <span class="sub">${userText(claim.source.publisher)}, ${claim.source.date}</span>
                  </td>
                  ${
                    input.mayWithdraw
                      ? html`<td>
                          ${
                            claim.status === 'withdrawn'
                              ? '—'
                              : html`<a href="/claims/${encodeURIComponent(claim.id)}/withdraw"
                                  >${t('withdraw')}<span class="visually-hidden"> ${claim.id}</span></a
                                >`
                          }
                        </td>`
                      : ''
                  }
                </tr>`;
              })}
            </tbody>
          </table>`
    }
    ${input.mayImport ? importForm(text, input.csrfToken) : ''}`;
}

function importForm({ t }: LibraryText, csrf: string): Html {
  return html`<section class="panel" aria-labelledby="import-h">
    <h2 id="import-h">${t('importClaims')}</h2>
    <p class="section-intro">${t('importLede')}</p>
    <form method="post" action="/claims/import" enctype="multipart/form-data">
      ${csrfField(csrf)}
      <div class="field">
        <label for="f-claims">${t('fieldClaimsFile')}</label>
        <input id="f-claims" name="claims" type="file" accept=".yaml,.yml" required />
      </div>
      <div class="field-actions"><button type="submit" class="button-secondary">${t('importButton')}</button></div>
    </form>
  </section>`;
}

/**
 * What withdrawing a claim would do: per campaign, its segments whose published video cites the claim (retracted),
 * and the segments still being worked on whose current script cites it (sent back to drafting).
 */
export function cascadePreview(
  text: LibraryText,
  cascade: readonly { campaignId: string; segmentIds: string[] }[],
  inFlight: readonly InFlightCitation[] = [],
): Html {
  const { t } = text;
  return html`<section class="panel" aria-labelledby="cascade-h">
    <h2 id="cascade-h">${cascade.length === 0 ? t('cascadeNone') : t('cascadeList')}</h2>
    ${
      cascade.length === 0
        ? ''
        : html`<ul class="cascade">
            ${cascade.map(
              (r) => html`<li>${t('cascadeItem', { campaign: r.campaignId, segments: r.segmentIds.join(', ') })}</li>`,
            )}
          </ul>`
    }
    <h2 id="in-flight-h">${inFlight.length === 0 ? t('inFlightNone') : t('inFlightList')}</h2>
    ${
      inFlight.length === 0
        ? ''
        : html`<ul class="cascade">
            ${inFlight.map(
              (s) =>
                html`<li>
                  ${t('outcomeSentBack', { campaign: s.campaignId, segment: s.segmentId, status: statusText(text.locale, s.status) })}
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}

/** What a confirmed withdrawal's cascade did: videos retracted, segments sent back, segments blocked. */
function withdrawalOutcome(text: LibraryText, outcome: ClaimWithdrawalOutcome): Html {
  const { t } = text;
  const lines = [
    ...outcome.videosRetracted.map((r) => t('outcomeRetracted', { campaign: r.campaignId, n: r.videos })),
    ...outcome.segmentsSentBack.map((s) =>
      t('outcomeSentBack', {
        campaign: s.campaignId,
        segment: s.segmentId,
        status: statusText(text.locale, s.status),
      }),
    ),
    ...outcome.segmentsBlocked.map((s) =>
      t('outcomeBlocked', { campaign: s.campaignId, segment: s.segmentId, concern: s.blockedConcern ?? '' }),
    ),
  ];
  return html`<section class="panel" aria-labelledby="outcome-h">
    <h2 id="outcome-h">${t('outcomeHeading', { id: outcome.claimId })}</h2>
    ${
      lines.length === 0
        ? ''
        : html`<ul class="cascade">
            ${lines.map((l) => html`<li>${l}</li>`)}
          </ul>`
    }
  </section>`;
}
