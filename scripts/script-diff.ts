// What changed between two script versions, sentence by sentence, so a reviewer reads only the difference.
import type { Script } from '../shared/types.ts';

export type DiffOp = { op: 'same' | 'added' | 'removed'; text: string };

export interface SceneDiff {
  scene: number;
  sentences: DiffOp[];
  onScreenText?: { before: string; after: string };
  /** The key fact shown on screen (a claim's approved short wording); a side is absent where the scene has none. */
  keyFact?: { before?: string; after?: string };
}

export interface ScriptDiff {
  changed: boolean;
  scenes: SceneDiff[];
  /** Fields outside the scenes that changed (title, callToAction, aiDisclosure, …). */
  fields: string[];
}

/** Longest-common-subsequence diff of two sentence lists (scripts are short: quadratic is fine). */
function diffSentences(before: readonly string[], after: readonly string[]): DiffOp[] {
  const n = before.length;
  const m = after.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      ops.push({ op: 'same', text: before[i++]! });
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ op: 'added', text: after[j++]! });
    } else {
      ops.push({ op: 'removed', text: before[i++]! });
    }
  }
  return ops;
}

const onlyText = (side: 'before' | 'after', text: string | undefined) => (text ? { [side]: text } : {});

/** Compares `before` and `after` scene by scene (scenes matched by position). */
export function diffScripts(before: Script, after: Script): ScriptDiff {
  const scenes: SceneDiff[] = [];
  const count = Math.max(before.scenes.length, after.scenes.length);
  for (let k = 0; k < count; k++) {
    const a = before.scenes[k];
    const b = after.scenes[k];
    const sentences = diffSentences(a?.sentences.map((s) => s.text) ?? [], b?.sentences.map((s) => s.text) ?? []);
    const onScreenChanged = (a?.onScreenText ?? '') !== (b?.onScreenText ?? '');
    const keyFactChanged = a?.keyFact !== b?.keyFact;
    if (sentences.some((s) => s.op !== 'same') || onScreenChanged || keyFactChanged) {
      scenes.push({
        scene: k,
        sentences,
        ...(onScreenChanged ? { onScreenText: { before: a?.onScreenText ?? '', after: b?.onScreenText ?? '' } } : {}),
        ...(keyFactChanged ? { keyFact: { ...onlyText('before', a?.keyFact), ...onlyText('after', b?.keyFact) } } : {}),
      });
    }
  }
  const keys = ['title', 'language', 'readingLevel', 'callToAction', 'aiDisclosure'] as const;
  const fields: string[] = keys.filter((key) => before[key] !== after[key]);
  if (JSON.stringify(before.sources) !== JSON.stringify(after.sources)) fields.push('sources');
  return { changed: scenes.length > 0 || fields.length > 0, scenes, fields };
}
