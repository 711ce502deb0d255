// Labels shared by every workspace page, in German and English: segment stages, decisions, roles, waiting times.
import type { Catalog } from '../i18n.ts';

const en = {
  'stage.PENDING': 'Pending',
  'stage.DRAFTING': 'Drafting',
  'stage.IN_REVIEW': 'In review',
  'stage.RENDERING': 'Rendering',
  'stage.VIDEO_REVIEW': 'Video check',
  'stage.PUBLISHING': 'Publishing',
  'stage.PUBLISHED': 'Published',
  'stage.REJECTED': 'Rejected',
  'stage.EXPIRED': 'Expired',
  'stage.FAILED': 'Failed',
  'stage.CANCELLED': 'Cancelled',
  'decision.APPROVED': 'Approved (signed)',
  'decision.CHANGES_REQUESTED': 'Changes requested',
  'decision.REJECTED': 'Rejected',
  'decision.ACCEPTED': 'Video accepted (signed)',
  'decision.RERENDER_REQUESTED': 'Re-render requested',
  'role.campaign_manager': 'Campaign manager',
  'role.medical_reviewer': 'Medical reviewer',
  'role.lead_reviewer': 'Lead reviewer',
  'role.admin': 'Administrator',
  'role.channel': 'Channel',
  'campaign.RUNNING': 'running',
  'campaign.PAUSED': 'paused',
  'campaign.COMPLETED': 'completed',
  'campaign.CANCELLED': 'cancelled',
  'campaign.FAILED': 'failed',
  'wait.lessThanMinute': '< 1 min',
  'wait.minutes': '{n} min',
  'wait.hours': '{n} h',
  'wait.days': '{n} days',
} as const;

type Key = keyof typeof en;

/** The labels; German uses the terms of German clinical review practice. */
export const LABELS: Catalog<Key> = {
  en,
  de: {
    'stage.PENDING': 'Wartend',
    'stage.DRAFTING': 'Entwurf',
    'stage.IN_REVIEW': 'In Prüfung',
    'stage.RENDERING': 'Rendern',
    'stage.VIDEO_REVIEW': 'Videoprüfung',
    'stage.PUBLISHING': 'Veröffentlichung',
    'stage.PUBLISHED': 'Veröffentlicht',
    'stage.REJECTED': 'Abgelehnt',
    'stage.EXPIRED': 'Abgelaufen',
    'stage.FAILED': 'Fehlgeschlagen',
    'stage.CANCELLED': 'Abgebrochen',
    'decision.APPROVED': 'Freigegeben (signiert)',
    'decision.CHANGES_REQUESTED': 'Änderungen angefordert',
    'decision.REJECTED': 'Abgelehnt',
    'decision.ACCEPTED': 'Video angenommen (signiert)',
    'decision.RERENDER_REQUESTED': 'Neues Rendern angefordert',
    'role.campaign_manager': 'Kampagnenleitung',
    'role.medical_reviewer': 'Medizinische Prüfung',
    'role.lead_reviewer': 'Leitende Prüfung',
    'role.admin': 'Administration',
    'role.channel': 'Kanal',
    'campaign.RUNNING': 'läuft',
    'campaign.PAUSED': 'pausiert',
    'campaign.COMPLETED': 'abgeschlossen',
    'campaign.CANCELLED': 'abgebrochen',
    'campaign.FAILED': 'fehlgeschlagen',
    'wait.lessThanMinute': '< 1 Min.',
    'wait.minutes': '{n} Min.',
    'wait.hours': '{n} Std.',
    'wait.days': '{n} Tage',
  },
};

/** Whether `key` names a label, so data from the database (a status, a decision) can be looked up safely. */
export const isLabelKey = (key: string): key is Key => Object.hasOwn(en, key);
