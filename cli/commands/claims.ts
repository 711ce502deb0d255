// `klartext claims import|list|withdraw`: the claims library, through the HTTP API.
import { readFile } from 'node:fs/promises';
import { parseClaimsFile } from '../../campaign/claims-file.ts';
import { KlartextError } from '../../shared/errors.ts';
import type { Claim } from '../../shared/types.ts';
import type { ClaimWithdrawalOutcome } from '../../shared/withdrawal.ts';
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

interface LibraryItem {
  claim: Claim;
  sha256: string;
  importedAt: string;
  versions: number;
  usable: boolean;
}

export async function claimsImport(file: string, opts: ApiFlags, io: Pick<Io, 'env'>): Promise<number> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new KlartextError(`cannot read ${file} (${err.code}); check the path.`, { cause: err });
  });
  // Checked locally first, so a broken file is refused with its line before anything is sent.
  const claims = parseClaimsFile(text, file);
  const api = await apiFor(loadConfig(io.env), 'manager', opts);
  const result = await api.post<{ added: number; changed: number; unchanged: number }>('/api/claims', { claims });
  console.log(
    `Imported ${claims.length} claims: ${result.added} new, ${result.changed} changed, ${result.unchanged} unchanged.`,
  );
  return 0;
}

export async function claimsList(opts: ApiFlags & { json?: boolean }, io: Pick<Io, 'env'>): Promise<number> {
  const api = await apiFor(loadConfig(io.env), 'manager', opts);
  const { items } = await api.get<{ items: LibraryItem[] }>('/api/claims');
  emit(opts.json, items, () => {
    for (const { claim, usable, versions } of items) {
      const validity = `${claim.validFrom ?? '…'} – ${claim.validUntil ?? '…'}`;
      const state = usable ? 'usable' : claim.status === 'withdrawn' ? 'WITHDRAWN' : 'NOT VALID TODAY';
      console.log(
        `${claim.id.padEnd(28)} ${state.padEnd(15)} ${validity.padEnd(25)} v${versions}  ${Object.keys(claim.text).join(',')}  ${claim.source.publisher}`,
      );
    }
  });
  return 0;
}

interface WithdrawalAnswer {
  claimId: string;
  workflowId: string;
  status: 'COMPLETED' | 'RUNNING';
  outcome?: ClaimWithdrawalOutcome;
}

/** Withdraws a claim and prints what its cascade did: videos retracted, segments sent back, segments blocked. */
export async function claimsWithdraw(
  id: string,
  opts: ApiFlags & { reason: string; json?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await apiFor(loadConfig(io.env), 'manager', opts);
  const answer = await api.post<WithdrawalAnswer>(`/api/claims/${encodeURIComponent(id)}/withdraw`, {
    reason: opts.reason,
  });
  emit(opts.json, answer, ({ outcome, workflowId }) => {
    console.log(`Claim ${id} withdrawn (cascade ${workflowId}).`);
    if (!outcome) {
      console.log(`The cascade is still running; see its outcome with: GET /api/claims/${id}/withdrawal`);
      return;
    }
    const videos = outcome.videosRetracted.reduce((n, r) => n + r.videos, 0);
    console.log(`Videos retracted:              ${videos}`);
    for (const r of outcome.videosRetracted) console.log(`  ${r.campaignId}: ${r.videos}`);
    console.log(`Segments sent back to drafting: ${outcome.segmentsSentBack.length}`);
    for (const s of outcome.segmentsSentBack) console.log(`  ${s.campaignId}/${s.segmentId} (was ${s.status})`);
    console.log(`Segments blocked:              ${outcome.segmentsBlocked.length}`);
    for (const s of outcome.segmentsBlocked) {
      console.log(`  ${s.campaignId}/${s.segmentId}: no approved claim answers '${s.blockedConcern}' any more`);
    }
  });
  return 0;
}
