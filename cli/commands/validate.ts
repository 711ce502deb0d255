// `klartext validate <campaign.yaml>`: a campaign's three files checked together, before anything is started.
import type { Io } from '../context.ts';
import { loadCampaign } from '../load-campaign.ts';
import { emit } from '../output.ts';

/**
 * Prints what the campaign holds, or JSON with `--json`; returns 0.
 * @throws InputError naming file:line:column of the first problem.
 */
export async function validate(file: string, opts: { json?: boolean }, io: Pick<Io, 'env'>): Promise<number> {
  const c = await loadCampaign(file, io.env);
  const result = {
    ok: true,
    campaign: file,
    segments: c.segments.length,
    claims: c.claims.length,
    channels: c.brief.channels.length,
  };
  emit(opts.json, result, (r) =>
    console.log(`OK: ${r.segments} segments, ${r.claims} claims, ${r.channels} channels.`),
  );
  return 0;
}
