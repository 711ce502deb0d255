// Scene footage from a video provider: one generation per scene, each with its own generation key, budget
// reservation and ledger entry, run through the resumable poll loop in parallel.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseGenerationLedger } from '../../shared/generation.ts';
import { RenderError, VideoRejectedError } from '../../shared/errors.ts';
import { canonicalJson } from '../../shared/hash.ts';
import type { Scene, Script } from '../../shared/types.ts';
import { runJob, type JobHeartbeat } from './poll-loop.ts';
import { roundUpSeconds, type VideoJobRequest, type VideoProvider } from './provider.ts';

/**
 * Fixed framing for every scene prompt. Text is added in post-production from the signed script, so the model must
 * draw none (it would be unreviewed and often misspelt); the safety lines keep footage fit for a health agency.
 */
export const STYLE_PREAMBLE =
  'Calm, realistic, well-lit documentary-style footage for a public-health explainer video. ' +
  'Do not show any text, letters, numbers, captions, subtitles, signs, logos or watermarks in the picture. ' +
  'No recognisable real people or brands, no graphic medical detail, no needles entering skin, no distress; ' +
  'people of diverse ages and backgrounds, treated with respect.';

/** One scene's generation: its key in the ledger and what is asked of the provider. */
export interface ClipPlan {
  sceneIndex: number;
  key: string;
  request: VideoJobRequest;
}

/** The prompt for one scene: preamble, campaign topic, the scene's visual description, reviewers' notes. */
export function scenePrompt(scene: Scene, topic: string, notes: readonly string[] = []): string {
  const lines = [STYLE_PREAMBLE, `Topic: ${topic}.`, `Scene: ${scene.visual.trim()}`];
  if (notes.length > 0) lines.push(`Reviewer notes: ${notes.map((n) => n.trim()).join(' ')}`);
  return lines.join('\n');
}

/**
 * Plans one clip per scene. Seconds are the scene's planned duration clipped at the provider's longest clip and
 * rounded up to a duration it accepts; the key hashes everything that changes what is paid for and delivered.
 */
export function planClips(o: {
  campaignId: string;
  segmentId: string;
  script: Script;
  scriptSha256: string;
  provider: VideoProvider;
  topic: string;
  width: number;
  height: number;
  attempt?: number;
  notes?: readonly string[];
}): ClipPlan[] {
  const size = o.height > o.width ? '720x1280' : '1280x720';
  return o.script.scenes.map((scene, sceneIndex) => {
    const wanted = Math.min(scene.durationSeconds, o.provider.maxClipSeconds);
    const seconds = roundUpSeconds(wanted, o.provider.allowedSeconds);
    const request = { prompt: scenePrompt(scene, o.topic, o.notes), seconds, size, model: o.provider.model } as const;
    const key = createHash('sha256')
      .update(
        canonicalJson({
          // The campaign and segment are part of the key: budgets and ledger rows belong to one campaign.
          campaignId: o.campaignId,
          segmentId: o.segmentId,
          scriptSha256: o.scriptSha256,
          sceneIndex,
          provider: o.provider.name,
          ...request,
          ...((o.attempt ?? 1) > 1 ? { attempt: o.attempt } : {}),
        }),
      )
      .digest('hex');
    return { sceneIndex, key, request };
  });
}

/** What `generateClips` needs besides the plans. */
export interface GenerateClipsInput {
  plans: ClipPlan[];
  provider: VideoProvider;
  ledger: DatabaseGenerationLedger;
  campaignId: string;
  segmentId: string;
  /** Clips are kept here by key (`<key>.mp4`), so a later render reuses them without paying again. */
  clipDir: string;
  /** Called with every scene's latest job state whenever one changes. */
  heartbeat: (jobs: (JobHeartbeat & { scene: number })[]) => void;
  signal?: AbortSignal;
  backoffMs?: { initial: number; max: number };
}

/**
 * Reserves budget for every scene first (so a budget too small fails before anything is paid), then runs the jobs
 * in parallel and returns the clip paths in scene order. A refusal marks its entry failed (releasing its budget)
 * and stops the other scenes' polling; their jobs stay recorded and are resumed by the next attempt.
 * @throws BudgetExceededError, VideoRejectedError (non-retryable) or the provider's retryable errors.
 */
export async function generateClips(input: GenerateClipsInput): Promise<string[]> {
  const { plans, provider, ledger } = input;
  try {
    for (const plan of plans) {
      await ledger.reserve({
        key: plan.key,
        campaignId: input.campaignId,
        segmentId: input.segmentId,
        provider: provider.name,
        model: provider.model,
        seconds: plan.request.seconds,
      });
    }
  } catch (error) {
    // Nothing was submitted: give back what this attempt held, so a failed render does not shrink the budget.
    for (const plan of plans) await ledger.release(plan.key, String(error));
    throw error;
  }
  await mkdir(input.clipDir, { recursive: true });
  const stop = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, stop.signal]) : stop.signal;
  const states: (JobHeartbeat & { scene: number })[] = [];
  const sleep = (ms: number, s?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(s?.reason);
      };
      const timer = setTimeout(() => {
        s?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      s?.addEventListener('abort', onAbort, { once: true });
    });

  const one = async (plan: ClipPlan): Promise<string> => {
    const destPath = join(input.clipDir, `${plan.key}.mp4`);
    try {
      await runJob({
        provider,
        request: plan.request,
        key: plan.key,
        ledger,
        destPath,
        signal,
        sleep,
        heartbeat: (details) => {
          states[plan.sceneIndex] = { ...details, scene: plan.sceneIndex + 1 };
          input.heartbeat(states.filter(Boolean));
        },
        ...(input.backoffMs ? { backoffMs: input.backoffMs } : {}),
      });
      // A completed entry whose file is gone (asset store cleared): fetch the paid clip again, never regenerate.
      if (!existsSync(destPath)) await redownload(provider, ledger, plan.key, destPath, signal);
      return destPath;
    } catch (error) {
      // A scene stopped because another failed keeps its recorded job, to be resumed by the next attempt.
      if (!signal.aborted) {
        if (error instanceof VideoRejectedError) await ledger.fail(plan.key, error.reason);
        stop.abort(error);
      }
      throw error;
    }
  };
  const results = await Promise.allSettled(plans.map(one));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  // The first failure is the cause; the others were stopped because of it.
  if (failed) throw stop.signal.aborted && !input.signal?.aborted ? stop.signal.reason : failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<string>).value);
}

async function redownload(
  provider: VideoProvider,
  ledger: DatabaseGenerationLedger,
  key: string,
  destPath: string,
  signal: AbortSignal,
): Promise<void> {
  const entry = await ledger.get(key);
  if (!entry?.jobId) {
    throw new RenderError(
      `Generation ${key} is completed but its clip and job id are missing; restore ${destPath} from a backup.`,
    );
  }
  const part = `${destPath}.part`;
  try {
    await provider.download(entry.jobId, part, { signal });
    await rename(part, destPath);
  } finally {
    await rm(part, { force: true });
  }
}
