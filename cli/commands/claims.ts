// `klartext claims import|list`: the claims library, through the HTTP API.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseClaimsFile } from '../../segments/claims-file.ts';
import { KlartextError } from '../../shared/errors.ts';
import type { Claim } from '../../shared/types.ts';
import { loadConfig } from '../../worker/config.ts';
import { apiFor } from '../api-target.ts';

interface LibraryItem {
  claim: Claim;
  sha256: string;
  importedAt: string;
  versions: number;
  usable: boolean;
}

export async function runClaims(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const [sub, file] = positionals;
  const config = loadConfig();
  if (sub === 'import' && file) {
    // Checked locally first, so a broken file is refused with its line before anything is sent.
    const claims = parseClaimsFile(await readFile(file, 'utf8'), file);
    const api = await apiFor(config, 'manager');
    const result = await api.post<{ added: number; changed: number; unchanged: number }>('/api/claims', { claims });
    console.log(
      `Imported ${claims.length} claims: ${result.added} new, ${result.changed} changed, ${result.unchanged} unchanged.`,
    );
    return 0;
  }
  if (sub === 'list') {
    const api = await apiFor(config, 'manager');
    const { items } = await api.get<{ items: LibraryItem[] }>('/api/claims');
    if (values.json) {
      console.log(JSON.stringify(items, null, 2));
      return 0;
    }
    for (const { claim, usable, versions } of items) {
      const validity = `${claim.validFrom ?? '…'} – ${claim.validUntil ?? '…'}`;
      const state = usable ? 'usable' : claim.status === 'withdrawn' ? 'WITHDRAWN' : 'NOT VALID TODAY';
      console.log(
        `${claim.id.padEnd(28)} ${state.padEnd(15)} ${validity.padEnd(25)} v${versions}  ${Object.keys(claim.text).join(',')}  ${claim.source.publisher}`,
      );
    }
    return 0;
  }
  throw new KlartextError('Usage: klartext claims import <claims.yaml> | klartext claims list [--json]');
}
