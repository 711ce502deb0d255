// Runs carry klartext's search attributes: a list query by campaign, stage, language and status finds them, through
// the client as through the Temporal CLI an operator uses.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resolveTemporalCli } from '../../dev/temporal-binary.ts';
import { campaignWorkflowId, segmentWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
});
afterAll(() => h?.close());

async function ids(query: string): Promise<string[]> {
  const found: string[] = [];
  for await (const run of h.client.workflow.list({ query })) found.push(run.workflowId);
  return found.sort();
}

/** Visibility follows the history a moment later: waits until `query` lists exactly `expected`. */
function listed(query: string, expected: string[]) {
  return eventually(
    async () => {
      const found = await ids(query);
      return JSON.stringify(found) === JSON.stringify([...expected].sort()) ? found : undefined;
    },
    30_000,
    `${query} to list ${expected.join(', ')}`,
  );
}

describe('search attributes', () => {
  it('find a campaign’s runs by campaign, segment stage, language and campaign status', async () => {
    const campaign = await h.example({ segments: 1 });
    const campaignId = await h.launch(campaign);
    const segment = campaign.segments[0]!;
    const segmentRun = segmentWorkflowId(campaignId, segment.id);
    const campaignRun = campaignWorkflowId(campaignId);

    await listed(`KlartextCampaign = '${campaignId}' AND KlartextStage = 'IN_REVIEW'`, [segmentRun]);
    await listed(`KlartextCampaign = '${campaignId}' AND KlartextLanguage = '${segment.language}'`, [segmentRun]);
    await listed(`KlartextCampaign = '${campaignId}' AND KlartextStatus = 'RUNNING'`, [campaignRun]);

    await h.manager.post(`/api/campaigns/${campaignId}/pause`, { reason: 'checking the status attribute' });
    await listed(`KlartextCampaign = '${campaignId}' AND KlartextStatus = 'PAUSED'`, [campaignRun]);

    // What an operator types: the Temporal CLI against the same server.
    const cli = resolveTemporalCli({
      env: process.env,
      cacheDir: resolve(import.meta.dirname, '../../.cache'),
      install: false,
      log: () => {},
    });
    expect(cli).toBeDefined();
    const out = execFileSync(
      cli!.path,
      [
        'workflow',
        'list',
        '--address',
        inject('temporalAddress'),
        '--query',
        `KlartextCampaign = '${campaignId}' AND KlartextStage = 'IN_REVIEW'`,
        '--output',
        'json',
      ],
      { encoding: 'utf8' },
    );
    const rows = (JSON.parse(out) as { execution: { workflowId: string } }[]).map((r) => r.execution.workflowId);
    expect(rows).toEqual([segmentRun]);

    await h.manager.post(`/api/campaigns/${campaignId}/resume`, {});
    await listed(`KlartextCampaign = '${campaignId}' AND KlartextStatus = 'RUNNING'`, [campaignRun]);
    await h.signOff(campaignId, segment.id);
    await h.client.workflow.getHandle(campaignRun).result();
    await listed(`KlartextCampaign = '${campaignId}' AND KlartextStage = 'PUBLISHED'`, [segmentRun]);
    await listed(`KlartextCampaign = '${campaignId}' AND KlartextStatus = 'COMPLETED'`, [campaignRun]);
  }, 240_000);
});
