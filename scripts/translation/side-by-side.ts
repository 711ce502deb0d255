// Each sentence of a script beside its rendering in a reader's language: the claim's approved wording where the
// sentence says one (exact and traceable), else the stored back-translation, else "not back-translated".
import type {
  MissingBackTranslation,
  SentenceRendering,
  SideBySide,
  StoredBackTranslation,
} from '../../shared/back-translation.ts';
import { splitSentences } from '../../shared/text.ts';
import type { Claim, Script, Sentence } from '../../shared/types.ts';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Every approved wording slot of a claim as (wording in `from`, the same slot's wording in `to`). */
function wordingPairs(claim: Claim, from: string, to: string): [string | undefined, string | undefined][] {
  const alternatives = claim.alternatives?.[from] ?? [];
  return [
    [claim.text[from], claim.text[to]],
    [claim.shortText?.[from], claim.shortText?.[to]],
    ...alternatives.map((w, k): [string, string | undefined] => [w, claim.alternatives?.[to]?.[k]]),
    [claim.myth?.text[from], claim.myth?.text[to]],
    [claim.myth?.whyWrong[from], claim.myth?.whyWrong[to]],
  ];
}

/**
 * The approved `to` wording of the claim version a sentence says word for word in `from` (a wording of several
 * sentences: the matching sentence of it when both split alike, else the whole wording), or undefined when the
 * sentence is not an approved wording of a claim it cites that has one in `to`.
 */
export function claimRendering(
  sentence: Sentence,
  claims: readonly Claim[],
  from: string,
  to: string,
  versionOf: (claim: Claim) => string,
): Extract<SentenceRendering, { kind: 'claim' }> | undefined {
  const said = oneLine(sentence.text);
  for (const id of sentence.claimIds) {
    const claim = claims.find((c) => c.id === id);
    if (!claim) continue;
    for (const [source, target] of wordingPairs(claim, from, to)) {
      if (!source?.trim() || !target?.trim()) continue;
      const parts = splitSentences(oneLine(source));
      const k = parts.indexOf(said);
      if (k < 0) continue;
      const targetParts = splitSentences(oneLine(target));
      const text = targetParts.length === parts.length ? targetParts[k]! : oneLine(target);
      return { kind: 'claim', text, claimId: id, claimSha256: versionOf(claim) };
    }
  }
  return undefined;
}

/** Where each sentence needing a back-translation into `to` stands, with its text (claim wordings need none). */
export function sentencesToBackTranslate(
  script: Script,
  claims: readonly Claim[],
  to: string,
  versionOf: (claim: Claim) => string,
): { scene: number; sentence: number; text: string }[] {
  return script.scenes.flatMap((scene, k) =>
    scene.sentences.flatMap((s, i) =>
      claimRendering(s, claims, script.language, to, versionOf) ? [] : [{ scene: k, sentence: i, text: s.text }],
    ),
  );
}

/** Lays the sentences to back-translate (in order) and their translations out as the stored per-scene shape. */
export function layOut(
  script: Script,
  positions: readonly { scene: number; sentence: number }[],
  translations: readonly string[],
): (string | null)[][] {
  const grid: (string | null)[][] = script.scenes.map((scene) => scene.sentences.map(() => null));
  positions.forEach((p, k) => {
    grid[p.scene]![p.sentence] = translations[k] ?? null;
  });
  return grid;
}

/**
 * The script rendered in `to`, with `stored`, its back-translation (or the record of why there is none): no record
 * means it is still `pending` (or the version was drafted before back-translation existed).
 */
export function sideBySide(
  script: Script,
  claims: readonly Claim[],
  to: string,
  versionOf: (claim: Claim) => string,
  stored: StoredBackTranslation | undefined,
): SideBySide {
  const missing: MissingBackTranslation =
    stored?.status === 'failed' ? 'failed' : stored?.status === 'no-provider' ? 'no-provider' : 'pending';
  const done = stored?.status === 'done' ? stored : undefined;
  let notBackTranslated = 0;
  const scenes = script.scenes.map((scene, k) =>
    scene.sentences.map((s, i): SentenceRendering => {
      const claim = claimRendering(s, claims, script.language, to, versionOf);
      if (claim) return claim;
      const text = done?.sentences[k]?.[i];
      if (text) return { kind: 'back-translation', text };
      notBackTranslated += 1;
      return { kind: 'not-back-translated' };
    }),
  );
  return {
    language: to,
    scenes,
    ...(done
      ? { translatedBy: { provider: done.provider, ...(done.model ? { model: done.model } : {}), at: done.createdAt } }
      : {}),
    ...(notBackTranslated > 0 ? { missing } : {}),
    ...(stored?.status === 'failed' && stored.failure ? { failure: stored.failure } : {}),
    notBackTranslated,
  };
}
