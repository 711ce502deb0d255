// The asset store a process uses, from configuration: the local directory, or an S3-compatible bucket.
import { join } from 'node:path';
import type { AssetStoreConfig } from '../config/config.ts';
import type { AssetStore } from './asset-store.ts';
import { createLocalAssetStore } from './local-store.ts';
import { createS3AssetStore } from './s3-store.ts';

export type { AssetStore } from './asset-store.ts';
export { createLocalAssetStore } from './local-store.ts';

/** Builds the configured store; S3 renders are staged under `<dataDir>/scratch` before their upload. */
export function createAssetStore(config: { assets: AssetStoreConfig; outDir: string; dataDir: string }): AssetStore {
  const { assets } = config;
  if (assets.kind === 'local') return createLocalAssetStore(config.outDir);
  return createS3AssetStore({ ...assets, stagingDir: join(config.dataDir, 'scratch') });
}
