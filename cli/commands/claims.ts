// `klartext claims import|list`: the claims library, through the HTTP API.
import { readFile } from 'node:fs/promises';
import { parseClaimsFile } from '../../campaign/claims-file.ts';
import { KlartextError } from '../../shared/errors.ts';
import type { Claim } from '../../shared/types.ts';
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
