// The klartext command as a user meets it: bad campaign files are refused with file:line:column, before anything starts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'autumn-vaccination-2026');
// The example campaign names its delivery targets through these variables.
const DEMO_ENV = {
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'kft_example-feed-token-for-tests-0123456789',
};

function klartext(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'cli', 'main.ts'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function brokenCopy(file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(inject('tmpRoot'), 'campaign-'));
  await cp(EXAMPLE, dir, { recursive: true });
  await writeFile(join(dir, file), edit(await readFile(join(dir, file), 'utf8')));
  return join(dir, 'campaign.yaml');
}

describe('klartext CLI', () => {
  it('validates the shipped example', () => {
    const r = klartext(['validate', join(EXAMPLE, 'campaign.yaml')], DEMO_ENV);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^OK: 7 segments, 17 claims, 3 channels\./);
    expect(r.status).toBe(0);
  });

  it('refuses a demo with a too-small segment before starting anything', async () => {
    const file = await brokenCopy('segments.csv', (t) => t.replace(/,\d+,"/, ',4,"'));
    const dataDir = join(inject('tmpRoot'), 'never-created');
    const r = klartext(['demo', file], { KLARTEXT_DATA_DIR: dataDir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/segments\.csv:2:\d+: .*4/);
    expect(r.stdout).not.toMatch(/Temporal dev server/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('names the line of a broken claims file', async () => {
    const file = await brokenCopy('claims.yaml', (t) => t.replace('status: active', 'status: maybe'));
    const r = klartext(['validate', file], DEMO_ENV);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/claims\.yaml:\d+:\d+: .*status.*'active' or 'withdrawn'/);
  });

  it('prints what a campaign holds as one JSON document with --json', () => {
    const r = klartext(['validate', join(EXAMPLE, 'campaign.yaml'), '--json'], DEMO_ENV);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      campaign: join(EXAMPLE, 'campaign.yaml'),
      segments: 7,
      claims: 17,
      channels: 3,
      problems: [],
      warnings: [],
    });
    expect(r.status).toBe(0);
  });

  it('lists every problem of a broken file in the JSON document with --json, exiting 1', async () => {
    const file = await brokenCopy('claims.yaml', (t) => t.replaceAll('status: active', 'status: maybe'));
    const r = klartext(['validate', file, '--json'], DEMO_ENV);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout) as { ok: boolean; problems: { file: string; line: number }[] };
    expect(result.ok).toBe(false);
    expect(result.problems.length).toBeGreaterThan(1);
    expect(result.problems[0]?.file).toMatch(/claims\.yaml$/);
    expect(r.status).toBe(1);
  });
});
