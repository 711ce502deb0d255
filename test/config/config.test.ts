import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/errors.ts';
import { loadConfig } from '../../config/config.ts';

describe('loadConfig', () => {
  it('reads KLARTEXT_NARRATION, auto by default', () => {
    expect(loadConfig({}).narration).toBe('auto');
    expect(loadConfig({ KLARTEXT_NARRATION: 'npm' }).narration).toBe('npm');
    expect(loadConfig({ KLARTEXT_NARRATION: 'silent' }).narration).toBe('silent');
  });

  it('refuses an unknown narration mode, naming the variable', () => {
    expect(() => loadConfig({ KLARTEXT_NARRATION: 'quiet' })).toThrow(ConfigError);
    expect(() => loadConfig({ KLARTEXT_NARRATION: 'quiet' })).toThrow(/KLARTEXT_NARRATION/);
  });
});

describe('asset store configuration', () => {
  it('keeps assets in KLARTEXT_OUT_DIR by default, with 7-day links', () => {
    const config = loadConfig({}, '/srv/klartext');
    expect(config.assets).toEqual({ kind: 'local' });
    expect(config.outDir).toBe('/srv/klartext/out');
    expect(config.assetLinkSeconds).toBe(604_800);
  });

  it('reads an S3 bucket with a key prefix, endpoint, path-style addressing and link lifetime', () => {
    const config = loadConfig({
      KLARTEXT_ASSET_STORE: 's3://klartext-assets/agency-a/prod',
      KLARTEXT_S3_ENDPOINT: 'http://127.0.0.1:9000',
      KLARTEXT_S3_FORCE_PATH_STYLE: 'true',
      KLARTEXT_ASSET_LINK_SECONDS: '3600',
    });
    expect(config.assets).toEqual({
      kind: 's3',
      bucket: 'klartext-assets',
      prefix: 'agency-a/prod',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
    });
    expect(config.assetLinkSeconds).toBe(3600);
    expect(loadConfig({ KLARTEXT_ASSET_STORE: 's3://b-1', AWS_REGION: 'eu-west-3' }).assets).toMatchObject({
      bucket: 'b-1',
      prefix: '',
      region: 'eu-west-3',
    });
  });

  it('refuses a store that is not s3://bucket, a region-less AWS bucket and links beyond 7 days, naming the variable', () => {
    expect(() => loadConfig({ KLARTEXT_ASSET_STORE: 'https://bucket.example' })).toThrow(
      /KLARTEXT_ASSET_STORE: must be `local` or s3:\/\/bucket/,
    );
    expect(() => loadConfig({ KLARTEXT_ASSET_STORE: 's3://Upper_Case' })).toThrow(ConfigError);
    expect(() => loadConfig({ KLARTEXT_ASSET_STORE: 's3://klartext-assets' })).toThrow(/set KLARTEXT_S3_REGION/);
    expect(() => loadConfig({ KLARTEXT_ASSET_LINK_SECONDS: '604801' })).toThrow(/KLARTEXT_ASSET_LINK_SECONDS/);
  });
});
