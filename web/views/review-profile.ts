// The audience a script speaks to: segment facts and, for survey segments, the aggregate profile and message strategy.
import { html } from 'hono/html';
import type { ScriptView } from '../../services/script-view.ts';
import { DEFAULT_LOCALE, translator, type Locale } from '../i18n.ts';
import { REVIEW, type ReviewKey } from '../i18n/review.ts';
import { count, languageLabel, percent, readingLevelLabel } from './format.ts';
import type { Html } from './layout.ts';

type T = (key: ReviewKey, vars?: Record<string, string | number>) => string;

interface StrategyConcern {
  id: string;
  label: string;
  share: number;
  fiveC: string | null;
  approach: string;
}

/** What a survey segment's stored profile holds (see segments/segment-output.ts); read defensively, it is JSON. */
interface SurveyProfile {
  dimensions: [string, string][];
  population?: number;
  shares: { label: string; share: number }[];
  strategy?: { concerns: StrategyConcern[]; tone?: string; format?: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readProfile(profile: unknown): SurveyProfile | undefined {
  if (!isRecord(profile)) return undefined;
  const dims = isRecord(profile.dimensions) ? profile.dimensions : {};
  const dimensions = Object.entries(dims).filter((e): e is [string, string] => typeof e[1] === 'string');
  const shares = Object.values(isRecord(profile.concerns) ? profile.concerns : {})
    .filter(isRecord)
    .flatMap((c) => (typeof c.share === 'number' ? [{ label: String(c.label ?? ''), share: c.share }] : []))
    .sort((a, b) => b.share - a.share)
    .slice(0, 5);
  const s = isRecord(profile.strategy) ? profile.strategy : undefined;
  const strategy = s && {
    concerns: (Array.isArray(s.concerns) ? s.concerns : []).filter(isRecord).map((c) => ({
      id: String(c.id ?? ''),
      label: String(c.label ?? c.id ?? ''),
      share: typeof c.share === 'number' ? c.share : 0,
      fiveC: typeof c.fiveC === 'string' ? c.fiveC : null,
      approach: String(c.approach ?? ''),
    })),
    tone: typeof s.tone === 'string' ? s.tone : undefined,
    format: typeof s.format === 'string' ? s.format : undefined,
  };
  const population = typeof profile.population === 'number' ? profile.population : undefined;
  return { dimensions, population, shares, strategy };
}

const FIVE_C = ['confidence', 'complacency', 'constraints', 'calculation', 'collectiveResponsibility'] as const;

const fiveCLabel = (d: string | null, t: T) => {
  if (d === null) return t('strategy.notMapped');
  const known = FIVE_C.find((c) => c === d);
  return known ? t(`fiveC.${known}`) : d;
};

const fact = (label: string, value: Html | string) =>
  html`<div>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;

function strategyBlock(strategy: NonNullable<SurveyProfile['strategy']>, t: T): Html {
  return html`<div class="strategy">
    <h3>${t('strategy.heading')}</h3>
    <dl class="facts-table">
      ${strategy.tone ? fact(t('strategy.tone'), strategy.tone) : ''}
      ${strategy.format ? fact(t('strategy.format'), strategy.format) : ''}
    </dl>
    <table class="data compact">
      <caption>
        ${t('strategy.caption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('strategy.concern')}</th>
          <th scope="col" class="num">${t('strategy.share')}</th>
          <th scope="col">${t('strategy.fiveC')}</th>
          <th scope="col">${t('strategy.approach')}</th>
        </tr>
      </thead>
      <tbody>
        ${strategy.concerns.map(
          (c) =>
            html`<tr>
              <th scope="row">${c.label}</th>
              <td class="num">${percent(c.share)}</td>
              <td>${fiveCLabel(c.fiveC, t)}</td>
              <td>${c.approach}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The "Audience" section of the review page: facts on the left, the message strategy beside them. */
export function profileSection(segment: NonNullable<ScriptView['segment']>, locale: Locale = DEFAULT_LOCALE): Html {
  const t = translator(REVIEW, locale);
  const survey = readProfile(segment.profile);
  const strategy = survey?.strategy && survey.strategy.concerns.length > 0 ? survey.strategy : undefined;
  return html`<section class="panel audience" id="audience" aria-labelledby="audience-h">
    <h2 id="audience-h">${t('profile.heading')}</h2>
    <div class="${strategy ? 'audience-grid' : ''}">
      <dl class="facts-table">
        ${fact(
          t('profile.size'),
          survey ? t('profile.respondents', { n: count(segment.size, locale) }) : count(segment.size, locale),
        )}
        ${survey?.population !== undefined ? fact(t('profile.population'), count(survey.population, locale)) : ''}
        ${fact(t('profile.language'), languageLabel(segment.language, locale))}
        ${fact(t('profile.readingLevel'), readingLevelLabel(segment.readingLevel, locale))}
        ${fact(t('profile.concerns'), segment.concerns.join(', ') || '—')}
        ${
          survey && survey.dimensions.length > 0
            ? fact(
                t('profile.dimensions'),
                html`${survey.dimensions.map(([k, v], i) => html`${i > 0 ? '; ' : ''}${k}: ${v}`)}`,
              )
            : ''
        }
        ${
          survey && survey.shares.length > 0
            ? fact(
                t('profile.topConcerns'),
                html`${survey.shares.map((x, i) => html`${i > 0 ? '; ' : ''}${x.label} ${percent(x.share)}`)}`,
              )
            : ''
        }
      </dl>
      ${strategy ? strategyBlock(strategy, t) : ''}
    </div>
  </section>`;
}
