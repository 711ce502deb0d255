// KLARTEXT_FOLDER_CHANNEL_ROOTS: where folder channels may write, resolved against the working directory.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';

describe('loadConfig', () => {
  it('lets folder channels write under the out directory by default', () => {
    expect(loadConfig({}, '/srv/klartext').folderChannelRoots).toEqual(['/srv/klartext/out']);
    expect(loadConfig({ KLARTEXT_OUT_DIR: 'assets' }, '/srv/klartext').folderChannelRoots).toEqual([
      '/srv/klartext/assets',
    ]);
  });

  it('reads KLARTEXT_FOLDER_CHANNEL_ROOTS as a comma-separated list of directories', () => {
    const env = { KLARTEXT_FOLDER_CHANNEL_ROOTS: '/mnt/cms-import, drops ,' };
    expect(loadConfig(env, '/srv/klartext').folderChannelRoots).toEqual(['/mnt/cms-import', '/srv/klartext/drops']);
  });
});
