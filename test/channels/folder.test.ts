// Tests for the folder channel: atomic drops, idempotency by delivery id, crash safety and retraction tombstones.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../channels/channel.ts';
import { createFolderChannel, TOMBSTONE_NAME } from '../../channels/folder.ts';
import { DeliveryRejectedError, InputError } from '../../shared/errors.ts';

let root: string;
let sources: Record<string, string>;
let drop: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'klartext-folder-'));
  drop = join(root, 'drop');
  sources = {};
  for (const [name, content] of [
    ['video.mp4', Buffer.alloc(256 * 1024, 7)],
    ['captions.vtt', 'WEBVTT\n\n00:00.000 --> 00:02.000\nGrippeimpfung ab 75\n'],
    ['transcript.txt', 'Grippeimpfung ab 75: kostenlos in Ihrer Praxis.\n'],
  ] as const) {
    sources[name] = join(root, `source-${name}`);
    await writeFile(sources[name], content);
  }
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function approved(overrides: Partial<Delivery> = {}): Delivery {
  return {
    deliveryId: 'dlv-flu-75plus-cms',
    eventType: 'video.approved',
    timestamp: new Date('2026-10-01T08:00:00.000Z'),
    data: { campaignId: 'flu-2026', segmentId: '75plus', language: 'de', files: sources },
    ...overrides,
  };
}

const segmentDir = () => join(drop, 'flu-2026', '75plus');
const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

describe('createFolderChannel', () => {
  it('writes the files and a sidecar with their SHA-256s, and no source paths', async () => {
    const result = await createFolderChannel({ dir: drop }).deliver(approved());

    expect(result.statusCode).toBe(201);
    expect((await readdir(segmentDir())).sort()).toEqual([
      'captions.vtt',
      'dlv-flu-75plus-cms.json',
      'transcript.txt',
      'video.mp4',
    ]);
    expect(await readFile(join(segmentDir(), 'captions.vtt'), 'utf8')).toContain('Grippeimpfung ab 75');
    const sidecar = JSON.parse(await readFile(join(segmentDir(), 'dlv-flu-75plus-cms.json'), 'utf8'));
    expect(sidecar).toMatchObject({
      deliveryId: 'dlv-flu-75plus-cms',
      type: 'video.approved',
      timestamp: '2026-10-01T08:00:00.000Z',
      data: { campaignId: 'flu-2026', segmentId: '75plus', language: 'de' },
      files: { 'video.mp4': { sha256: await sha256(sources['video.mp4']!), bytes: 256 * 1024 } },
    });
    expect(JSON.stringify(sidecar)).not.toContain(root);
  });

  it('does nothing when the same delivery arrives again', async () => {
    let renames = 0;
    const channel = createFolderChannel({
      dir: drop,
      fileOps: {
        rename: async (from, to) => {
          renames += 1;
          await rename(from, to);
        },
      },
    });
    await channel.deliver(approved());
    const before = await stat(join(segmentDir(), 'video.mp4'));
    const renamesAfterFirst = renames;

    await expect(channel.deliver(approved())).resolves.toMatchObject({ statusCode: 200 });
    expect(renames).toBe(renamesAfterFirst);
    expect((await stat(join(segmentDir(), 'video.mp4'))).ino).toBe(before.ino);
  });

  it('leaves no file under a final name when a rename fails, and succeeds on retry', async () => {
    const failing = createFolderChannel({
      dir: drop,
      fileOps: {
        rename: async () => {
          throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
        },
      },
    });
    await expect(failing.deliver(approved())).rejects.toThrow(/EIO/);
    expect(await readdir(segmentDir())).toEqual([]);

    await expect(createFolderChannel({ dir: drop }).deliver(approved())).resolves.toMatchObject({ statusCode: 201 });
    expect(await readdir(segmentDir())).toHaveLength(4);
  });

  it('leaves only a hidden temporary file when the process dies between write and rename', async () => {
    const folderModule = fileURLToPath(new URL('../../channels/folder.ts', import.meta.url));
    const script = `
      const { createFolderChannel } = await import(${JSON.stringify(folderModule)});
      const rename = async () => process.kill(process.pid, 'SIGKILL');
      await createFolderChannel({ dir: process.argv[1], fileOps: { rename } }).deliver(JSON.parse(process.argv[2], (key, value) => key === 'timestamp' ? new Date(value) : value));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, drop, JSON.stringify(approved())], {
      stdio: 'inherit',
    });
    const signal = await new Promise((resolve) => child.on('exit', (_code, exitSignal) => resolve(exitSignal)));

    expect(signal).toBe('SIGKILL');
    const left = await readdir(segmentDir());
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.dlv-flu-75plus-cms\..+\.tmp$/);

    await createFolderChannel({ dir: drop }).deliver(approved());
    expect((await readdir(segmentDir())).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(await sha256(join(segmentDir(), 'video.mp4'))).toBe(await sha256(sources['video.mp4']!));
  });

  it('removes the media and leaves a tombstone and the earlier sidecar on retraction', async () => {
    const channel = createFolderChannel({ dir: drop });
    await channel.deliver(approved());
    const retraction = approved({
      deliveryId: 'dlv-flu-75plus-cms-retracted',
      eventType: 'video.retracted',
      timestamp: new Date('2026-11-02T09:00:00.000Z'),
      data: { campaignId: 'flu-2026', segmentId: '75plus', reason: 'claim c-12 withdrawn' },
    });
    await expect(channel.deliver(retraction)).resolves.toMatchObject({ statusCode: 201 });

    expect((await readdir(segmentDir())).sort()).toEqual([
      TOMBSTONE_NAME,
      'dlv-flu-75plus-cms-retracted.json',
      'dlv-flu-75plus-cms.json',
    ]);
    const tombstone = JSON.parse(await readFile(join(segmentDir(), TOMBSTONE_NAME), 'utf8'));
    expect(tombstone).toMatchObject({ type: 'video.retracted', data: { reason: 'claim c-12 withdrawn' } });
    await expect(channel.deliver(retraction)).resolves.toMatchObject({ statusCode: 200 });
  });

  it('replaces the files and lifts an earlier tombstone on video.replaced', async () => {
    const channel = createFolderChannel({ dir: drop });
    await channel.deliver(approved());
    await channel.deliver(approved({ deliveryId: 'dlv-r', eventType: 'video.retracted' }));
    await writeFile(sources['captions.vtt']!, 'WEBVTT\n\n00:00.000 --> 00:02.000\nNeue Fassung\n');
    await channel.deliver(approved({ deliveryId: 'dlv-v2', eventType: 'video.replaced' }));

    const names = await readdir(segmentDir());
    expect(names).not.toContain(TOMBSTONE_NAME);
    expect(names).toEqual(
      expect.arrayContaining(['dlv-flu-75plus-cms.json', 'dlv-r.json', 'dlv-v2.json', 'video.mp4']),
    );
    expect(await readFile(join(segmentDir(), 'captions.vtt'), 'utf8')).toContain('Neue Fassung');
  });

  it('refuses a delivery id that was used for other content', async () => {
    const channel = createFolderChannel({ dir: drop });
    await channel.deliver(approved());
    const error = await channel.deliver(approved({ timestamp: new Date('2026-10-02T00:00:00Z') })).catch((e) => e);

    expect(error).toBeInstanceOf(DeliveryRejectedError);
    expect((error as Error).message).toMatch(/different content/);
  });

  it.each([
    ['a campaign id that climbs out of the folder', { campaignId: '..', segmentId: 's' }, /data.campaignId/],
    ['a segment id with a slash', { campaignId: 'c', segmentId: 'a/b' }, /data.segmentId/],
    ['an unknown file name', { campaignId: 'c', segmentId: 's', files: { 'evil.sh': '/bin/sh' } }, /evil\.sh/],
  ])('refuses %s with an InputError', async (_what, data, message) => {
    const error = await createFolderChannel({ dir: drop })
      .deliver(approved({ data }))
      .catch((e) => e);

    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });
});
