// Applies a reviewer's script edits without a model: drop, reorder, and swap a claim's wording for another approved one.
import { InputError } from '../shared/errors.ts';
import { describeEdit } from '../shared/script-edits.ts';
import { sceneNarration, splitSentences } from '../shared/text.ts';
import type { Claim, ClaimSource, Scene, ScriptEdit, Script, Sentence } from '../shared/types.ts';
import { factWordings } from './claim-wordings.ts';
import { estimateDuration } from './compose.ts';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A run of sentences `[start, end)` in one scene, and the sentences that replace it. */
type Replacement = { start: number; end: number; sentences: Sentence[]; edit: number };

/**
 * Finds the sentences around `sentence` that together say one approved fact wording of the claim (a wording may be
 * several sentences), so the whole wording is swapped and never half of it.
 */
function wordingRun(scene: Scene, sentence: number, claim: Claim, language: string) {
  for (const wording of factWordings(claim, language)) {
    const parts = splitSentences(oneLine(wording));
    for (let start = Math.max(0, sentence - parts.length + 1); start <= sentence; start++) {
      const run = scene.sentences.slice(start, start + parts.length);
      const same =
        run.length === parts.length && run.every((s, k) => s.text === parts[k] && s.claimIds.includes(claim.id));
      if (same) return { start, end: start + parts.length };
    }
  }
  return undefined;
}

/** The approved wording an `alternative` or `shorten` edit asks for. */
function newWording(edit: Extract<ScriptEdit, { claimId: string }>, claim: Claim, language: string, what: string) {
  if (edit.op === 'shorten') {
    const short = claim.shortText?.[language]?.trim();
    if (!short) throw new InputError(`${what}: claim '${claim.id}' has no short wording in '${language}'.`);
    return short;
  }
  const alternatives = claim.alternatives?.[language] ?? [];
  const chosen = Number.isInteger(edit.wording) ? alternatives[edit.wording]?.trim() : undefined;
  if (!chosen) {
    const has = alternatives.length === 0 ? 'none' : `1 to ${alternatives.length}`;
    throw new InputError(
      `${what}: claim '${claim.id}' has no alternative wording ${edit.wording + 1} in '${language}' (it has ${has}).`,
    );
  }
  return chosen;
}

/**
 * Applies `edits` to the script the reviewer read. Every index refers to that version (0-based), so the edits of one
 * change request do not shift each other: wordings are swapped first, then scenes are moved in the order given
 * (`to` is a position in the read version's scene list), then dropped scenes and sentences are removed. Only
 * approved wordings of the cited claim replace a sentence, so the result stays grounded; changed scenes are re-timed
 * and `sources` keeps only the evidence of claims still cited.
 * @throws InputError naming the edit (counted from 1) when it is impossible: a scene or sentence out of range, a
 * claim the sentence does not cite or say, no such alternative or short wording, two edits of one sentence, or no
 * scene left.
 */
export function applyEdits(
  script: Script,
  edits: readonly ScriptEdit[],
  claims: readonly Claim[],
  language: string,
): Script {
  const count = script.scenes.length;
  const byId = new Map(claims.map((c) => [c.id, c]));
  const replacements = new Map<number, Replacement[]>();
  const droppedScenes = new Set<number>();
  const droppedSentences = new Map<number, Set<number>>();
  let order = script.scenes.map((_, i) => i);

  edits.forEach((edit, n) => {
    const what = `Edit ${n + 1} (${describeEdit(edit)})`;
    const scene = script.scenes[edit.scene];
    if (!Number.isInteger(edit.scene) || !scene) {
      throw new InputError(`${what}: the script has scenes 1 to ${count}.`);
    }
    if (edit.op === 'move') {
      if (!Number.isInteger(edit.to) || edit.to < 0 || edit.to >= count) {
        throw new InputError(`${what}: the script has positions 1 to ${count}.`);
      }
      order = order.filter((i) => i !== edit.scene);
      order.splice(edit.to, 0, edit.scene);
      return;
    }
    if (edit.sentence !== undefined && (!Number.isInteger(edit.sentence) || !scene.sentences[edit.sentence])) {
      throw new InputError(`${what}: scene ${edit.scene + 1} has sentences 1 to ${scene.sentences.length}.`);
    }
    if (edit.op === 'drop') {
      if (edit.sentence === undefined) droppedScenes.add(edit.scene);
      else droppedSentences.set(edit.scene, (droppedSentences.get(edit.scene) ?? new Set()).add(edit.sentence));
      return;
    }
    const claim = byId.get(edit.claimId);
    const sentence = scene.sentences[edit.sentence];
    if (!claim || !sentence?.claimIds.includes(claim.id)) {
      throw new InputError(`${what}: the sentence does not cite claim '${edit.claimId}'.`);
    }
    const run = wordingRun(scene, edit.sentence, claim, language);
    if (!run) throw new InputError(`${what}: the sentence does not say an approved wording of claim '${claim.id}'.`);
    const wording = newWording(edit, claim, language, what);
    const sentences = splitSentences(oneLine(wording)).map((text) => ({ text, claimIds: [...sentence.claimIds] }));
    const list = replacements.get(edit.scene) ?? [];
    const clash = list.find((r) => r.start < run.end && run.start < r.end);
    if (clash) throw new InputError(`${what}: edit ${clash.edit + 1} already changes this sentence.`);
    replacements.set(edit.scene, [...list, { ...run, sentences, edit: n }]);
  });

  const scenes: Scene[] = [];
  for (const i of order) {
    const scene = script.scenes[i];
    if (!scene || droppedScenes.has(i)) continue;
    const dropped = droppedSentences.get(i) ?? new Set<number>();
    const swaps = replacements.get(i) ?? [];
    const sentences: Sentence[] = [];
    for (let j = 0; j < scene.sentences.length; j++) {
      const swap = swaps.find((r) => r.start === j);
      if (swap) {
        // Dropping one sentence of a swapped wording drops the new wording with it.
        const keep = ![...dropped].some((d) => d >= swap.start && d < swap.end);
        if (keep) sentences.push(...swap.sentences);
        j = swap.end - 1;
      } else if (!dropped.has(j)) sentences.push(scene.sentences[j]!);
    }
    if (sentences.length === 0) continue;
    const changed = dropped.size > 0 || swaps.length > 0;
    const next = { ...scene, sentences };
    scenes.push(
      changed ? { ...next, durationSeconds: estimateDuration(sceneNarration(next), script.readingLevel) } : next,
    );
  }
  if (scenes.length === 0) throw new InputError('The edits drop every scene; keep at least one.');
  return { ...script, scenes, sources: citedSources(script.sources, scenes, claims) };
}

/** The sources still backed by a cited claim; a source of no known claim is kept (it cannot be judged here). */
function citedSources(sources: readonly ClaimSource[], scenes: readonly Scene[], claims: readonly Claim[]) {
  const cited = new Set(scenes.flatMap((s) => s.sentences.flatMap((x) => x.claimIds)));
  const same = (a: ClaimSource, b: ClaimSource) => a.url === b.url && a.title === b.title;
  return sources.filter(
    (source) =>
      claims.some((c) => cited.has(c.id) && same(c.source, source)) || !claims.some((c) => same(c.source, source)),
  );
}
