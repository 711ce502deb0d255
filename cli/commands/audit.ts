// `klartext audit verify`: recomputes the audit log's hash chain (through the API) and names the first broken entry.
import type { AuditBreak, AuditVerification } from '../../db/audit-repo.ts';
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

const EXPLAIN: Record<AuditBreak['reason'], string> = {
  'hash-mismatch': 'hash mismatch (row modified)',
  'prev-hash-mismatch': 'previous-hash mismatch (the entry before it was replaced)',
  gap: 'missing (row deleted)',
};

/** Prints the verdict, or the API's verification as JSON with `--json`. Exit code 0 when intact, 1 when broken. */
export async function auditVerify(opts: ApiFlags & { json?: boolean }, io: Pick<Io, 'env'>): Promise<number> {
  const api = await apiFor(loadConfig(io.env), 'admin', opts);
  // The dates arrive as strings over JSON; only counts and the head are used here.
  const result = await api.get<AuditVerification>('/api/audit/verify');
  emit(opts.json, result, () => {
    if (result.ok) {
      console.log(`audit chain intact: ${result.entries} entries`);
      // Keeping the head hash somewhere else makes even a rewrite of the whole chain detectable later.
      if (result.head) console.log(`head: seq ${result.head.seq} sha256 ${result.head.hash}`);
      return;
    }
    console.log(`audit chain BROKEN after ${result.entries} intact entries`);
    console.log(`seq ${result.firstBroken.seq}: ${EXPLAIN[result.firstBroken.reason]}`);
  });
  return result.ok ? 0 : 1;
}
