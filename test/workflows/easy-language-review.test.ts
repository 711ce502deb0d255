// An easy-language segment end to end: launched through the API, drafted and checked by real workers, its
// easy-language findings stored with the script and shown to the reviewer (API and review page).
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../db/user-repo.ts';
import { createSessionStore } from '../../services/session.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { webRoutes } from '../../web/routes/web.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
let campaignId: string;
let segmentId: string;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  const campaign = await h.example({ segments: 1 });
  const segment = { ...campaign.segments[0]!, readingLevel: 'easy' as const };
  segmentId = segment.id;
  // A claims library without easy wordings: the approved texts break the rules, and the reviewer must be told.
  const claims = campaign.claims.map(({ alternatives: _easy, ...c }) => c);
  campaignId = await h.launch({ ...campaign, segments: [segment], claims });
});
afterAll(async () => {
  await h?.client.workflow
    .getHandle(campaignWorkflowId(campaignId))
    .terminate('test done')
    .catch(() => undefined);
  await h?.close();
});

interface Finding {
  code: string;
  severity: string;
  scene?: number;
  sentence?: number;
  message: string;
  suggestion?: string;
}

describe('an easy-language segment', () => {
  it("reaches review with its easy-language findings in the review data and on the reviewer's page", async () => {
    const item = await eventually(
      async () => {
        const r = await h.reviewer
          .get<{ state: { status: string; findings?: { blocking: number; warnings: number } } }>(
            `/api/reviews/${campaignId}/${segmentId}`,
          )
          .catch(() => undefined);
        return r?.state.status === 'IN_REVIEW' ? r : undefined;
      },
      60_000,
      `${segmentId} in review`,
    );
    const view = await h.reviewer.get<{
      findings: Finding[];
      segment: { readingLevel: string };
      current: { script: { readingLevel: string; scenes: { sentences: { claimIds: string[] }[] }[] } };
    }>(`/api/scripts?segment=${segmentId}&campaign=${campaignId}`);
    expect(view.segment.readingLevel).toBe('easy');
    expect(view.current.script.readingLevel).toBe('easy');
    const easy = view.findings.filter((f) => f.code.startsWith('easy-'));
    const sentences = view.current.script.scenes.map((sc) => sc.sentences);
    expect(easy.length).toBeGreaterThan(0);
    // Approved claim text: warnings and notes for the reviewer, nothing that blocks, each naming the claim to give an
    // easy wording; the composer's own sentences keep the rules.
    for (const f of easy) {
      const cited = sentences[f.scene!]![f.sentence!]!.claimIds;
      expect(cited.length, f.message).toBeGreaterThan(0);
      expect(['warning', 'info'], f.message).toContain(f.severity);
      expect(f.message).toMatch(/^Scene \d+, sentence \d+: ".+" breaks the easy-language rule "[^"]+": .+\.$/);
      expect(f.suggestion).toContain(`claim '${cited[0]}'`);
    }
    const warnings = view.findings.filter((f) => f.severity === 'warning').length;
    expect(item.state.findings).toEqual({ blocking: 0, warnings });
    const shown = easy.find((f) => f.severity === 'warning')!;

    const app = new Hono();
    app.route('/', webRoutes({ pool: h.pool, temporal: h.client, outDir: h.outDir }));
    const id = `easy-reviewer-${randomBytes(3).toString('hex')}`;
    await createUser(h.pool, { id, displayName: 'Dr. Easy', role: 'medical_reviewer', password: 'x'.repeat(16) });
    const { cookieValue } = await createSessionStore(h.pool).create(id);
    const page = await (
      await app.request(`/review/${campaignId}/${segmentId}`, {
        headers: { cookie: `klartext_session=${cookieValue}` },
      })
    ).text();
    expect(page).toContain('easy language (Leichte Sprache)');
    expect(page).toContain(`<code>${shown.code}</code>`);
    expect(page).toContain('breaks the easy-language rule &quot;');
  });
});
