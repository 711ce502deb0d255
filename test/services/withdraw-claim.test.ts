// Withdrawing a claim: the withdrawn version and its audit entry are committed together or not at all.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { importClaims, listLibraryClaims } from '../../db/claim-repo.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import type { User } from '../../db/user-repo.ts';
import { withdrawClaim } from '../../services/claim-withdrawal.ts';
import type { Claim } from '../../shared/types.ts';

const postgresUrl = inject('postgresUrl');
const databases: [string, string][] = [
  ['PGlite', inject('pgliteUrl')],
  ...(postgresUrl ? [['PostgreSQL', postgresUrl] as [string, string]] : []),
];
const manager: User = { id: 'withdraw-manager', displayName: 'Manager', role: 'campaign_manager' };
// What the service asks of Temporal: start the cascade (recorded here), then its result (an empty outcome).
const started: { workflowId: string; args: unknown[] }[] = [];
const temporal = {
  workflow: {
    start: async (_: unknown, options: { workflowId: string; args: unknown[] }) => void started.push(options),
    getHandle: (workflowId: string) => ({
      result: async () => ({
        claimId: workflowId.split('/')[1],
        videosRetracted: [],
        segmentsSentBack: [],
        segmentsBlocked: [],
        segmentsNotRunning: [],
      }),
    }),
  },
} as unknown as Client;

const claimOf = (id: string): Claim => ({
  id,
  text: { de: 'Ein geprüfter Satz.' },
  topics: ['timing'],
  source: { title: 'Source', publisher: 'Publisher', url: 'https://example.org', date: '2026-01-01' },
  status: 'active',
});

describe.each(databases)('withdrawClaim on %s', (_name, url) => {
  const pool: Pool = createPool(url, 2);
  afterAll(() => pool.end());

  const stateOf = async (id: string) => {
    const current = (await listLibraryClaims(pool)).find((c) => c.claim.id === id);
    const audit = await pool.query(`SELECT details FROM audit_log WHERE subject = $1 AND action = 'claim.withdrawn'`, [
      `claim/${id}`,
    ]);
    return { status: current?.claim.status, versions: current?.versions, audits: audit.rows };
  };

  it('leaves the claim active and unaudited when the audit entry is refused, and withdraws it on a clean retry', async () => {
    const id = `claim-${randomBytes(4).toString('hex')}`;
    await importClaims(pool, [claimOf(id)]);
    // Past the API's schema: the database itself refuses the NUL in the audit entry's details.
    await expect(withdrawClaim({ pool, temporal }, id, manager, 'bad\u0000reason')).rejects.toThrow();
    expect(await stateOf(id)).toEqual({ status: 'active', versions: 1, audits: [] });
    expect(started.filter((s) => s.workflowId.startsWith(`claim/${id}/`))).toEqual([]);

    const done = await withdrawClaim({ pool, temporal }, id, manager, 'Guidance changed.');
    expect(done).toMatchObject({ claimId: id, status: 'COMPLETED', outcome: { claimId: id, segmentsSentBack: [] } });
    expect(done.workflowId).toMatch(new RegExp(`^claim/${id}/withdrawal/[0-9a-f]{16}-\\d+$`));
    expect(await stateOf(id)).toEqual({
      status: 'withdrawn',
      versions: 2,
      audits: [{ details: { reason: 'Guidance changed.' } }],
    });

    // Asked again: the same cascade (same withdrawn version), and no second withdrawal on record.
    const again = await withdrawClaim({ pool, temporal }, id, manager, 'Guidance changed.');
    expect(again.workflowId).toBe(done.workflowId);
    expect(await stateOf(id)).toMatchObject({ versions: 2, audits: [{ details: { reason: 'Guidance changed.' } }] });
  });

  it('answers 404 for an unknown claim and records nothing', async () => {
    const id = `claim-${randomBytes(4).toString('hex')}`;
    await expect(withdrawClaim({ pool, temporal }, id, manager, 'x')).rejects.toMatchObject({ status: 404 });
    expect(await stateOf(id)).toEqual({ status: undefined, versions: undefined, audits: [] });
  });
});
