/**
 * Reports and moderation, for every kind of content: a member reports (flags) a post with a reason,
 * once per post; staff hide it (or approve it back) with a reason. The element that shows the post
 * reads its lists again afterwards (a hidden post leaves every list, count and average).
 */
import type { ModerationResult } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import type { FlagReason, TargetType } from '../core/types.js';
import type { Session } from './session.js';
import { recordWrite } from './cache.js';
import { requireText } from './writes.js';

export const REASON_MAX = 500;

export interface ModerationTarget {
  targetType: TargetType;
  targetId: string;
}

function moderationOf(session: Session) {
  const moderation = session.adapter.moderation;
  if (!moderation) throw new UnsupportedError('moderation');
  return moderation;
}

const writeContext = (session: Session) => ({
  token: session.token,
  idempotencyKey: globalThis.crypto.randomUUID(),
});

/** Reports a post with a reason; reporting it again changes the reason. */
export async function flagContent(
  session: Session,
  target: ModerationTarget,
  reason: FlagReason,
): Promise<ModerationResult> {
  const result = await moderationOf(session).flag({ ...target, reason }, writeContext(session));
  recordWrite(session); // the author's trust level counts flags against them
  return result;
}

/** Staff: hides a post, or approves it back, with a reason (kept in the log). */
export async function moderateContent(
  session: Session,
  target: ModerationTarget,
  action: 'hide' | 'approve',
  reason: string,
): Promise<ModerationResult> {
  const text = requireText(reason, 'reason', REASON_MAX);
  const result = await moderationOf(session).act(
    { action, ...target, reason: text },
    writeContext(session),
  );
  recordWrite(session);
  return result;
}
