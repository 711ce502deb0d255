// A language reviewer's or test reader's sign-off, from the JSON API or the workspace form: role, signature, Update.
import { READER_MEANINGS, READER_SIGN_OFFS, type ReaderSignOffKind } from '../shared/reader-sign-offs.ts';
import { isReader } from '../shared/roles.ts';
import { segmentWorkflowId } from '../shared/task-queues.ts';
import type { User } from '../db/user-repo.ts';
import { readerSignOffUpdate, type ReaderSignOffInput, type ReviewState } from '../workflows/messages.ts';
import type { DecideDeps } from './decide.ts';
import { ApiError } from './errors.ts';

export interface SignOffRequest {
  campaignId: string;
  segmentId: string;
  user: User;
  kind: ReaderSignOffKind;
  scriptSha256: string;
  comment?: string | undefined;
  /** Re-entered at the moment of signing: every sign-off is a signature. */
  password?: string | undefined;
}

/**
 * Sends a reader's sign-off to the segment workflow once the password checks out. The workflow's validator has the
 * last word (a stale hash, a language the reader does not read, a second sign-off by the same reader).
 */
export async function signOff(
  deps: Pick<DecideDeps, 'temporal' | 'verifyPassword' | 'languagesOf'>,
  request: SignOffRequest,
): Promise<ReviewState> {
  const { user, kind } = request;
  if (!isReader(user.role) || READER_SIGN_OFFS[kind] !== user.role) {
    throw new ApiError(403, `Only a ${READER_SIGN_OFFS[kind]} gives the ${kind} sign-off; you are ${user.role}.`);
  }
  if (!request.password) throw new ApiError(400, 'Signing needs your password: re-enter it to sign the script off.');
  if (!(await deps.verifyPassword(user, request.password))) {
    throw new ApiError(403, `The password does not match ${user.id}'s password; the sign-off was not signed.`);
  }
  const languages = await deps.languagesOf(user);
  const input: ReaderSignOffInput = {
    reviewer: { id: user.id, displayName: user.displayName, role: user.role, languages },
    kind,
    scriptSha256: request.scriptSha256,
    comment: request.comment,
    signature: { meaning: READER_MEANINGS[kind] },
  };
  const handle = deps.temporal.workflow.getHandle(segmentWorkflowId(request.campaignId, request.segmentId));
  return handle.executeUpdate(readerSignOffUpdate, { args: [input] });
}
