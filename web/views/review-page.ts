// The review page: who the script is for, what the checks found, what changed, the script with its evidence, decide.
import { html } from 'hono/html';
import { describeNarration, type NarrationInfo } from '../../shared/narration.ts';
import type { ScriptView } from '../../services/script-view.ts';
import { formatDateTime, languageLabel, shortSha, statusLabel, userText } from './format.ts';
import type { Html } from './layout.ts';
import { decisionSection, historySection, type DecisionContext } from './review-decision.ts';
import { diffSection, readDiff } from './review-diff.ts';
import { evidenceSection } from './review-evidence.ts';
import { findingsSection } from './review-findings.ts';
import { profileSection } from './review-profile.ts';
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
}

/** The rendered video with its captions track, and what spoke its narration. */
export function videoSection(video: NonNullable<ReviewPageInput['video']>, lang: string): Html {
  return html`<section class="panel video" id="video" aria-labelledby="video-h">
    <h2 id="video-h">Rendered video</h2>
    <video controls preload="metadata" width="640" height="360">
      <source src="${video.src}" type="video/mp4" />
      <track kind="captions" srclang="${lang}" label="${languageLabel(lang)}" src="${video.captions}" default />
      <p>Your browser cannot play this video. <a href="${video.src}">Download the video</a>.</p>
    </video>
    ${video.narration ? html`<p class="narration">Narration: ${describeNarration(video.narration)}</p>` : ''}
  </section>`;
}

function contents(items: [string, string][]): Html {
  return html`<nav class="contents" aria-label="On this page">
    <h2 class="contents-head">On this page</h2>
    <ol>
      ${items.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}
    </ol>
  </nav>`;
}

/** The review page's main content. */
export function reviewBody({ view, campaignTitle, decision, video, videoReview, error }: ReviewPageInput): Html {
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
  const toc: [string, string][] = [
    ...(segment ? [['audience', 'Audience'] as [string, string]] : []),
    ['findings', 'Automated findings'],
    ...(current.previousSha256 || seenInRounds.length > 0 ? [['changes', 'Changes'] as [string, string]] : []),
    ['script', 'Script'],
    ['evidence', 'Evidence'],
    ...(video ? [['video', 'Video'] as [string, string]] : []),
    ['history', 'Decisions so far'],
    ['decide', videoStage ? 'Video check' : 'Your decision'],
  ];
  return html`<nav class="breadcrumb" aria-label="Breadcrumb">
      <ol>
        <li><a href="/queue">Review queue</a></li>
        <li><a href="/queue?campaign=${encodeURIComponent(view.campaignId)}">${userText(campaignTitle)}</a></li>
        <li><span aria-current="page">${userText(label)}</span></li>
      </ol>
    </nav>
    <div class="page-head">
      <h1>${userText(label)}</h1>
      <dl class="facts facts-inline page-meta">
        <div>
          <dt>Status</dt>
          <dd><span class="status status-${decision.status}">${statusLabel(decision.status)}</span></dd>
        </div>
        <div>
          <dt>Round</dt>
          <dd>${decision.round}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd><code title="${current.sha256}">${shortSha(current.sha256)}</code></dd>
        </div>
        <div>
          <dt>Approvals this round</dt>
          <dd>${approvals} of ${decision.approvalsRequired}</dd>
        </div>
        <div>
          <dt>Drafted</dt>
          <dd>${formatDateTime(current.createdAt)}</dd>
        </div>
        <div>
          <dt>Written by</dt>
          <dd>${current.model ? `${current.provider} · ${current.model}` : current.provider}</dd>
        </div>
      </dl>
    </div>
    ${
      error
        ? html`<div class="alert alert-blocking" role="alert">
            <p><strong>Your decision was not recorded.</strong> ${error}</p>
            <p><a href="#decide">Go to the decision form</a></p>
          </div>`
        : ''
    }
    <div class="with-sidebar">
      ${contents(toc)}
      <div>
        ${segment ? profileSection(segment) : ''} ${findingsSection(view.findings)}
        ${diffSection({ diff, previousSha256: current.previousSha256, seenInRounds, lang })}
        ${scriptSection(current.script, view.claims, view.findings)} ${evidenceSection(view.claims, lang)}
        ${video ? videoSection(video, lang) : ''} ${historySection(decision.decisions)}
        ${
          videoStage
            ? videoDecisionSection({ ...decision, decisions: [], ...videoReview }, error)
            : decisionSection(decision, error)
        }
      </div>
    </div>`;
}
