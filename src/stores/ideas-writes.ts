/**
 * A member's idea writes: suggest one, comment, follow. Apart from `ideas.ts` so that only members
 * download them (the element imports this chunk ahead, once a member is signed in, or on the first
 * write); the vote stays in `ideas.ts` (readers press it too, and see it at once), the staff's writes
 * are in `ideas-staff.ts`.
 */
import type { ComposeExtras } from '../core/adapter.js';
import type { Idea, IdeaComment } from '../core/types.js';
import { detailsOf, ideasOf, listsOf, patchIdea, patchRemaining, remainingOf } from './ideas.js';
import type { Session } from './session.js';
import { BODY_MAX, TITLE_MAX, checkLength, optimistic, postDraft, requireText } from './writes.js';

/**
 * Suggests the idea drafted under `draftKey`; the author's vote comes with it (budget allowing). One
 * held for a moderator (`notices: ['held']`) joins no list.
 */
export function submitIdea(
  session: Session,
  input: { board: string; title: string; body: string; pageUrl?: string } & ComposeExtras,
  draftKey: string,
): Promise<Idea> {
  return postDraft(session, draftKey, async (idempotencyKey) => {
    const ideas = ideasOf(session);
    const title = requireText(input.title, 'title', TITLE_MAX);
    checkLength(input.body, 'body', BODY_MAX);
    const idea = await ideas.submitIdea(
      { ...input, title },
      { token: session.token, idempotencyKey },
    );
    if (idea.notices?.includes('held')) return idea;
    for (const e of listsOf(session)) {
      const { board, status, query } = e.list;
      const state = e.store.get();
      if (board !== idea.board || (status && status !== idea.status) || query) continue;
      if (state.status !== 'ready' || state.items.some((i) => i.id === idea.id)) continue;
      e.store.set({ ...state, items: [idea, ...state.items], total: state.total + 1 });
    }
    const remaining = remainingOf(session, idea.board);
    if (idea.myVote === 1 && remaining) patchRemaining(session, idea.board, remaining - 1);
    return idea;
  });
}

/** Comments on an idea (the commenter then follows it); one held for a moderator is not shown. */
export function commentOnIdea(
  session: Session,
  input: { ideaId: string; body: string; pageUrl?: string } & ComposeExtras,
  draftKey: string,
): Promise<IdeaComment> {
  return postDraft(session, draftKey, async (idempotencyKey) => {
    const ideas = ideasOf(session);
    const body = requireText(input.body, 'body', BODY_MAX);
    const comment = await ideas.comment(
      { ...input, body },
      { token: session.token, idempotencyKey },
    );
    if (comment.notices?.includes('held')) return comment;
    for (const e of detailsOf(session)) {
      const state = e.store.get();
      if (state.idea?.id !== comment.ideaId || state.status !== 'ready') continue;
      if (state.comments.some((c) => c.id === comment.id)) continue;
      e.store.set({ ...state, comments: [...state.comments, comment], total: state.total + 1 });
    }
    patchIdea(session, comment.ideaId, (idea) => ({
      ...idea,
      commentCount: idea.commentCount + 1,
      following: true,
    }));
    return comment;
  });
}

/** Follows or unfollows an idea, optimistically. */
export function followIdea(session: Session, ideaId: string, following: boolean) {
  const set = (value: boolean) =>
    patchIdea(session, ideaId, (idea) => ({ ...idea, following: value }));
  return optimistic(session, `follow|${session.key}|${ideaId}`, {
    apply: () => set(following),
    send: async (idempotencyKey) => {
      const result = await ideasOf(session).follow(
        { ideaId, following },
        { token: session.token, idempotencyKey },
      );
      set(result.following);
      return result.following;
    },
    rollback: () => set(!following),
  });
}
