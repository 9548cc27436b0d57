/**
 * The memory adapter's Q&A writes: asking, answering, votes on questions, answers and reviews,
 * accepting an answer, and the asker's (or staff's) escalation to support. `../memory.ts` loads this
 * part on the first such write, so a page that only reads questions never downloads it; the code is
 * the adapter's own (each write enters, checks its token, replays and remembers through the host),
 * only moved here.
 */
import type {
  AcceptAnswerInput,
  AskQuestionInput,
  ComposeExtras,
  KithAdapter,
  PostAnswerInput,
  RequestContext,
  VoteInput,
  VoteResult,
  WriteContext,
} from '../../core/adapter.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.js';
import { isStaff } from '../../core/token.js';
import type {
  Answer,
  MemberClaims,
  PostBase,
  PostNotice,
  Question,
  VoteValue,
} from '../../core/types.js';
import {
  MAX_BODY,
  MAX_TITLE,
  followQuestion,
  isThreadVisibleTo,
  isVisibleTo,
  placeIn,
  renderPost,
  scoreOf,
  throwIfInvalid,
  time,
  validatePageUrl,
  voteKey,
  type MemoryHost,
  type NotificationsBackend,
  type StoredAnswer,
  type StoredQuestion,
  type VotableType,
} from './state.js';

/** What the Q&A writes need of the adapter besides a part's host. */
export interface QaHost extends MemoryHost {
  /** Latency, simulated failures, cancellation, fresh state, the members and notifications parts. */
  enter(ctx: RequestContext | undefined): Promise<void>;
  claimsFrom(token: string | null | undefined): MemberClaims;
  /**
   * The author of a new post (the token's member, or a guest where allowed) after the spam guards
   * (honeypot, minimum time): refuses as the server does.
   */
  posterFrom(input: ComposeExtras | null | undefined, ctx: WriteContext): Promise<MemberClaims>;
  writeKey(memberId: string, operation: string, ctx: WriteContext): string | null;
  replay<T>(key: string | null): T | undefined;
  /** Keeps the result under its key, counts the members again and saves the state. */
  remember<T>(key: string | null, result: T): T;
  rememberMember(claims: MemberClaims, at: string): void;
  mayLink(claims: MemberClaims): boolean;
  toQuestion(q: StoredQuestion, viewerId: string | null): Question;
  toAnswer(a: StoredAnswer, viewerId: string | null): Answer;
  /** Milliseconds after asking from which the asker may escalate. */
  readonly askerAfter: number;
  /** The notifications part (loaded by {@link QaHost.enter}). */
  notifications(): NotificationsBackend;
}

export type QaWrites = Pick<
  KithAdapter,
  'askQuestion' | 'postAnswer' | 'vote' | 'acceptAnswer' | 'escalate'
>;

function validateQuestion(input: AskQuestionInput): AskQuestionInput {
  const fields: Record<string, string> = {};
  const topic = placeIn(input?.topic, 'topic', fields);
  const title = typeof input?.title === 'string' ? input.title.trim() : '';
  if (!title) fields.title = 'Enter a title for your question.';
  else if (title.length > MAX_TITLE)
    fields.title = `The title must be at most ${MAX_TITLE} characters.`;
  const rawBody = input?.body ?? '';
  const body = typeof rawBody === 'string' ? rawBody : '';
  if (typeof rawBody !== 'string') fields.body = 'The text must be text.';
  else if (body.trim().length > MAX_BODY)
    fields.body = `The text must be at most ${MAX_BODY} characters.`;
  const pageUrl = validatePageUrl(input?.pageUrl, fields);
  throwIfInvalid(fields);
  return { topic, title, body: body.trim() ? body : '', pageUrl };
}

function validateAnswer(input: PostAnswerInput): PostAnswerInput {
  const fields: Record<string, string> = {};
  if (typeof input?.questionId !== 'string' || !input.questionId) {
    fields.questionId = 'Which question does this answer?';
  }
  const body = typeof input?.body === 'string' ? input.body : '';
  if (!body.trim()) fields.body = 'Write an answer first.';
  else if (body.trim().length > MAX_BODY)
    fields.body = `The answer must be at most ${MAX_BODY} characters.`;
  const pageUrl = validatePageUrl(input?.pageUrl, fields);
  throwIfInvalid(fields);
  return { questionId: input.questionId, body, pageUrl };
}

function validateVote(input: VoteInput): {
  targetType: VotableType;
  targetId: string;
  value: VoteValue;
} {
  const fields: Record<string, string> = {};
  const targetType = input?.targetType;
  if (targetType !== 'question' && targetType !== 'answer' && targetType !== 'review') {
    fields.targetType = 'Only questions, answers, ideas and reviews can be voted on.';
  }
  if (typeof input?.targetId !== 'string' || !input.targetId)
    fields.targetId = 'Which post is this vote for?';
  const value = input?.value;
  if (value !== 1 && value !== -1 && value !== 0) fields.value = 'A vote is 1, -1 or 0.';
  throwIfInvalid(fields);
  return { targetType: targetType as VotableType, targetId: input.targetId, value };
}

/** A write's result with the notices of its post, when there are any (`held`: a guest's post). */
/* @__NO_SIDE_EFFECTS__ */
function withNotices<T extends PostBase>(post: T, notices: PostNotice[] = []): T {
  const all: PostNotice[] = post.visibility === 'held' ? [...notices, 'held'] : notices;
  return all.length ? { ...post, notices: all } : post;
}

/** The Q&A writes of the memory adapter `host`. */
/* @__NO_SIDE_EFFECTS__ */
export function createQaWrites(host: QaHost): QaWrites {
  const { now } = host;
  return {
    async askQuestion(input, ctx) {
      await host.enter(ctx);
      const claims = await host.posterFrom(input, ctx);
      const key = host.writeKey(claims.sub, 'askQuestion', ctx);
      const earlier = host.replay<Question>(key);
      if (earlier) return earlier;
      const valid = validateQuestion(input);
      const { html, notices } = await renderPost(valid.body, host.mayLink(claims));
      // Another call with the same key may have finished while the Markdown was rendering.
      const meanwhile = host.replay<Question>(key);
      if (meanwhile) return meanwhile;
      const at = now().toISOString();
      host.rememberMember(claims, at);
      const question: StoredQuestion = {
        ...host.newPost('q_', claims.sub, valid, html, at),
        topic: valid.topic,
        title: valid.title,
        answerCount: 0,
        acceptedAnswerId: null,
        activeAt: at,
      };
      host.state.questions.set(question.id, question);
      followQuestion(host.state, question.id, claims.sub, true);
      return host.remember(key, withNotices(host.toQuestion(question, claims.sub), notices));
    },

    async postAnswer(input, ctx) {
      await host.enter(ctx);
      const claims = await host.posterFrom(input, ctx);
      const key = host.writeKey(claims.sub, 'postAnswer', ctx);
      const earlier = host.replay<Answer>(key);
      if (earlier) return earlier;
      const valid = validateAnswer(input);
      const asked = host.state.questions.get(valid.questionId);
      if (!asked || !isVisibleTo(asked, claims.sub))
        throw new NotFoundError('This question does not exist.');
      const { html, notices } = await renderPost(valid.body, host.mayLink(claims));
      const meanwhile = host.replay<Answer>(key);
      if (meanwhile) return meanwhile;
      const { state } = host;
      const question = state.questions.get(valid.questionId);
      if (!question || !isVisibleTo(question, claims.sub))
        throw new NotFoundError('This question does not exist.');
      const at = now().toISOString();
      host.rememberMember(claims, at);
      const answer: StoredAnswer = {
        ...host.newPost('a_', claims.sub, valid, html, at),
        questionId: question.id,
      };
      state.answers.set(answer.id, answer);
      // A held answer (a guest's) counts nowhere and tells nobody until a moderator approves it.
      if (answer.visibility !== 'held') {
        question.answerCount++;
        question.activeAt = at;
        if (question.escalatedAt && !question.escalationResolvedAt && isStaff(claims))
          question.escalationResolvedAt = at;
        host.notifications().answerPosted(question, answer);
      }
      followQuestion(state, question.id, claims.sub, true);
      return host.remember(key, withNotices(host.toAnswer(answer, claims.sub), notices));
    },

    async vote(input, ctx): Promise<VoteResult> {
      await host.enter(ctx);
      const claims = host.claimsFrom(ctx?.token);
      const key = host.writeKey(claims.sub, 'vote', ctx);
      const earlier = host.replay<VoteResult>(key);
      if (earlier) return earlier;
      const { targetType, targetId, value } = validateVote(input);
      const { state } = host;
      const target = (
        targetType === 'question'
          ? state.questions
          : targetType === 'answer'
            ? state.answers
            : state.reviews
      ).get(targetId);
      if (!target || !isThreadVisibleTo(state, target, claims.sub))
        throw new NotFoundError(`This ${targetType} does not exist.`);
      if (target.authorId === claims.sub)
        throw new ForbiddenError('You cannot vote on your own post.');
      host.rememberMember(claims, now().toISOString());
      // Voting on a question or one of its answers follows the question; unvoting does not unfollow.
      const followed = 'questionId' in target ? (target.questionId as string) : targetId;
      if (value !== 0 && targetType !== 'review') followQuestion(state, followed, claims.sub, true);
      const vk = voteKey(claims.sub, targetType, targetId);
      const previous = state.votes.get(vk)?.value ?? 0;
      if (previous !== value) {
        if (previous === 1) target.upvotes--;
        if (previous === -1) target.downvotes--;
        if (value === 1) target.upvotes++;
        if (value === -1) target.downvotes++;
        if (value === 0) state.votes.delete(vk);
        else
          state.votes.set(vk, {
            memberId: claims.sub,
            targetType,
            targetId,
            value,
            createdAt: now().toISOString(),
          });
      }
      return host.remember(key, {
        targetType,
        targetId,
        value,
        score: scoreOf(target),
        upvotes: target.upvotes,
        downvotes: target.downvotes,
      });
    },

    async acceptAnswer(input: AcceptAnswerInput, ctx) {
      await host.enter(ctx);
      const claims = host.claimsFrom(ctx?.token);
      const key = host.writeKey(claims.sub, 'acceptAnswer', ctx);
      const earlier = host.replay<Question>(key);
      if (earlier) return earlier;
      const answerId = input?.answerId ?? null;
      const fields: Record<string, string> = {};
      if (typeof input?.questionId !== 'string' || !input.questionId)
        fields.questionId = 'Which question?';
      if (answerId !== null && (typeof answerId !== 'string' || !answerId))
        fields.answerId = 'Which answer?';
      throwIfInvalid(fields);
      const { state } = host;
      const question = state.questions.get(input.questionId);
      if (!question || !isVisibleTo(question, claims.sub))
        throw new NotFoundError('This question does not exist.');
      if (question.authorId !== claims.sub && !isStaff(claims)) {
        throw new ForbiddenError('Only the person who asked, or staff, can accept an answer.');
      }
      if (answerId !== null) {
        const answer = state.answers.get(answerId);
        if (!answer) throw new NotFoundError('This answer does not exist.');
        if (answer.questionId !== question.id) {
          throw new ValidationError('That answer belongs to another question.', {
            answerId: 'That answer belongs to another question.',
          });
        }
      }
      const at = now().toISOString();
      host.rememberMember(claims, at);
      if (answerId === null) {
        delete question.acceptedAt;
        delete question.acceptedBy;
      } else if (answerId !== question.acceptedAnswerId) {
        question.acceptedAt = at;
        question.acceptedBy = claims.sub;
        host.notifications().answerAccepted(question, answerId, claims.sub);
      }
      question.acceptedAnswerId = answerId;
      return host.remember(key, host.toQuestion(question, claims.sub));
    },

    async escalate(input, ctx) {
      await host.enter(ctx);
      const claims = host.claimsFrom(ctx?.token);
      const key = host.writeKey(claims.sub, 'escalate', ctx);
      const earlier = host.replay<Question>(key);
      if (earlier) return earlier;
      if (typeof input?.questionId !== 'string' || !input.questionId)
        throwIfInvalid({ questionId: 'Which question?' });
      const question = host.state.questions.get(input.questionId);
      if (!question || !isVisibleTo(question, claims.sub))
        throw new NotFoundError('This question does not exist.');
      const staff = isStaff(claims);
      if (question.authorId !== claims.sub && !staff) {
        throw new ForbiddenError('Only the person who asked, or staff, can escalate a question.');
      }
      // Escalating twice changes nothing.
      if (question.escalatedAt) return host.remember(key, host.toQuestion(question, claims.sub));
      if (question.acceptedAnswerId !== null)
        throw new ConflictError('This question has an accepted answer.');
      const at = now();
      if (!staff && at.getTime() < time(question.createdAt) + host.askerAfter) {
        throw new ConflictError('Please give the community a little more time to answer.');
      }
      host.rememberMember(claims, at.toISOString());
      question.escalatedAt = at.toISOString();
      question.escalatedBy = staff && question.authorId !== claims.sub ? 'staff' : 'asker';
      question.escalationResolvedAt = null;
      host.notifications().questionEscalated(question, claims.sub);
      return host.remember(key, host.toQuestion(question, claims.sub));
    },
  };
}
