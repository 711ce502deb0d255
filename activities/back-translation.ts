// backTranslateScript: renders a drafted version in the languages its reviewers read, by a provider that did not
// draft it; stored per version and language with its drift findings, so the review page never waits for a provider.
import { claimSha256, listCampaignClaims } from '../db/campaign-repo.ts';
import { listBackTranslations, reviewerLocales, saveBackTranslation } from '../db/back-translation-repo.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import { backTranslationTargets } from '../review/reader-languages.ts';
import { sortFindings } from '../scripts/checks/findings.ts';
import { driftFindings } from '../scripts/translation/drift.ts';
import type { TranslationProvider } from '../scripts/translation/provider.ts';
import { layOut, sentencesToBackTranslate } from '../scripts/translation/side-by-side.ts';
import { isDraftingModel } from '../shared/back-translation.ts';
import { InputError, ProviderRejectedError } from '../shared/errors.ts';
import type { Claim, Script } from '../shared/types.ts';
import type { ActivityDeps } from './deps.ts';
import { keepAlive } from './keep-alive.ts';
import { rethrowHonouringRetryAfter } from './retry-after.ts';

export interface BackTranslateScriptInput {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
}

export interface BackTranslateScriptResult {
  /** Languages back-translated by this call (those done before are not repeated). */
  translated: string[];
  /** Languages the provider refused for good (stored as failed, shown so on the review page). */
  failed: string[];
  /** Why nothing was asked of a provider at all. */
  skipped?: 'no-provider' | 'no-foreign-reader';
}

export function createBackTranslationActivities({ pool, translationProvider }: ActivityDeps) {
  return {
    async backTranslateScript(input: BackTranslateScriptInput): Promise<BackTranslateScriptResult> {
      const { campaignId, segmentId, scriptSha256 } = input;
      const version = await getScriptVersion(pool, { campaignId, segmentId, sha256: scriptSha256 });
      if (!version) throw new InputError(`Script ${scriptSha256} of segment ${segmentId} is not stored.`);
      const { script } = version;
      const targets = backTranslationTargets(await reviewerLocales(pool)).filter((l) => l !== script.language);
      if (targets.length === 0) return { translated: [], failed: [], skipped: 'no-foreign-reader' };
      if (!translationProvider) {
        // Recorded, so the review page can say there is no provider rather than that the rendering is on its way.
        const none = { scriptSha256, provider: 'none', status: 'no-provider' as const, sentences: [], findings: [] };
        for (const language of targets) await saveBackTranslation(pool, { ...none, language });
        return { translated: [], failed: [], skipped: 'no-provider' };
      }
      const done = new Set(
        (await listBackTranslations(pool, scriptSha256)).filter((b) => b.status === 'done').map((b) => b.language),
      );
      const claims = await listCampaignClaims(pool, campaignId);
      const result: BackTranslateScriptResult = { translated: [], failed: [] };
      for (const language of targets.filter((l) => !done.has(l))) {
        const row = { scriptSha256, language, provider: translationProvider.name, model: translationProvider.model };
        // A version drafted by the very model configured to back-translate (the configuration changed since) gets
        // no rendering from it: the author checking itself is no check.
        if (isDraftingModel(translationProvider.model, version)) {
          const failure = `${version.model} drafted this version, so it cannot back-translate it.`;
          await saveBackTranslation(pool, { ...row, status: 'failed', sentences: [], findings: [], failure });
          result.failed.push(language);
          continue;
        }
        try {
          const sentences = await translateInto(translationProvider, script.language, language, {
            script,
            claims,
          });
          await saveBackTranslation(pool, { ...row, status: 'done', ...sentences });
          result.translated.push(language);
        } catch (error) {
          if (!(error instanceof ProviderRejectedError)) return rethrowHonouringRetryAfter(error);
          await saveBackTranslation(pool, {
            ...row,
            status: 'failed',
            sentences: [],
            findings: [],
            failure: error.message,
          });
          result.failed.push(language);
        }
      }
      return result;
    },
  };
}

/** Back-translates the sentences that say no approved claim wording, and finds where they drifted. */
async function translateInto(
  provider: TranslationProvider,
  from: string,
  to: string,
  { script, claims }: { script: Script; claims: Claim[] },
) {
  const positions = sentencesToBackTranslate(script, claims, to, claimSha256);
  const texts = positions.map((p) => p.text);
  const translations = await keepAlive(() => provider.translate({ texts, source: from, target: to }));
  const claimIds = claims.map((c) => c.id);
  const findings = positions.flatMap((p, k) => {
    const cited = script.scenes[p.scene]!.sentences[p.sentence]!.claimIds;
    return driftFindings({
      scene: p.scene,
      sentence: p.sentence,
      source: { text: p.text, lang: from },
      back: { text: translations[k]!, lang: to },
      claimIds,
      citedWordings: claims
        .filter((c) => cited.includes(c.id))
        .map((c) => c.text[to] ?? '')
        .filter(Boolean),
    });
  });
  return { sentences: layOut(script, positions, translations), findings: sortFindings(findings) };
}
