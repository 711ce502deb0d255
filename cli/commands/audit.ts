// `klartext audit verify` and `klartext audit head`: recompute the audit log's chain (through the API), name the
// first broken entry, and check it against heads kept outside the database.
import type { AuditBreak, AuditHead, AuditVerification, ExpectedHead } from '../../db/audit-repo.ts';
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

/** Heads per request, as the API takes them (api/routes/audit.ts). */
const HEADS_PER_REQUEST = 10_000;

function explain(b: AuditBreak): string {
  const head = b.expected
    ? `${b.expected.seq === undefined ? '' : `seq ${b.expected.seq} `}hash ${b.expected.hash}`
    : '';
  switch (b.reason) {
    case 'hash-mismatch':
      return 'hash mismatch (row modified, or rehashed without the audit key)';
    case 'prev-hash-mismatch':
      return 'previous-hash mismatch (the entry before it was replaced)';
    case 'gap':
      return 'missing (row deleted)';
    case 'unknown-key':
      return (
        `keyed with audit key ${b.keyId}, which is not in the API's key ring (forged; or, after a secrets-key ` +
        'rotation, the old key was dropped: list it after the new one in KLARTEXT_SECRETS_KEY)'
      );
    case 'unkeyed-after-keyed':
      return 'unkeyed entry after keyed ones (rewritten by someone without the audit key)';
    case 'head-mismatch':
      return `differs from the head recorded outside the database (${head}): the chain was rewritten`;
    case 'head-missing':
      return `the head recorded outside the database (${head}) is not in the chain: cut short or rewritten`;
  }
}

const span = (from: number, to: number) => (from === to ? `seq ${from}` : `seq ${from}–${to}`);

function printVerification(result: AuditVerification, ignoredPartialLine: boolean): void {
  const { keyed, unkeyed } = result;
  if (result.ok) {
    const partial = keyed.unchecked > 0 ? ' as far as it could be checked' : '';
    console.log(`audit chain intact${partial}: ${result.entries} entries`);
  } else {
    console.log(`audit chain BROKEN after ${result.entries} intact entries`);
    console.log(`seq ${result.firstBroken.seq}: ${explain(result.firstBroken)}`);
  }
  if (unkeyed > 0) console.log(`unkeyed (sha256): ${unkeyed} entries, made without an audit key`);
  if (keyed.firstSeq !== null && keyed.checked > 0) {
    const ids = keyed.keyIds.join(', ');
    console.log(`keyed (hmac-sha256): ${span(keyed.firstSeq, keyed.firstSeq + keyed.checked - 1)}, key ${ids}`);
  }
  if (keyed.unchecked > 0) {
    console.log(
      `NOT CHECKED: ${keyed.unchecked} keyed entries (from seq ${keyed.firstSeq}): the API has no audit key, so only ` +
        'their order and links were checked, not their HMACs; run verify against an API started with the secrets key',
    );
  }
  if (result.ok && result.keyRing && keyed.firstSeq === null && result.entries > 0) {
    console.log(
      'note: no entry is keyed although the API has an audit key: nothing was recorded since, or the chain was ' +
        'rewritten without keys; a head kept outside the database (--expect-head, --heads-file) tells which',
    );
  }
  if (result.ok && result.head) console.log(`head: seq ${result.head.seq} ${result.head.scheme} ${result.head.hash}`);
  if (result.heads.expected > 0) {
    const verdict = result.ok ? 'all in the chain' : 'checking stopped at the break';
    console.log(`recorded heads: ${result.heads.matched} of ${result.heads.expected} found, ${verdict}`);
  }
  if (ignoredPartialLine) console.log('heads file: its last line is incomplete (a write cut short) and was skipped');
}

/**
 * Verifies the chain through the API, against `--expect-head` values and every head in `--heads-file`. Prints the
 * verdict, or the verification as JSON with `--json`. Exit code 0 when intact, 1 when broken or a head is missing.
 */
export async function auditVerify(
  opts: ApiFlags & { json?: boolean; expectHead?: ExpectedHead[]; headsFile?: string },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await apiFor(loadConfig(io.env), 'admin', opts);
  const expected = [...(opts.expectHead ?? [])];
  let ignoredPartialLine = false;
  if (opts.headsFile) {
    const { readHeadsFile } = await import('../../services/audit-heads.ts');
    const file = await readHeadsFile(opts.headsFile);
    expected.push(...file.heads);
    ignoredPartialLine = file.ignoredPartialLine;
  }
  // The same head is recorded again whenever nothing changed between two looks: ask about each once.
  const unique = [...new Map(expected.map((h) => [`${h.seq ?? ''}:${h.hash}`, h])).values()];
  let result: AuditVerification;
  if (unique.length === 0) {
    result = await api.get<AuditVerification>('/api/audit/verify');
  } else {
    let matched = 0;
    for (let i = 0; ; i += HEADS_PER_REQUEST) {
      const expectHeads = unique.slice(i, i + HEADS_PER_REQUEST);
      result = await api.post<AuditVerification>('/api/audit/verify', { expectHeads });
      matched += result.heads.matched;
      if (!result.ok || i + HEADS_PER_REQUEST >= unique.length) break;
    }
    result = { ...result, heads: { expected: unique.length, matched } };
  }
  emit(opts.json, result, (r) => printVerification(r, ignoredPartialLine));
  return result.ok ? 0 : 1;
}

/** Prints the current head (`--json`: the head object, or null), or appends it as a JSON line to `--append-to`. */
export async function auditHead(
  opts: ApiFlags & { json?: boolean; appendTo?: string },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await apiFor(loadConfig(io.env), 'admin', opts);
  const { head } = await api.get<{ head: AuditHead | null }>('/api/audit/head');
  if (head && opts.appendTo) {
    const { appendHeadLine } = await import('../../services/audit-heads.ts');
    await appendHeadLine(opts.appendTo, head);
  }
  emit(opts.json, head, () => {
    if (!head) {
      console.log('the audit log is empty: no head yet');
      return;
    }
    console.log(`head: seq ${head.seq} ${head.scheme} ${head.hash} at ${head.at}`);
    if (opts.appendTo) console.log(`appended to ${opts.appendTo}`);
    else
      console.log(`keep it outside the database; later: klartext audit verify --expect-head ${head.seq}:${head.hash}`);
  });
  return 0;
}
