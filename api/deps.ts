// What the HTTP app needs, passed in by the server entry point (or a test): the services' clients and its own.
import type { KeyObject } from 'node:crypto';
import type { PayloadCodec } from '@temporalio/common';
import type { ServiceDeps } from '../services/deps.ts';
import type { ProxyTrust } from './session.ts';
import type { AssetStore } from '../storage/asset-store.ts';
import { createLocalAssetStore } from '../storage/local-store.ts';

export interface AppDeps extends ServiceDeps {
  /** The local asset directory served under /assets, unless `assets` is given. */
  outDir: string;
  /** Where assets are kept (KLARTEXT_ASSET_STORE); absent, the local directory `outDir`. */
  assets?: AssetStore;
  /** Public key of the provenance signing key; the provenance routes are mounted only when given. */
  provenanceKey?: KeyObject;
  /**
   * Public keys of retired signing keys (KLARTEXT_SIGNING_RETIRED_KEYS_FILE): still served in the key set and trusted
   * for the manifests they signed, so videos published before a key rotation still verify.
   */
  retiredProvenanceKeys?: readonly KeyObject[];
  /** Lets channel tests reach plain-http loopback receivers (development and the demo only). */
  allowHttpLoopback?: boolean;
  /** Respondent uploads beyond this many bytes are refused (KLARTEXT_MAX_UPLOAD_BYTES; default 1 GiB). */
  maxUploadBytes?: number;
  /** Where folder channels may write (KLARTEXT_FOLDER_CHANNEL_ROOTS); the asset store root when not given. */
  folderChannelRoots?: string[];
  /** The Temporal payload codec; with it the codec endpoint (`/codec/encode`, `/codec/decode`) is served. */
  payloadCodec?: PayloadCodec;
  /** The Temporal Web UI's origin (KLARTEXT_TEMPORAL_UI_ORIGIN), which may call the codec endpoint cross-origin. */
  temporalUiOrigin?: string;
  /** Whether TLS ends at a proxy in front (KLARTEXT_TRUST_PROXY, KLARTEXT_PUBLIC_URL): cookies are Secure then. */
  proxy?: ProxyTrust;
}

/** The app's asset store: the one given, else the local directory `outDir`. */
export function appAssetStore(deps: Pick<AppDeps, 'assets' | 'outDir'>): AssetStore {
  return deps.assets ?? createLocalAssetStore(deps.outDir);
}
