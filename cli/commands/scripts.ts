// `klartext scripts show <segmentId> [--campaign id] [--json]`: the current script with claims, sources and findings.
import type { Script } from '../../shared/types.ts';
import { loadConfig } from '../../config/config.ts';
import { apiFor, type ApiFlags } from '../api-target.ts';
import type { Io } from '../context.ts';
import { emit } from '../output.ts';

export interface ScriptView {
  campaignId: string;
  segmentId: string;
  review?: { status: string; round: number };
  current: { sha256: string; round: number; provider: string; model?: string; script: Script };
  claims: { id: string; text?: string; source?: { title: string; publisher: string; url: string }; usable?: boolean }[];
  findings: { severity: string; code: string; scene?: number; sentence?: number; message: string }[];
}

/** Prints a segment's current script (of the newest campaign, or `--campaign`), or JSON with `--json`; returns 0. */
export async function scriptsShow(
  segmentId: string,
  opts: ApiFlags & { campaign?: string; json?: boolean },
  io: Pick<Io, 'env'>,
): Promise<number> {
  const api = await apiFor(loadConfig(io.env), 'reviewer', opts);
  const query = new URLSearchParams({ segment: segmentId, ...(opts.campaign ? { campaign: opts.campaign } : {}) });
  emit(opts.json, await api.get<ScriptView>(`/api/scripts?${query}`), printScriptView);
  return 0;
}

/** Prints a script view for a reader in a terminal: findings first, then scenes with claim references, then sources. */
export function printScriptView(view: ScriptView): void {
  const { script } = view.current;
  console.log(`${script.title}`);
  console.log(`campaign ${view.campaignId} · segment ${view.segmentId} · ${script.language}/${script.readingLevel}`);
  console.log(
    `version ${view.current.sha256.slice(0, 12)} (round ${view.current.round}, ${view.current.provider}${view.current.model ? ` ${view.current.model}` : ''}) · ${view.review?.status ?? 'no running review'}`,
  );
  if (view.findings.length > 0) {
    console.log('\nFindings');
    for (const f of view.findings) {
      const where =
        f.scene === undefined ? '' : ` scene ${f.scene + 1}${f.sentence === undefined ? '' : `.${f.sentence + 1}`}`;
      console.log(`  ${f.severity.toUpperCase().padEnd(8)} ${f.code}${where}: ${f.message}`);
    }
  }
  script.scenes.forEach((scene, i) => {
    console.log(`\nScene ${i + 1} (${scene.durationSeconds} s) — ${scene.onScreenText}`);
    for (const s of scene.sentences)
      console.log(`  ${s.text}${s.claimIds.length ? `  [${s.claimIds.join(', ')}]` : ''}`);
  });
  console.log(`\n${script.aiDisclosure}`);
  console.log('\nClaims and sources');
  for (const c of view.claims) {
    console.log(
      `  [${c.id}] ${c.usable === false ? '(NOT USABLE) ' : ''}${c.source ? `${c.source.publisher}: ${c.source.title} <${c.source.url}>` : 'MISSING'}`,
    );
  }
}
