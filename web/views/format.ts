// Small formatting helpers shared by the workspace views: durations, dates, labels for roles, statuses, languages.
import { html } from 'hono/html';
import type { Role } from '../../shared/roles.ts';
import { stripBidiControls } from '../../shared/text-guard.ts';

/**
 * Text people typed (a segment label, a campaign title) as page content: bidi controls dropped (a label stored before
 * they were refused), and the rest isolated in `<bdi>` so right-to-left text cannot reorder what stands around it.
 */
export const userText = (value: string) => html`<bdi>${stripBidiControls(value)}</bdi>`;

/** The same for places that take text only (`<title>`, `<option>`, attributes): bidi controls dropped. */
export const plainUserText = (value: string) => stripBidiControls(value);

/** How long something has waited, for people: "25 min", "3 h", "4 days". */
export function waitingFor(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** "16 Sep 2024" for a date or an ISO date string (UTC, so every reviewer reads the same day). */
export function formatDate(value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : DATE.format(d);
}

/** "16 Sep 2024, 14:05 UTC": decisions are evidence, so the time zone is always stated. */
export function formatDateTime(value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : `${DATE.format(d)}, ${TIME.format(d)} UTC`;
}

/** The first 12 hex digits of a hash: enough to tell versions apart on screen. */
export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 12) : '—';
}

export const ROLE_LABELS: Record<Role, string> = {
  campaign_manager: 'Campaign manager',
  medical_reviewer: 'Medical reviewer',
  lead_reviewer: 'Lead reviewer',
  admin: 'Administrator',
  channel: 'Channel',
};

/** Segment statuses in pipeline order, with their labels for people. */
export const SEGMENT_STAGES = [
  ['PENDING', 'Pending'],
  ['DRAFTING', 'Drafting'],
  ['IN_REVIEW', 'In review'],
  ['RENDERING', 'Rendering'],
  ['VIDEO_REVIEW', 'Video check'],
  ['PUBLISHING', 'Publishing'],
  ['PUBLISHED', 'Published'],
  ['REJECTED', 'Rejected'],
  ['EXPIRED', 'Expired'],
  ['FAILED', 'Failed'],
  ['CANCELLED', 'Cancelled'],
] as const;

export function statusLabel(status: string): string {
  return SEGMENT_STAGES.find(([s]) => s === status)?.[1] ?? status;
}

export const DECISION_LABELS: Record<string, string> = {
  APPROVED: 'Approved (signed)',
  CHANGES_REQUESTED: 'Changes requested',
  REJECTED: 'Rejected',
  ACCEPTED: 'Video accepted (signed)',
  RERENDER_REQUESTED: 'Re-render requested',
};

const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language' });

/** "German (de)"; unknown codes are shown as they are. */
export function languageLabel(code: string): string {
  try {
    const name = LANGUAGES.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** Only http(s) links reach an href: a claim source is data, and `javascript:` must never become clickable. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** "42 %" from a 0–1 share. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}\u00a0%`;
}

/** Thousands separated with a thin space, as medical publications do: "1 840". */
export function count(n: number): string {
  return new Intl.NumberFormat('en-GB').format(Math.round(n)).replace(/,/g, '\u202f');
}

/** The review page of a segment; ids are path-encoded, whatever characters they hold. */
export function reviewPath(campaignId: string, segmentId: string): string {
  return `/review/${encodeURIComponent(campaignId)}/${encodeURIComponent(segmentId)}`;
}

/** The campaign page of the dashboard. */
export function campaignPath(campaignId: string): string {
  return `/campaigns/${encodeURIComponent(campaignId)}`;
}
