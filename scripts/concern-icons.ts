// Pictograms on screen: each scene answering a concern shows the icon the campaign chose for it, never a model's pick.
import type { CampaignBrief, Claim, Scene, Script, Segment } from '../shared/types.ts';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** What {@link withConcernIcons} reads besides the script. */
export interface ConcernIconInput {
  brief: Pick<CampaignBrief, 'concerns'>;
  segment: Pick<Segment, 'concerns'>;
  claims: readonly Claim[];
}

/**
 * The concern a scene answers: the one whose campaign heading it shows (the composer's scenes), else the segment's
 * most pressing concern that the first claim it cites answers; undefined for a scene citing no claim.
 */
export function sceneConcern(scene: Scene, language: string, input: ConcernIconInput): string | undefined {
  const { brief, segment } = input;
  const heading = oneLine(scene.onScreenText);
  const byHeading = segment.concerns.find((c) => {
    const own = brief.concerns?.[c]?.heading?.[language];
    return own !== undefined && oneLine(own) === heading;
  });
  if (byHeading) return byHeading;
  const byId = new Map(input.claims.map((c) => [c.id, c]));
  for (const id of scene.sentences.flatMap((s) => s.claimIds)) {
    const topics = byId.get(id)?.topics ?? [];
    const concern = segment.concerns.find((c) => topics.includes(c));
    if (concern) return concern;
  }
  return undefined;
}

/**
 * Sets every scene's `icon` from the concern it answers (`concerns.<id>.icon` in campaign.yaml) and removes one the
 * campaign no longer gives, so a pictogram on screen is always the campaign's own choice. Same input, same script.
 */
export function withConcernIcons(script: Script, input: ConcernIconInput): Script {
  return {
    ...script,
    scenes: script.scenes.map(({ icon: _old, ...scene }) => {
      const concern = sceneConcern(scene, script.language, input);
      const icon = concern === undefined ? undefined : input.brief.concerns?.[concern]?.icon;
      return icon ? { ...scene, icon } : scene;
    }),
  };
}
