// Creation-time checks of channel targets: webhook URLs under the outbound address policy, folders inside their roots.
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkChannelTarget, checkFolderDirectory } from '../../channels/target-check.ts';
import type { Resolver } from '../../channels/outbound.ts';
import { ConfigError, UnsafeTargetError } from '../../shared/errors.ts';

let root: string;
let outside: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'klartext-roots-'));
  outside = await mkdtemp(join(tmpdir(), 'klartext-outside-'));
  await mkdir(join(root, 'cms-import'));
  await symlink(outside, join(root, 'escape'));
});

const resolvingTo =
  (addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('checkFolderDirectory', () => {
  it('accepts a directory inside a root, existing or not, and returns it normalised', async () => {
    await expect(checkFolderDirectory(join(root, 'cms-import'), [root])).resolves.toBe(join(root, 'cms-import'));
    await expect(checkFolderDirectory(`${root}/new/./drop/`, [root])).resolves.toBe(join(root, 'new', 'drop'));
  });

  it('refuses ".." segments even when the path stays inside the root', async () => {
    await expect(checkFolderDirectory(`${root}/cms-import/../cms-import`, [root])).rejects.toThrow(
      /must not contain "\.\." segments/,
    );
  });

  it('refuses a directory outside every root and names the variable that adds one', async () => {
    await expect(checkFolderDirectory(outside, [root])).rejects.toThrow(
      /outside the allowed roots .*KLARTEXT_FOLDER_CHANNEL_ROOTS/,
    );
    await expect(checkFolderDirectory(join(root, 'x'), [])).rejects.toThrow(ConfigError);
  });

  it('refuses /proc, /sys and /dev even when a root contains them', async () => {
    for (const dir of ['/proc/self', '/sys/kernel', '/dev/shm']) {
      await expect(checkFolderDirectory(dir, ['/'])).rejects.toThrow(/must not be inside \/proc, \/sys or \/dev/);
    }
  });

  it('refuses a symbolic link that leads out of the root, also below a missing part', async () => {
    await expect(checkFolderDirectory(join(root, 'escape'), [root])).rejects.toThrow(/through a symbolic link/);
    await expect(checkFolderDirectory(join(root, 'escape', 'new', 'drop'), [root])).rejects.toThrow(
      /through a symbolic link/,
    );
  });

  it('refuses a relative directory', async () => {
    await expect(checkFolderDirectory('out/cms-import', [root])).rejects.toThrow(/must be an absolute path/);
  });
});

describe('checkChannelTarget', () => {
  const options = { folderRoots: [root], resolver: resolvingTo(['93.184.215.14']) };

  it('refuses the metadata service, private addresses, credentials and plain http to another host', async () => {
    await expect(checkChannelTarget('webhook', 'https://169.254.169.254/latest', options)).rejects.toThrow(
      /the cloud metadata service/,
    );
    await expect(checkChannelTarget('webhook', 'https://10.0.0.1/hooks', options)).rejects.toThrow(UnsafeTargetError);
    await expect(checkChannelTarget('webhook', 'https://u:p@partner.example/h', options)).rejects.toThrow(
      /carries credentials/,
    );
    await expect(checkChannelTarget('webhook', 'http://partner.example/h', options)).rejects.toThrow(/plain http/);
  });

  it('refuses a host name that resolves to a private address, and accepts one that resolves publicly', async () => {
    const internal = { ...options, resolver: resolvingTo(['10.1.2.3']) };
    await expect(checkChannelTarget('webhook', 'https://cms.example/h', internal)).rejects.toThrow(/private/);
    await expect(checkChannelTarget('webhook', 'https://cms.example/h', options)).resolves.toBe(
      'https://cms.example/h',
    );
  });

  it('leaves a host that does not resolve (or resolves too slowly) to the send-time check', async () => {
    const failing: Resolver = async () => Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
    await expect(
      checkChannelTarget('webhook', 'https://gone.example/h', { ...options, resolver: failing }),
    ).resolves.toBeTypeOf('string');
    const hanging: Resolver = () => new Promise(() => undefined);
    const slow = { ...options, resolver: hanging, resolveTimeoutMs: 50 };
    await expect(checkChannelTarget('webhook', 'https://slow.example/h', slow)).resolves.toBeTypeOf('string');
  });

  it('admits http to loopback only when allowed', async () => {
    await expect(checkChannelTarget('webhook', 'http://127.0.0.1:9/h', options)).rejects.toThrow(/allowHttpLoopback/);
    const local = { ...options, allowHttpLoopback: true };
    await expect(checkChannelTarget('webhook', 'http://127.0.0.1:9/h', local)).resolves.toBe('http://127.0.0.1:9/h');
  });
});
