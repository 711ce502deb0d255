// The two subjects of sign-off, as reviewers meet them in the API and the workspace: decisions, signatures, words.

/** What a script approval means: the words the reviewer signs, recorded with every approval. */
export const SIGNATURE_MEANING = 'medically accurate and appropriate for this audience';

/** What accepting a video means: the words the reviewer signs, recorded with every acceptance. */
export const VIDEO_SIGNATURE_MEANING = 'the video faithfully presents the approved script and may be published';

export interface SubjectWording {
  /** Decision names as the API and the forms spell them; the first is the signing one. */
  decisions: readonly [string, ...string[]];
  meaning: string;
  /** Ends "Only medical reviewers decide on …". */
  plural: string;
  /** Ends "Signing needs your password: re-enter it to …". */
  signVerb: string;
  /** Ends "The password does not match …'s password; …". */
  notSigned: string;
}

export const SUBJECTS = {
  script: {
    decisions: ['approve', 'request-changes', 'reject'],
    meaning: SIGNATURE_MEANING,
    plural: 'scripts',
    signVerb: 'approve',
    notSigned: 'the approval was not signed',
  },
  video: {
    decisions: ['accept-video', 'request-rerender'],
    meaning: VIDEO_SIGNATURE_MEANING,
    plural: 'videos',
    signVerb: 'accept the video',
    notSigned: 'the video was not accepted',
  },
} as const satisfies Record<string, SubjectWording>;

export type Subject = keyof typeof SUBJECTS;
export type ScriptDecisionName = (typeof SUBJECTS.script.decisions)[number];
export type VideoDecisionName = (typeof SUBJECTS.video.decisions)[number];

/** The decision that is a signature and needs the password again. */
export const signingDecision = (subject: Subject): string => SUBJECTS[subject].decisions[0];

/** "use approve, request-changes or reject": the decisions of a subject, for refusals of unknown ones. */
export function decisionList(subject: Subject): string {
  const names = SUBJECTS[subject].decisions;
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
