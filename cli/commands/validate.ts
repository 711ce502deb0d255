// `klartext validate <campaign.yaml>`: a campaign's three files checked together, before anything is started.
import { formatProblem } from '../../campaign/problems.ts';
import type { Io } from '../context.ts';
import { validateCampaign } from '../load-campaign.ts';
import { emit } from '../output.ts';
import { variantRows } from '../../shared/variants.ts';

/**
 * Prints every problem and warning of the campaign's files (file:line:column), then what the campaign holds; with
 * `--json` one document with both. Returns 1 when there is a problem (warnings alone do not fail), else 0.
 * @throws InputError when the campaign file itself cannot be read.
 */
export async function validate(file: string, opts: { json?: boolean }, io: Pick<Io, 'env'>): Promise<number> {
  const { loaded, problems, warnings } = await validateCampaign(file, io.env);
  const result = {
    ok: loaded !== undefined,
    campaign: file,
    ...(loaded && {
      segments: loaded.segments.length,
      claims: loaded.claims.length,
      channels: loaded.brief.channels.length,
      // Segments that also run variant B (a script, review and video of their own each).
      ...(loaded.brief.variants ? { variants: variantRows(loaded.brief.variants, loaded.segments).length } : {}),
    }),
    problems,
    warnings,
  };
  emit(opts.json, result, (r) => {
    for (const p of r.problems) console.error(formatProblem(p));
    for (const w of r.warnings) console.error(formatProblem({ ...w, message: `warning: ${w.message}` }));
    if (loaded) {
      const note = r.warnings.length > 0 ? ` ${count(r.warnings.length, 'warning')}.` : '';
      const held = [count(loaded.segments.length, 'segment'), count(loaded.claims.length, 'claim')];
      const channels = count(loaded.brief.channels.length, 'channel');
      const variants =
        r.variants === undefined
          ? ''
          : ` Variant B for ${count(r.variants, 'segment')} (split by ${loaded.brief.variants!.split}).`;
      console.log(`OK: ${[...held, channels].join(', ')}.${variants}${note}`);
    } else {
      const note = r.warnings.length > 0 ? ` and ${count(r.warnings.length, 'warning')}` : '';
      console.error(`${count(r.problems.length, 'problem')}${note}: nothing was started; fix the problems above.`);
    }
  });
  return loaded ? 0 : 1;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
