// `klartext audit verify`: recomputes the audit log's hash chain (through the API) and names the first broken entry.
import { parseArgs } from 'node:util';
import type { AuditBreak, AuditVerification } from '../../db/audit-repo.ts';
import { KlartextError } from '../../shared/errors.ts';
import { loadConfig } from '../../worker/config.ts';
import { apiFor } from '../api-target.ts';

const EXPLAIN: Record<AuditBreak['reason'], string> = {
  'hash-mismatch': 'hash mismatch (row modified)',
  'prev-hash-mismatch': 'previous-hash mismatch (the entry before it was replaced)',
  gap: 'missing (row deleted)',
};

/** Exit code 0 when the chain is intact, 1 when it is broken. */
export async function runAudit(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true });
  if (positionals[0] !== 'verify' || positionals.length > 1) throw new KlartextError('Usage: klartext audit verify');
  const api = await apiFor(loadConfig(), 'admin');
  // The dates arrive as strings over JSON; only counts and the head are used here.
  const result = await api.get<AuditVerification>('/api/audit/verify');
  if (result.ok) {
    console.log(`audit chain intact: ${result.entries} entries`);
    // Keeping the head hash somewhere else makes even a rewrite of the whole chain detectable later.
    if (result.head) console.log(`head: seq ${result.head.seq} sha256 ${result.head.hash}`);
    return 0;
  }
  const { seq, reason } = result.firstBroken;
  console.log(`audit chain BROKEN after ${result.entries} intact entries`);
  console.log(`seq ${seq}: ${EXPLAIN[reason]}`);
  return 1;
}
