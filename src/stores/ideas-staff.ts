/**
 * The staff's idea writes: set a status (with an official response) and merge a duplicate. Apart
 * from `ideas.ts` so that only the staff controls' chunk carries them.
 */
import type { Idea, IdeaStatusSlug } from '../core/types.js';
import { recordWrite } from './cache.js';
import { findIdea, ideasOf, patchIdea, refreshBoard } from './ideas.js';
import type { Session } from './session.js';
import { BODY_MAX, checkLength, once } from './writes.js';

/** Sets an idea's status, with an optional official response (Markdown). */
export function setIdeaStatus(
  session: Session,
  input: { ideaId: string; status: IdeaStatusSlug; response?: string },
): Promise<{ idea: Idea; from: IdeaStatusSlug | null }> {
  return once(`status|${session.key}|${input.ideaId}`, async () => {
    const ideas = ideasOf(session);
    if (input.response) checkLength(input.response, 'response', BODY_MAX);
    const from = findIdea(session, input.ideaId)?.status ?? null;
    const idea = await ideas.setStatus(
      { ideaId: input.ideaId, status: input.status, response: input.response || undefined },
      { token: session.token, idempotencyKey: globalThis.crypto.randomUUID() },
    );
    recordWrite(session);
    patchIdea(session, idea.id, () => idea);
    refreshBoard(session, idea.board);
    return { idea, from };
  });
}

/** Merges a duplicate into the original; resolves with the original. */
export function mergeIdea(
  session: Session,
  input: { duplicateId: string; originalId: string },
): Promise<Idea> {
  return once(`merge|${session.key}|${input.duplicateId}`, async () => {
    const original = await ideasOf(session).merge(input, {
      token: session.token,
      idempotencyKey: globalThis.crypto.randomUUID(),
    });
    recordWrite(session);
    patchIdea(session, original.id, () => original);
    refreshBoard(session, original.board);
    return original;
  });
}
