// The one role vocabulary: the roles a user may hold and which of them may read or sign off reviews.

/** Every role, in the order admins see them; stored in `users.role`. */
export const ROLES = [
  'campaign_manager',
  'medical_reviewer',
  'lead_reviewer',
  'language_reviewer',
  'test_reader',
  'admin',
  'channel',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that sign scripts and videos off; lead reviewers also receive escalations. */
export const REVIEWER_ROLES = ['medical_reviewer', 'lead_reviewer'] as const satisfies readonly Role[];

/**
 * Roles that sign a script off as readers, before the medical approval counts: a language reviewer (fluency, cultural
 * fit, register, per language they read) and a test reader from the target group (easy-language scripts).
 */
export const READER_ROLES = ['language_reviewer', 'test_reader'] as const satisfies readonly Role[];

/** Who runs campaigns: launches, channels, segmentation, revocation. */
export const MANAGER_ROLES: readonly Role[] = ['campaign_manager', 'admin'];

/** Staff: reviewers and the people who run campaigns; they may read scripts, the review queue and its pages. */
export const STAFF_ROLES: readonly Role[] = [...REVIEWER_ROLES, ...READER_ROLES, 'campaign_manager', 'admin'];

/**
 * Who may read decrypted workflow histories (the Temporal Web UI's codec endpoint): medical reviewers and the people
 * who run campaigns; readers sign scripts off on the review page and need no histories.
 */
export const HISTORY_ROLES: readonly Role[] = [...REVIEWER_ROLES, 'campaign_manager', 'admin'];

/** Whether a role may decide on a script or a video; takes any string because workflows receive roles as data. */
export function isReviewer(role: string | undefined): boolean {
  return (REVIEWER_ROLES as readonly string[]).includes(role ?? '');
}

/** Whether a role signs scripts off as a reader (language reviewer, test reader). */
export function isReader(role: string | undefined): boolean {
  return (READER_ROLES as readonly string[]).includes(role ?? '');
}
