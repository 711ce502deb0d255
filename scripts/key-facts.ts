// Key facts on screen: each scene shows the approved short wording of the first claim it cites, never new words.
import type { Claim, Scene, Script } from '../shared/types.ts';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The short wording (in `language`) of the first claim the scene cites that has one, or undefined. */
export function keyFactOf(scene: Scene, claims: readonly Claim[], language: string): string | undefined {
  const byId = new Map(claims.map((c) => [c.id, c]));
  for (const id of scene.sentences.flatMap((s) => s.claimIds)) {
    const short = oneLine(byId.get(id)?.shortText?.[language] ?? '');
    if (short) return short;
  }
  return undefined;
}

/**
 * Sets every scene's `keyFact` from the claims it cites (and removes one whose claim it no longer cites), so the
 * text on screen is always a reviewed wording of a claim the narration states. Same input, same script.
 */
export function withKeyFacts(script: Script, claims: readonly Claim[]): Script {
  return {
    ...script,
    scenes: script.scenes.map(({ keyFact: _old, ...scene }) => {
      const keyFact = keyFactOf(scene, claims, script.language);
      return keyFact ? { ...scene, keyFact } : scene;
    }),
  };
}
