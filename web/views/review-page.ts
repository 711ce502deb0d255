// The review page: who the script is for, what the checks found, what changed, the script with its evidence, decide.
import { html } from 'hono/html';
import { describeNarration, type NarrationInfo } from '../../shared/narration.ts';
import type { ScriptView } from '../../services/script-view.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW, type ReviewKey } from '../i18n/review.ts';
import {
  fillHtml,
  formatDateTime,
  languageLabel,
  reviewPath,
  shortSha,
  statusLabel,
  userText,
  variantTag,
} from './format.ts';
import type { Html } from './layout.ts';
import { decisionSection, historySection, type DecisionContext } from './review-decision.ts';
import { diffSection, readDiff } from './review-diff.ts';
import { evidenceSection } from './review-evidence.ts';
import { findingsSection } from './review-findings.ts';
import { profileSection } from './review-profile.ts';
import { readersSection, type ReadersContext } from './review-readers.ts';
import { scriptSection } from './review-script.ts';
import { videoDecisionSection, type VideoDecisionContext } from './review-video.ts';

export interface ReviewPageInput {
  view: ScriptView;
  campaignTitle: string;
  decision: DecisionContext;
  /** Asset URLs of the rendered video of this version, once there is one, and what spoke its narration. */
  video?: { src: string; captions: string; narration?: NarrationInfo };
  /** The video check: the render waiting for review and the decisions on renders so far. */
  videoReview?: Pick<VideoDecisionContext, 'video' | 'decisions' | 'draft'>;
  /** A refusal to show above the form, verbatim. */
  error?: string;
  /** Why the segment's last version was sent back (a claim it cited was withdrawn), as the workflow recorded it. */
  sentBack?: string;
  /** The language of the page (not of the script, which keeps its own `lang`); English when absent. */
  locale?: Locale;
  /** Reader sign-offs (language review, test reading) the version needs, given and missing, with the reader's form. */
  readers?: ReadersContext;
}

/** The rendered video with its captions track, and what spoke its narration. */
export function videoSection(
  video: NonNullable<ReviewPageInput['video']>,
  lang: string,
  locale: Locale = DEFAULT_LOCALE,
): Html {
  const t = translator(REVIEW, locale);
  return html`<section class="panel video" id="video" aria-labelledby="video-h">
    <h2 id="video-h">${t('video.heading')}</h2>
    <video controls preload="metadata" width="640" height="360">
      <source src="${video.src}" type="video/mp4" />
      <track kind="captions" srclang="${lang}" label="${languageLabel(lang, locale)}" src="${video.captions}" default />
      <p>${t('video.cannotPlay')} <a href="${video.src}">${t('video.download')}</a>.</p>
    </video>
    ${
      video.narration
        ? html`<p class="narration">${t('video.narration')} ${narration(video.narration, locale)}</p>`
        : ''
    }
  </section>`;
}

/** The engine's description is technical English (engine, build, voice names): marked so on other pages. */
const narration = (info: NarrationInfo, locale: Locale) =>
  locale === 'en' ? describeNarration(info) : html`<span lang="en">${describeNarration(info)}</span>`;

function contents(items: [string, string][], label: string): Html {
  return html`<nav class="contents" aria-label="${label}">
    <h2 class="contents-head">${label}</h2>
    <ol>
      ${items.map(([id, text]) => html`<li><a href="#${id}">${text}</a></li>`)}
    </ol>
  </nav>`;
}

/** The review page's main content. */
export function reviewBody(input: ReviewPageInput): Html {
  const { view, campaignTitle, video, videoReview, error } = input;
  const locale = input.locale ?? DEFAULT_LOCALE;
  // The sign-off form warns of sentences the reviewer has no rendering of in a language they read.
  const decision = {
    ...input.decision,
    locale,
    sideBySide: input.view.sideBySide,
    scriptLanguage: input.view.current.script.language,
  };
  const t = translator(REVIEW, locale);
  const { current, segment } = view;
  const lang = current.script.language;
  const diff = readDiff(current.diff);
  const label = segment?.label ?? view.segmentId;
  const approvals = decision.decisions.filter((d) => d.round === decision.round && d.decision === 'APPROVED').length;
  const seenInRounds = [
    ...new Set(
      decision.decisions
        .filter((d) => d.round < decision.round && d.scriptSha256 === current.sha256)
        .map((d) => d.round),
    ),
  ];
  // After sign-off the page's decision is about the rendered video, not the script.
  const videoStage = decision.status === 'VIDEO_REVIEW' || (videoReview?.decisions.length ?? 0) > 0;
  const entry = (id: string, key: ReviewKey): [string, string] => [id, t(key)];
  const toc: [string, string][] = [
    ...(segment ? [entry('audience', 'toc.audience')] : []),
    entry('findings', 'toc.findings'),
    ...(current.previousSha256 || seenInRounds.length > 0 ? [entry('changes', 'toc.changes')] : []),
    entry('script', 'toc.script'),
    entry('evidence', 'toc.evidence'),
    ...(video ? [entry('video', 'toc.video')] : []),
    entry('history', 'toc.history'),
    ...(input.readers?.required ? [entry('readers', 'readers.heading')] : []),
    entry('decide', videoStage ? 'toc.videoCheck' : 'toc.decide'),
  ];
  const meta = (key: ReviewKey, value: Html | string | number) =>
    html`<div>
      <dt>${t(key)}</dt>
      <dd>${value}</dd>
    </div>`;
  return html`<nav class="breadcrumb" aria-label="${t('breadcrumb')}">
      <ol>
        <li><a href="/queue">${t('queue')}</a></li>
        <li><a href="/queue?campaign=${encodeURIComponent(view.campaignId)}">${userText(campaignTitle)}</a></li>
        <li><span aria-current="page">${userText(label)}</span></li>
      </ol>
    </nav>
    <div class="page-head">
      <h1>${userText(label)} ${view.variant ? variantTag(view.segmentId, locale) : ''}</h1>
      <dl class="facts facts-inline page-meta">
        ${meta(
          'meta.status',
          html`<span class="status status-${decision.status}">${statusLabel(decision.status, locale)}</span>`,
        )}
        ${meta('meta.round', decision.round)}
        ${meta('meta.version', html`<code title="${current.sha256}">${shortSha(current.sha256)}</code>`)}
        ${meta('meta.approvals', t('meta.approvalsOf', { n: approvals, total: decision.approvalsRequired }))}
        ${meta('meta.drafted', formatDateTime(current.createdAt, locale))}
        ${meta('meta.writtenBy', current.model ? `${current.provider} · ${current.model}` : current.provider)}
        ${
          view.variant
            ? meta(
                'meta.variant',
                fillHtml(t('meta.variantOf'), {
                  name: userText(view.variant.name),
                  segment: html`<a href="${reviewPath(view.campaignId, view.variant.of)}">${view.variant.of}</a>`,
                }),
              )
            : ''
        }
      </dl>
    </div>
    ${
      view.variant
        ? html`<div class="notice variant-note">
            <p>${t('variantNote')}</p>
            ${
              view.variant.instruction
                ? html`<p>
                    ${fillHtml(t('variantInstruction'), {
                      instruction: html`<strong>${userText(view.variant.instruction)}</strong>`,
                    })}
                  </p>`
                : ''
            }
            ${
              view.variant.callToAction
                ? html`<p>
                    ${fillHtml(t('variantCallToAction'), {
                      text: html`<strong>${userText(view.variant.callToAction)}</strong>`,
                    })}
                  </p>`
                : ''
            }
            ${view.variant.wording ? html`<p>${t('variantWording', { fields: view.variant.wording.join(', ') })}</p>` : ''}
          </div>`
        : ''
    }
    ${input.sentBack ? html`<div class="alert" role="status"><p>${input.sentBack}</p></div>` : ''}
    ${
      error
        ? html`<div class="alert alert-blocking" role="alert">
            <p><strong>${t('notRecorded')}</strong> ${error}</p>
            <p><a href="#decide">${t('toForm')}</a></p>
          </div>`
        : ''
    }
    <div class="with-sidebar">
      ${contents(toc, t('toc.label'))}
      <div>
        ${segment ? profileSection(segment, locale) : ''} ${findingsSection(view.findings, locale)}
        ${diffSection({ diff, previousSha256: current.previousSha256, seenInRounds, lang, locale })}
        ${scriptSection(current.script, view.claims, view.findings, locale, view.sideBySide[0])}
        ${evidenceSection(view.claims, lang, locale)} ${video ? videoSection(video, lang, locale) : ''}
        ${historySection(decision.decisions, locale)}
        ${input.readers ? readersSection({ ...input.readers, locale }) : ''}
        ${
          videoStage
            ? videoDecisionSection({ ...decision, decisions: [], ...videoReview }, error)
            : decisionSection(decision, error)
        }
      </div>
    </div>`;
}
