// What activities need from the outside world, built once by the worker's composition root.
import type { Pool } from '../db/pool.ts';
import type { SecretBox } from '../db/secrets.ts';
import type { ScriptProvider } from '../scripts/providers/provider.ts';
import type { TranslationProvider } from '../scripts/translation/provider.ts';
import type { C2paCredentials } from '../video/provenance/c2pa-cert.ts';
import type { SigningKey } from '../video/provenance/keys.ts';
import type { Tts } from '../video/render/tts.ts';
import type { VideoProvider } from '../video/providers/provider.ts';
import type { AssetStore } from '../storage/asset-store.ts';
import { createLocalAssetStore } from '../storage/local-store.ts';

export interface ActivityDeps {
  pool: Pool;
  /** The local asset directory: artefacts go to `<outDir>/<campaignId>/<segmentId>/` unless `assets` is given. */
  outDir: string;
  /** Where assets are kept (storage/): absent, the local directory `outDir`. */
  assets?: AssetStore;
  /** How long asset links in deliveries stay valid, in seconds (default 7 days). */
  assetLinkSeconds?: number;
  /** Base URL under which the API serves assets, put into webhook payloads. */
  publicBaseUrl: string;
  /** Allow plain-http webhooks to loopback receivers (development and the demo only). */
  allowHttpLoopback: boolean;
  /** Directories folder channels may write under (`KLARTEXT_FOLDER_CHANNEL_ROOTS`); checked again at every delivery. */
  folderChannelRoots?: readonly string[];
  /** Writes scripts: the local composer by default, or a model provider. */
  scriptProvider: ScriptProvider;
  /** Back-translates scripts for reviewers who do not read their language (never the drafting model); absent: none. */
  translationProvider?: TranslationProvider;
  /** Generates scene footage (`openai-videos`, `veo`); absent: the local ffmpeg renderer draws slides. */
  videoProvider?: VideoProvider;
  /** Narrates local renders (`createTts` from KLARTEXT_NARRATION); default: the system espeak-ng, else the npm build. */
  tts?: Tts;
  /** Signs provenance manifests (Ed25519). */
  signingKey: SigningKey;
  /** Signs the Content Credentials (C2PA) embedded in every video; absent: videos carry none (tests only). */
  contentCredentials?: C2paCredentials;
  /** Decrypts channel secrets stored in the database (required to deliver to channels with secrets). */
  secrets?: SecretBox;
  /** Told each delivery's outcome by channel kind (the worker's `klartext_deliveries_total`); absent, nobody is. */
  onDelivery?: (channelKind: string, outcome: DeliveryOutcome) => void;
  /**
   * Told how long a script version or a render waited for each reviewer's decision on it, once per decision recorded
   * (the worker's `klartext_review_wait_seconds`); absent, nobody is.
   */
  onReviewDecision?: (subject: 'script' | 'video', decision: string, waitSeconds: number) => void;
}

/** How one deliverToChannel attempt ended: `retry` when Temporal will try again. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'disabled' | 'not-routed' | 'retry';

/** The activities' asset store: the one given, else the local directory `outDir`. */
export function assetStoreOf(deps: Pick<ActivityDeps, 'assets' | 'outDir'>): AssetStore {
  return deps.assets ?? createLocalAssetStore(deps.outDir);
}
