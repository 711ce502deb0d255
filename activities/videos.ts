// renderVideo and writeManifest: the approved script becomes an MP4 with captions and a provenance manifest.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Context, heartbeat } from '@temporalio/activity';
import { claimSha256, getCampaign, listCampaignClaims } from '../db/campaign-repo.ts';
import { createGenerationLedger } from '../db/generation-repo.ts';
import { recordProvenance } from '../db/provenance-repo.ts';
import { listSignatures } from '../db/signature-repo.ts';
import { listVideoReviews } from '../db/video-review-repo.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import { listCampaignChannels } from '../db/channel-repo.ts';
import { findVideo, saveVideo, setVideoManifest, type StoredRendition, type VideoRecord } from '../db/video-repo.ts';
import { distinctRenditions, isMainVideo, renditionSpec } from '../shared/renditions.ts';
import { canonicalJson } from '../shared/hash.ts';
import { scriptClaimIds } from '../shared/text.ts';
import { InputError } from '../shared/errors.ts';
import type { NarrationInfo } from '../shared/narration.ts';
import type { RecordedDecision } from '../review/sign-off.ts';
import type { ActivityDeps } from './deps.ts';
import { ffmpegInfo, resolveFfmpeg } from '../video/render/ffmpeg.ts';
import { resolveFontFamily } from '../video/render/font-families.ts';
import { renderLocalVideo } from '../video/render/local-renderer.ts';
import { checkAddress } from '../video/render/qr.ts';
import { DIGITAL_SOURCE_TYPES } from '../video/render/metadata.ts';
import { createTts } from '../video/render/tts.ts';
import { withLexicon } from '../video/voices/lexicon.ts';
import { sha256File, writeFileAtomically } from '../video/render/files.ts';
import { MANIFEST_FILE } from '../video/render/manifest.ts';
import { buildProvenanceContent } from '../video/provenance/content.ts';
import { signManifest } from '../video/provenance/manifest.ts';
import { embedContentCredentials, KLARTEXT_VERSION, readContentCredentials } from '../video/provenance/c2pa.ts';
import type { ManifestContentCredentials } from '../shared/manifest.ts';
import { generateClips, planClips } from '../video/providers/generate-clips.ts';
import { segmentKey, withLocalCopy, type AssetStore } from '../storage/asset-store.ts';
import { assetStoreOf } from './deps.ts';

// Bump when the local renderer's output changes, so the ledger renders anew instead of reusing old videos.
const LOCAL_RENDERER_VERSION = 'local-4';
// Likewise for post-production over provider footage.
const FOOTAGE_RENDERER_VERSION = 'footage-3';
// And for the Content Credentials embedded after rendering: videos made without (or with older ones) render anew.
const CONTENT_CREDENTIALS_VERSION = 'c2pa-1';
/** Files written beside every video (captions, audio description, descriptive transcripts). */
const COMPANION_FILES = ['captions.vtt', 'descriptions.vtt', 'transcript.html', 'transcript.txt'] as const;

/**
 * IPTC digital source type: a script written by a model makes the video `trainedAlgorithmicMedia`; the local
 * composer's template script rendered as slides is `algorithmicMedia` (no trained model involved).
 */
function digitalSourceTypeFor(scriptProvider: string): string {
  return scriptProvider === 'local'
    ? DIGITAL_SOURCE_TYPES.algorithmicMedia
    : DIGITAL_SOURCE_TYPES.trainedAlgorithmicMedia;
}

export interface RenderVideoInput {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
  /** 1 for the first render; a higher attempt (a re-render asked for in video review) makes a new video. */
  attempt?: number;
  /** Reviewers' comments on an earlier render; model providers get them in the scene prompts. */
  notes?: string[];
}

export interface RenderVideoResult {
  generationKey: string;
  videoSha256: string;
  durationSeconds: number;
  /** What spoke the narration; absent for videos rendered before it was recorded. */
  narration?: NarrationInfo;
}

export function createVideoActivities(deps: ActivityDeps) {
  const { pool, signingKey, videoProvider, tts: configured } = deps;
  const assets = assetStoreOf(deps);
  // Renders are written here: the asset directory itself when local, this machine's scratch when the store is remote.
  const segmentDir = (campaignId: string, segmentId: string) => join(assets.stagingDir, campaignId, segmentId);
  const ledger = createGenerationLedger(pool);
  const tts = configured ?? createTts();
  return {
    async renderVideo(input: RenderVideoInput): Promise<RenderVideoResult> {
      const { campaignId, segmentId, scriptSha256 } = input;
      const version = await getScriptVersion(pool, { campaignId, segmentId, sha256: scriptSha256 });
      const campaign = await getCampaign(pool, campaignId);
      if (!version || !campaign) throw new InputError(`Script ${scriptSha256} or its campaign is missing.`);
      const { width, height } = campaign.brief.video;
      const notes = input.notes?.filter((n) => n.trim()) ?? [];
      const attempt = input.attempt ?? 1;
      const plans =
        videoProvider &&
        planClips({
          campaignId,
          segmentId,
          script: version.script,
          scriptSha256,
          provider: videoProvider,
          topic: campaign.brief.topic,
          width,
          height,
          attempt,
          notes,
        });
      // Every rendition the campaign or one of its channels takes, each rendered once; those equal to the main video
      // (same size, no burned-in captions) are the main video's file.
      const main = { width, height };
      const wanted = distinctRenditions(
        campaign.brief.video.renditions,
        ...(await listCampaignChannels(pool, campaignId)).map((ch) => ch.renditions),
      ).map((id) => renditionSpec(id, main));
      const toRender = wanted.filter((spec) => !isMainVideo(spec, main));
      const digitalSourceType = videoProvider
        ? DIGITAL_SOURCE_TYPES.trainedAlgorithmicMedia
        : digitalSourceTypeFor(version.provider);
      // The narration engine is part of the key: a render by another engine (or a silent one) is not reused.
      // So are the voice, its model and the lexicon, provider, model and clip keys: a change renders anew.
      const voice = withLexicon(tts, campaign.brief.lexicon);
      const voiceKey = voice.keyFor?.(version.script.language);
      // The end card shows the public check page's address and its QR code: a new address renders anew.
      const checkUrl = checkAddress(deps.publicBaseUrl);
      const settings = {
        renderer: videoProvider ? FOOTAGE_RENDERER_VERSION : LOCAL_RENDERER_VERSION,
        width,
        height,
        branding: campaign.brief.branding,
        checkUrl,
        narration: tts.engine,
        ...(voiceKey && Object.keys(voiceKey).length > 0 ? { voice: voiceKey } : {}),
        digitalSourceType,
        ...(videoProvider && plans
          ? { videoProvider: videoProvider.name, videoModel: videoProvider.model, clipKeys: plans.map((p) => p.key) }
          : {}),
        ...(attempt > 1 ? { attempt } : {}),
        ...(toRender.length > 0 ? { renditions: toRender.map((r) => r.id) } : {}),
        ...(deps.contentCredentials ? { contentCredentials: CONTENT_CREDENTIALS_VERSION } : {}),
        ...(notes.length > 0 ? { notes } : {}),
      };
      const generationKey = createHash('sha256')
        .update(canonicalJson({ campaignId, segmentId, scriptSha256, ...settings }))
        .digest('hex');
      // The ledger makes a retried or replayed render free: a finished video whose file the store holds (with the
      // recorded hash, where the store records one) is reused, never made twice.
      const existing = await findVideo(pool, generationKey);
      if (existing && (await isStored(assets, existing))) return toResult(existing);

      const context = Context.current();
      const ffmpeg = resolveFfmpeg();
      let details: Record<string, unknown> = { generationKey };
      const beat = setInterval(() => heartbeat(details), 5_000);
      try {
        const sceneClips =
          videoProvider && plans
            ? await generateClips({
                plans,
                provider: videoProvider,
                ledger,
                campaignId,
                segmentId,
                clipDir: join(segmentDir(campaignId, segmentId), 'clips'),
                signal: context.cancellationSignal,
                heartbeat: (jobs) => {
                  details = { generationKey, jobs };
                  heartbeat(details);
                },
              })
            : undefined;
        const rendered = await renderLocalVideo({
          script: version.script,
          branding: campaign.brief.branding,
          width,
          height,
          outDir: segmentDir(campaignId, segmentId),
          ffmpeg: ffmpeg.ffmpeg,
          fontFile: resolveFontFamily(campaign.brief.branding.font).regular,
          boldFontFile: resolveFontFamily(campaign.brief.branding.font).bold,
          tts: voice,
          digitalSourceType,
          checkUrl,
          campaignId,
          segmentId,
          signal: context.cancellationSignal,
          ...(toRender.length > 0 ? { renditions: toRender } : {}),
          ...(sceneClips && videoProvider
            ? { sceneClips, generator: `${videoProvider.name}/${videoProvider.model}` }
            : {}),
        });
        // The credentials change the file: everything after this (reviews, manifest, channels) signs the new hash.
        const embed = async (videoPath: string, sha256: string) =>
          deps.contentCredentials
            ? await embedContentCredentials({
                videoPath,
                credentials: deps.contentCredentials,
                digitalSourceType,
                title: campaign.brief.titles?.[version.script.language] ?? campaign.brief.title,
                campaignId,
                segmentId,
                agency: campaign.brief.agency,
                scriptSha256,
                manifestUrl: `${deps.publicBaseUrl.replace(/\/+$/, '')}/api/provenance/{sha256}`,
                generator: { name: 'klartext', version: KLARTEXT_VERSION },
              })
            : sha256;
        const videoSha256 = await embed(rendered.videoPath, rendered.sha256);
        const key = (path: string) => segmentKey(campaignId, segmentId, basename(path));
        const renditions: StoredRendition[] = [];
        for (const spec of wanted) {
          const own = rendered.renditions.find((r) => r.id === spec.id);
          const path = own?.path ?? rendered.videoPath;
          const sha256 = own ? await embed(own.path, own.sha256) : videoSha256;
          const { id, width: w, height: h, openCaptions } = spec;
          const sizeBytes = (await stat(path)).size;
          const file = basename(path);
          renditions.push({
            id,
            width: w,
            height: h,
            openCaptions,
            file,
            path: assets.locationOf(key(path)),
            sha256,
            sizeBytes,
          });
          if (own) await assets.put(key(path), path, { sha256 });
        }
        // Companions and renditions first, the main video last, the ledger row after all: a reader never finds a
        // video whose companions are missing, and a render killed half-way is rendered again, not half reused.
        const dir = segmentDir(campaignId, segmentId);
        for (const name of COMPANION_FILES) {
          if (existsSync(join(dir, name))) await assets.put(key(name), join(dir, name));
        }
        await assets.put(key(rendered.videoPath), rendered.videoPath, { sha256: videoSha256 });
        const saved = await saveVideo(pool, {
          campaignId,
          segmentId,
          generationKey,
          scriptSha256,
          videoPath: assets.locationOf(key(rendered.videoPath)),
          videoSha256,
          durationSeconds: rendered.durationSeconds,
          captionsPath: assets.locationOf(key(rendered.captionsPath)),
          narration: rendered.narration,
          ffmpeg: ffmpegInfo(ffmpeg),
          ...(renditions.length > 0 ? { renditions } : {}),
          ...(videoProvider ? { videoProvider: videoProvider.name, videoModel: videoProvider.model } : {}),
        });
        await clearStaging(assets, dir, [rendered.videoPath, ...rendered.renditions.map((r) => r.path)]);
        return toResult(saved);
      } finally {
        clearInterval(beat);
      }
    },

    async writeManifest(input: {
      campaignId: string;
      segmentId: string;
      generationKey: string;
      approvals: RecordedDecision[];
    }): Promise<{ path: string; sha256: string }> {
      const video = await findVideo(pool, input.generationKey);
      const version = video && (await getScriptVersion(pool, { ...input, sha256: video.scriptSha256 }));
      if (!video || !version) throw new InputError(`No rendered video for ${input.generationKey}.`);
      // The signatures table is the record of who signed what; the workflow's approvals must all be in it.
      const signatures = await listSignatures(pool, input.campaignId, input.segmentId);
      const key = (file: string) => segmentKey(input.campaignId, input.segmentId, file);
      const videoKey = key(basename(video.videoPath));
      const stored = await assets.head(videoKey);
      if (!stored) throw new InputError(`The video of ${input.generationKey} is missing from ${assets.description}.`);
      const content = buildProvenanceContent({
        campaignId: input.campaignId,
        segmentId: input.segmentId,
        video: {
          sha256: video.videoSha256,
          sizeBytes: stored.size,
          durationSeconds: video.durationSeconds,
        },
        scriptSha256: video.scriptSha256,
        citedClaimIds: scriptClaimIds(version.script),
        claims: (await listCampaignClaims(pool, input.campaignId)).map((c) => ({ ...c, sha256: claimSha256(c) })),
        signatures,
        generator: {
          renderer: video.videoProvider ? 'footage' : 'local',
          ...(video.videoProvider ? { videoProvider: video.videoProvider } : {}),
          ...(video.videoModel ? { videoModel: video.videoModel } : {}),
          scriptProvider: version.provider,
          ...(version.model ? { scriptModel: version.model } : {}),
          ...(video.ffmpeg ? { ffmpeg: video.ffmpeg } : {}),
        },
        files: await companionHashes(assets, key),
        videoAcceptances: await listVideoReviews(pool, input.campaignId, input.segmentId),
        ...(video.narration ? { narration: video.narration } : {}),
        ...(await withLocalCopy(assets, videoKey, async (path) => (path ? recordedCredentials(path) : {}))),
        ...(video.renditions?.length
          ? { renditions: video.renditions.map(({ path: _path, ...rendition }) => rendition) }
          : {}),
        digitalSourceType: video.videoProvider
          ? DIGITAL_SOURCE_TYPES.trainedAlgorithmicMedia
          : digitalSourceTypeFor(version.provider),
        createdAt: new Date().toISOString(),
      });
      const manifest = signManifest(content, signingKey);
      // Database first, then the file: a retried activity re-signs and both end up the same.
      await recordProvenance(pool, { ...input, videoSha256: video.videoSha256, manifest });
      const staged = join(segmentDir(input.campaignId, input.segmentId), MANIFEST_FILE);
      await mkdir(dirname(staged), { recursive: true });
      const sha256 = await writeFileAtomically(staged, `${JSON.stringify(manifest, null, 2)}\n`);
      await assets.put(key(MANIFEST_FILE), staged, { sha256 });
      await clearStaging(assets, dirname(staged), []);
      const path = assets.locationOf(key(MANIFEST_FILE));
      await setVideoManifest(pool, input.generationKey, path, sha256);
      return { path, sha256 };
    },
  };
}

function toResult(v: VideoRecord): RenderVideoResult {
  return {
    generationKey: v.generationKey,
    videoSha256: v.videoSha256,
    durationSeconds: v.durationSeconds,
    ...(v.narration ? { narration: v.narration } : {}),
  };
}

/** The Content Credentials embedded in the video, as the signed manifest states them: only intact ones. */
async function recordedCredentials(videoPath: string): Promise<{ contentCredentials?: ManifestContentCredentials }> {
  const cc = await readContentCredentials(videoPath);
  if (!cc.present || !cc.valid) return {};
  return {
    contentCredentials: {
      signer: cc.signer ?? 'unnamed',
      ...(cc.issuer ? { issuer: cc.issuer } : {}),
      development: cc.klartext?.developmentCertificate === true,
      aiGenerated: cc.aiGenerated,
      ...(cc.digitalSourceType ? { digitalSourceType: cc.digitalSourceType } : {}),
    },
  };
}

/** The accessibility files beside a video, as signed in its manifest: SHA-256 of each one present. */
async function companionHashes(
  assets: AssetStore,
  key: (file: string) => string,
): Promise<Record<string, { sha256: string }>> {
  const hashes: Record<string, { sha256: string }> = {};
  for (const name of COMPANION_FILES) {
    const stored = await assets.head(key(name));
    if (!stored) continue;
    // A remote store keeps each object's SHA-256 with it; a local file is hashed where it lies.
    const sha256 = stored.sha256 ?? (await withLocalCopy(assets, key(name), (path) => sha256File(path!)));
    hashes[name] = { sha256 };
  }
  return hashes;
}

/** Whether the store holds the recorded video (with the recorded SHA-256, where the store keeps one). */
async function isStored(assets: AssetStore, video: VideoRecord): Promise<boolean> {
  const stored = await assets.head(segmentKey(video.campaignId, video.segmentId, basename(video.videoPath)));
  return stored !== undefined && (stored.sha256 === undefined || stored.sha256 === video.videoSha256);
}

/** Removes uploaded files from a remote store's scratch directory (provider clips stay for a retried render). */
async function clearStaging(assets: AssetStore, dir: string, files: string[]): Promise<void> {
  if (assets.kind === 'local') return;
  const names = [...files.map((f) => basename(f)), ...COMPANION_FILES, MANIFEST_FILE];
  for (const name of new Set(names)) await rm(join(dir, name), { force: true });
}
