// Sentence-level text helpers shared by composer, checks and renderer. Workflow-safe: pure string work.
import type { Scene, Script } from './types.ts';

// Abbreviations after which a full stop does not end a sentence (German and English, as used in health texts).
const ABBREVIATIONS =
  /(?:\b(?:z|u|d|s|v|o|e|i|ggf|bzw|ca|vgl|etc|usw|Dr|Prof|Nr|St|Mr|Mrs|Ms|vs|e\.g|i\.e|Abs|Art)\.)$/;

/**
 * Splits text into sentences at `.`, `!`, `?` or `…` followed by a space and an upper-case letter, digit or
 * quotation mark — not after common abbreviations (`z. B.`, `ca.`, `Dr.`) or inside numbers (`3.5`).
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const boundary = /[.!?…]["“”»«']?\s+(?=["„“«»(]?[\p{Lu}\p{Nd}])/gu;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = (match.index ?? 0) + match[0].trimEnd().length;
    if (ABBREVIATIONS.test(text.slice(start, end))) continue;
    sentences.push(text.slice(start, end).trim());
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** A scene's narration as one string. */
export function sceneNarration(scene: Scene): string {
  return scene.sentences.map((s) => s.text).join(' ');
}

/** Every claim id a script cites, sorted and unique. */
export function scriptClaimIds(script: Script): string[] {
  return [...new Set(script.scenes.flatMap((s) => s.sentences.flatMap((x) => x.claimIds)))].sort();
}
