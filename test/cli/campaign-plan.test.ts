// `klartext campaign plan`: the plan of a campaign's files as a table or JSON, its problems, and the price table used.
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { klartextIn } from './run.ts';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'measles-catch-up', 'campaign.yaml');
const env = { ...process.env, KLARTEXT_PRICE_TABLE: undefined, KLARTEXT_VIDEO_PROVIDER: undefined };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(inject('tmpRoot'), 'campaign-plan-'));
});

const plan = (argv: string[], extra: NodeJS.ProcessEnv = {}) =>
  klartextIn(['campaign', 'plan', ...argv], { env: { ...env, ...extra } });

describe('klartext campaign plan', () => {
  it('prints segments, totals, cost, time and no problems for a sound campaign, exit 0', async () => {
    const r = await plan([EXAMPLE]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Plan for ".+" \(measles-catch-up\): 4 segments$/);
    expect(lines[1]).toBe('Providers: script local, video local, narration auto');
    expect(lines[3]).toMatch(/^segment +lang +scenes +video s +provider s +tokens$/);
    expect(r.stdout).toMatch(
      /^Totals: 4 scripts, 4 videos \(each also as square-open-captions\), [\d.]+ s of video, 0 s of generated footage \(no budget set\)$/m,
    );
    expect(r.stdout).toMatch(/^Cost: 0\.00 EUR \(video 0\.00 EUR, scripts 0\.00 EUR, narration 0\.00 EUR\)$/m);
    expect(r.stdout).toMatch(/^Time: about .+ review time not included$/m);
    expect(lines.at(-1)).toBe('Problems: none.');
  });

  it('plans for a paid provider with the price table from --prices or KLARTEXT_PRICE_TABLE, as JSON', async () => {
    const prices = join(dir, 'prices.yaml');
    await writeFile(prices, 'currency: USD\nvideoPerSecond:\n  veo: 0.25\n');
    const flagged = await plan([EXAMPLE, '--video-provider', 'veo', '--prices', prices, '--json']);
    const fromEnv = await plan([EXAMPLE, '--video-provider', 'veo', '--json'], { KLARTEXT_PRICE_TABLE: prices });
    for (const r of [flagged, fromEnv]) {
      expect(r.code).toBe(0);
      const p = JSON.parse(r.stdout) as { ok: boolean; totals: { providerSeconds: number }; cost: { video: number } };
      expect(p.ok).toBe(true);
      expect(p.totals.providerSeconds).toBeGreaterThan(0);
      expect(p.cost).toMatchObject({ currency: 'USD', video: p.totals.providerSeconds * 0.25 });
    }
    const unpriced = await plan([EXAMPLE, '--video-provider', 'veo']);
    expect(unpriced.code).toBe(0);
    expect(unpriced.stdout).toMatch(/^Cost: unknown \(video unknown, /m);
    expect(unpriced.stdout).toMatch(/^warning: no price for video provider 'veo' in the price table/m);
  });

  it('refuses a malformed price table naming file:line:column', async () => {
    const prices = join(dir, 'bad-prices.yaml');
    await writeFile(prices, 'videoPerSecond:\n  veo: cheap\n');
    await expect(plan([EXAMPLE, '--prices', prices])).rejects.toThrow(
      new RegExp(`^${prices}:2:8: price table videoPerSecond\\.veo: `),
    );
  });

  it('lists every problem of broken files and exits 1 without a plan', async () => {
    const broken = await mkdtemp(join(dir, 'broken-'));
    const source = join(EXAMPLE, '..');
    await copyFile(join(source, 'campaign.yaml'), join(broken, 'campaign.yaml'));
    const claims = await readFile(join(source, 'claims.yaml'), 'utf8');
    await writeFile(join(broken, 'claims.yaml'), claims.replace('date: 2024-01-15', 'date: [2024]'));
    const csv = await readFile(join(source, 'segments.csv'), 'utf8');
    await writeFile(join(broken, 'segments.csv'), csv.replace(/,de,standard,/, ',de,legalese,'));
    const r = await plan([join(broken, 'campaign.yaml')]);
    expect(r.code).toBe(1);
    // Both files' problems in one run: a broken segments file does not hide the claims file's.
    expect(r.stdout).toMatch(new RegExp(`^problem: ${join(broken, 'segments.csv')}:2:\\d+: `, 'm'));
    const dateLine = claims.split('\n').findIndex((l) => l.includes('date: 2024-01-15')) + 1;
    expect(r.stdout).toMatch(new RegExp(`^problem: ${join(broken, 'claims.yaml')}:${dateLine}:\\d+: `, 'm'));
    expect(r.stdout).toMatch(/No plan: \d+ problem\(s\) in the campaign files; fix them and plan again\.$/);
    const json = JSON.parse((await plan([join(broken, 'campaign.yaml'), '--json'])).stdout) as { ok: boolean };
    expect(json.ok).toBe(false);
  });
});
