/**
 * The memory adapter's members (docs/api.md, "Members"): cards, profiles, leaderboards, a member's
 * export and erasure, and the counting behind them — reputation, badges and trust levels by the rules
 * of `core/reputation.ts`, with the default numbers (the memory adapter has no site settings). The
 * trust level decides what a member's posts may hold (level 0: links and images as text) and whether
 * their flag holds a post (level 3 and up), as on the server.
 *
 * There is no ledger: the points each member should hold are derived from the state as it is (the
 * votes, acceptances and idea statuses on visible posts), which is what the server's ledger sums to
 * after its reversing entries. Each point is dated by its cause (the vote, the acceptance, the status
 * change; seeded ones without a time by their post), so leaderboards have periods; a cause undone is
 * simply gone, where the ledger would hold an entry and its reversal. A seeded member's reputation
 * beyond what the seed's posts and votes explain stays theirs (`reputationBase`) and counts in the
 * all-time leaderboard without a scope. Badges are awarded when first counted as earned, and kept.
 * `../memory.ts` loads this part on the first write, the first read of a fresh seed, or the first
 * members read, and has it count after every write.
 */
import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isStaff } from '../../core/token.js';
import {
  DEFAULT_POINTS,
  PLANNED_STATUSES,
  badgeRules,
  badgesEarned,
  byTier,
  tieStrength,
  trustLevelOf,
  type ReputationReason,
} from '../../core/reputation.js';
import { MEMBER_METRICS } from '../../core/types.js';
import type {
  BadgeAward,
  ContributionRef,
  LeaderboardEntry,
  LeaderboardPeriod,
  MemberCard,
  MemberClaims,
  MemberExport,
  MemberMetric,
  MemberProfile,
  MemberSummary,
  Role,
  TargetType,
  TrustLevel,
} from '../../core/types.js';
import {
  byNewest,
  copySummary,
  isThreadVisibleTo,
  newId,
  parseLimit,
  time,
  voteKey,
  type MembersBackend,
  type MemoryHost,
  type MemoryState,
  type StoredAnswer,
  type StoredIdea,
  type StoredIdeaComment,
  type StoredPost,
  type StoredQuestion,
  type StoredReview,
} from './state.js';

const DAY = 86_400_000;
const MAX_IDS = 100;
const TOP_BADGES = 3;
const RECENT_CONTRIBUTIONS = 10;
/** Tie strength's intensity counts the interactions of the last four weeks. */
const INTERACTION_DAYS = 28;
const PERIOD_DAYS: Record<LeaderboardPeriod, number> = { week: 7, month: 30, all: Infinity };
const FORMER_MEMBER = 'A former member';

/** One entry of the ledger the server would hold (the sum of its entries and their reversals). */
export interface PointEntry {
  member: string;
  points: number;
  reason: ReputationReason;
  targetType: TargetType;
  targetId: string;
  causeActor: string;
  /** `topic:<slug>`, `board:<slug>` or `product:<id>`. */
  scope: string;
  createdAt: string;
}

/** What the state says about one member. */
interface Tally {
  metrics: Record<MemberMetric, number>;
  points: PointEntry[];
  days: Set<string>;
  /** Posts and votes in the last four weeks. */
  recent: number;
  given: number;
  received: number;
}

const isTrusted = (roles: readonly Role[]) => roles.some((r) => r === 'staff' || r === 'moderator');

/** The UTC day of a time, for active days. */
const dayOf = (iso: string) => new Date(time(iso)).toISOString().slice(0, 10);

/** A stored record as exported: without the adapter's bookkeeping. */
function exported<T extends object>(record: T): Omit<T, 'seq'> {
  const { seq: _seq, ...rest } = record as T & { seq?: number };
  return structuredClone(rest);
}

/** The members part of the memory adapter `host`. */
/* @__NO_SIDE_EFFECTS__ */
export function createMembersBackend(host: MemoryHost): MembersBackend {
  const rules = badgeRules(undefined);

  /** Every member's figures, in one pass over the state; kept for the rest of the current task. */
  let memo: { state: MemoryState; tallies: Map<string, Tally> } | null = null;
  function tallies(): Map<string, Tally> {
    const state = host.state;
    if (memo?.state === state) return memo.tallies;
    memo = { state, tallies: count(state) };
    queueMicrotask(() => (memo = null));
    return memo.tallies;
  }

  function count(state: MemoryState): Map<string, Tally> {
    const all = new Map<string, Tally>();
    const of = (id: string): Tally => {
      let t = all.get(id);
      if (!t) {
        const metrics = Object.fromEntries(MEMBER_METRICS.map((m) => [m, 0])) as Tally['metrics'];
        all.set(
          id,
          (t = { metrics, points: [], days: new Set(), recent: 0, given: 0, received: 0 }),
        );
      }
      return t;
    };
    for (const id of state.members.keys()) of(id);
    const recentSince = host.now().getTime() - INTERACTION_DAYS * DAY;
    const counts = (post: StoredPost) => isThreadVisibleTo(state, post, null);
    const wrote = (post: StoredPost, metric: MemberMetric): Tally => {
      const t = of(post.authorId);
      t.metrics[metric]++;
      t.days.add(dayOf(post.createdAt));
      if (time(post.createdAt) >= recentSince) t.recent++;
      return t;
    };
    const point = (
      member: string,
      reason: ReputationReason,
      target: [TargetType, string],
      causeActor: string,
      scope: string,
      createdAt: string,
    ) => {
      const points = DEFAULT_POINTS[reason];
      if (points) {
        const [targetType, targetId] = target;
        of(member).points.push({
          member,
          points,
          reason,
          targetType,
          targetId,
          causeActor,
          scope,
          createdAt,
        });
      }
    };
    /** Help between two members: an answer, a comment, an up or helpful vote. */
    const helped = (from: string, to: string) => {
      if (from === to) return;
      of(from).given++;
      of(to).received++;
    };

    for (const q of state.questions.values()) {
      if (!counts(q)) continue;
      wrote(q, 'questions');
      const a = q.acceptedAnswerId ? state.answers.get(q.acceptedAnswerId) : undefined;
      if (!a || a.questionId !== q.id || !counts(a)) continue;
      const by = q.acceptedBy ?? q.authorId;
      const at = q.acceptedAt ?? a.createdAt;
      of(a.authorId).metrics.acceptedAnswers++;
      point(a.authorId, 'answer.accepted', ['answer', a.id], by, `topic:${q.topic}`, at);
      if (by === q.authorId && a.authorId !== q.authorId)
        point(q.authorId, 'accept.given', ['answer', a.id], by, `topic:${q.topic}`, at);
    }
    for (const a of state.answers.values()) {
      if (!counts(a)) continue;
      wrote(a, 'answers');
      const q = state.questions.get(a.questionId);
      if (q) helped(a.authorId, q.authorId);
    }
    const changes = new Map<string, typeof state.statusChanges>();
    for (const c of state.statusChanges)
      changes.set(c.ideaId, [...(changes.get(c.ideaId) ?? []), c]);
    /** When (and by whom) the idea last entered a status that `test` accepts. */
    const entered = (idea: StoredIdea, test: (status: string) => boolean) => {
      let cause = { at: idea.createdAt, by: idea.authorId };
      for (const c of changes.get(idea.id) ?? [])
        if (test(c.to) && !(c.from !== null && test(c.from)))
          cause = { at: c.changedAt, by: c.changedBy };
      return cause;
    };
    for (const idea of state.ideas.values()) {
      if (!counts(idea)) continue;
      const t = wrote(idea, 'ideas');
      const scope = `board:${idea.board}`;
      if (PLANNED_STATUSES.includes(idea.status)) {
        const { at, by } = entered(idea, (s) => PLANNED_STATUSES.includes(s));
        point(idea.authorId, 'idea.planned', ['idea', idea.id], by, scope, at);
      }
      if (idea.status === 'done') {
        t.metrics.ideasShipped++;
        const { at, by } = entered(idea, (s) => s === 'done');
        point(idea.authorId, 'idea.done', ['idea', idea.id], by, scope, at);
      }
    }
    for (const c of state.ideaComments.values()) {
      if (!counts(c)) continue;
      wrote(c, 'comments');
      const idea = state.ideas.get(c.ideaId);
      if (idea) helped(c.authorId, idea.authorId);
    }
    for (const r of state.reviews.values()) if (counts(r)) wrote(r, 'reviews');

    for (const v of state.votes.values()) {
      const target = postOf(state, v.targetType, v.targetId);
      if (!target || !counts(target) || target.authorId === v.memberId) continue;
      const at = v.createdAt ?? target.createdAt;
      if (time(at) >= recentSince) of(v.memberId).recent++;
      const author = of(target.authorId);
      const up = v.value === 1;
      if (up) {
        helped(v.memberId, target.authorId);
        author.metrics[v.targetType === 'review' ? 'helpfulVotes' : 'upvotes']++;
      }
      const cause = [v.targetType, v.targetId] as [TargetType, string];
      const add = (reason: ReputationReason, scope: string) =>
        point(target.authorId, reason, cause, v.memberId, scope, at);
      if (v.targetType === 'question') {
        add(
          up ? 'question.upvoted' : 'question.downvoted',
          `topic:${(target as StoredQuestion).topic}`,
        );
      } else if (v.targetType === 'answer') {
        const q = state.questions.get((target as StoredAnswer).questionId);
        add(up ? 'answer.upvoted' : 'answer.downvoted', `topic:${q?.topic ?? ''}`);
      } else if (up && v.targetType === 'idea') {
        add('idea.upvoted', `board:${(target as StoredIdea).board}`);
      } else if (up) {
        add('review.helpful', `product:${(target as StoredReview).product}`);
      }
    }
    for (const f of state.flags.values()) {
      const target = postOf(state, f.targetType, f.targetId);
      if (target && target.authorId !== f.memberId) of(target.authorId).metrics.flagsAgainst++;
    }

    for (const [id, t] of all) {
      const m = t.metrics;
      m.posts = m.questions + m.answers + m.ideas + m.comments + m.reviews;
      m.activeDays = t.days.size;
      m.reputation =
        (state.members.get(id)?.reputationBase ?? 0) +
        t.points.reduce((sum, p) => sum + p.points, 0);
    }
    return all;
  }

  const trustOf = (roles: readonly Role[], metrics: Tally['metrics']): TrustLevel =>
    isTrusted(roles) ? 4 : trustLevelOf(metrics);
  /** What no posts earn: the floor of every level (0 by the default levels). */
  const newMemberLevel = trustLevelOf(
    Object.fromEntries(MEMBER_METRICS.map((m) => [m, 0])) as Tally['metrics'],
  );

  function awardsOf(memberId: string): BadgeAward[] {
    return host.state.badgeAwards
      .filter((a) => a.memberId === memberId)
      .map(({ badge, awardedAt, cause }) => ({
        badge: { ...badge },
        awardedAt,
        cause: { ...cause },
      }));
  }

  function summaryOf(id: string): MemberSummary | null {
    const member = host.state.members.get(id);
    const t = tallies().get(id);
    if (!member || !t) return null;
    const summary = copySummary(member.summary);
    summary.reputation = t.metrics.reputation;
    summary.trustLevel = trustOf(summary.roles, t.metrics);
    return summary;
  }

  function cardOf(id: string): MemberCard | null {
    const summary = summaryOf(id);
    if (!summary) return null;
    const awards = awardsOf(id);
    return {
      ...summary,
      topBadges: byTier(awards)
        .slice(0, TOP_BADGES)
        .map((a) => a.badge),
      badgeCount: awards.length,
    };
  }

  function titleOf(type: TargetType, post: StoredPost): string {
    const { questions, ideas } = host.state;
    if (type === 'answer') return questions.get((post as StoredAnswer).questionId)?.title ?? '';
    if (type === 'comment') return ideas.get((post as StoredIdeaComment).ideaId)?.title ?? '';
    return (post as StoredPost & { title?: string }).title ?? '';
  }

  function postsBy(memberId: string): [TargetType, StoredPost][] {
    const { questions, answers, ideas, ideaComments, reviews } = host.state;
    const lists: [TargetType, Map<string, StoredPost>][] = [
      ['question', questions],
      ['answer', answers],
      ['idea', ideas],
      ['comment', ideaComments],
      ['review', reviews],
    ];
    return lists.flatMap(([type, posts]) =>
      [...posts.values()]
        .filter((p) => p.authorId === memberId)
        .map((p): [TargetType, StoredPost] => [type, p]),
    );
  }

  function profileOf(id: string, viewerId: string | null): MemberProfile | null {
    const card = cardOf(id);
    const member = host.state.members.get(id);
    if (!card || !member) return null;
    const t = tallies().get(id)!;
    const m = t.metrics;
    const recent: ContributionRef[] = postsBy(id)
      .filter(([, post]) => isThreadVisibleTo(host.state, post, viewerId))
      .sort(([, a], [, b]) => byNewest(a, b))
      .slice(0, RECENT_CONTRIBUTIONS)
      .map(([targetType, post]) => ({
        targetType,
        targetId: post.id,
        title: titleOf(targetType, post),
        ...(post.pageUrl !== undefined && { pageUrl: post.pageUrl }),
        createdAt: post.createdAt,
      }));
    return {
      ...card,
      joinedAt: member.joinedAt,
      badges: awardsOf(id).sort((a, b) => b.awardedAt.localeCompare(a.awardedAt)),
      tieStrength: tieStrength({
        tenureDays: Math.max(0, Math.floor((host.now().getTime() - time(member.joinedAt)) / DAY)),
        activeDays: m.activeDays,
        recentInteractions: t.recent,
        acceptedAnswers: m.acceptedAnswers,
        helpful: m.helpfulVotes + m.upvotes,
        contributions: m.posts,
        given: t.given,
        received: t.received,
      }),
      recent,
    };
  }

  function readMembers(request: { ids?: unknown }): MemberCard[] {
    const ids = request.ids;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      throw new ValidationError('ids must be a list of member ids.', {
        ids: 'ids must be a list of member ids.',
      });
    }
    if (ids.length > MAX_IDS) {
      const message = `At most ${MAX_IDS} members per request.`;
      throw new ValidationError(message, { ids: message });
    }
    return [...new Set(ids as string[])].flatMap((id) => cardOf(id) ?? []);
  }

  function readLeaderboard(
    request: Extract<Parameters<MembersBackend['read']>[0], { kind: 'leaderboard' }>,
  ): LeaderboardEntry[] {
    const fields: Record<string, string> = {};
    const days = Object.hasOwn(PERIOD_DAYS, request.period) ? PERIOD_DAYS[request.period] : NaN;
    if (Number.isNaN(days)) fields.period = 'Use one of week, month, all.';
    for (const field of ['topic', 'board'] as const) {
      const value: unknown = request[field];
      if (value !== undefined && value !== null && (typeof value !== 'string' || !value))
        fields[field] = `The ${field} must be text.`;
    }
    const messages = Object.values(fields);
    if (messages.length) throw new ValidationError(messages.join(' '), fields);
    const limit = parseLimit(request.limit, 'limit');
    const scopes = [
      request.topic ? `topic:${request.topic}` : null,
      request.board ? `board:${request.board}` : null,
    ].filter((s): s is string => s !== null);
    const since = host.now().getTime() - days * DAY;
    const ranked: { member: MemberSummary; points: number; first: number }[] = [];
    for (const [id, t] of tallies()) {
      const stored = host.state.members.get(id);
      if (!stored || isTrusted(stored.summary.roles) || stored.summary.erased) continue;
      const entries = t.points.filter(
        (p) => time(p.createdAt) >= since && (!scopes.length || scopes.includes(p.scope)),
      );
      let points = entries.reduce((sum, p) => sum + p.points, 0);
      let first = entries.reduce((min, p) => Math.min(min, time(p.createdAt)), Infinity);
      if (days === Infinity && !scopes.length && stored.reputationBase) {
        points += stored.reputationBase;
        first = Math.min(first, time(stored.joinedAt));
      }
      if (points > 0) ranked.push({ member: summaryOf(id)!, points, first });
    }
    return ranked
      .sort(
        (a, b) =>
          b.points - a.points ||
          a.first - b.first ||
          (a.member.id < b.member.id ? -1 : a.member.id > b.member.id ? 1 : 0),
      )
      .slice(0, limit)
      .map(({ member, points }, i) => ({ member, points, rank: i + 1 }));
  }

  return {
    sync() {
      const state = host.state;
      let changed = false;
      memo = null; // a write changed the state since (maybe in this very task)
      const all = tallies();
      const awarded = new Set(state.badgeAwards.map((a) => `${a.memberId}\u0000${a.badge.slug}`));
      const at = host.now().toISOString();
      for (const [id, member] of state.members) {
        const t = all.get(id)!;
        const summary = member.summary;
        if (member.reputationBase === undefined) {
          // A seeded member: what the seed says they hold is what they hold.
          const seeded = Number(summary.reputation) || 0;
          member.reputationBase = seeded - t.metrics.reputation;
          t.metrics.reputation = seeded;
          changed = true;
        }
        const trustLevel = trustOf(summary.roles, t.metrics);
        if (summary.reputation !== t.metrics.reputation || summary.trustLevel !== trustLevel) {
          summary.reputation = t.metrics.reputation;
          summary.trustLevel = trustLevel;
          changed = true;
        }
        for (const rule of badgesEarned(rules, t.metrics)) {
          if (awarded.has(`${id}\u0000${rule.slug}`)) continue;
          const { slug, name, description, tier, metric, threshold } = rule;
          state.badgeAwards.push({
            memberId: id,
            badge: { slug, name, description, tier },
            awardedAt: at,
            cause: { metric, value: t.metrics[metric], threshold },
          });
          changed = true;
        }
      }
      state.membersSynced = true;
      return changed;
    },

    trustLevelOf(memberId) {
      const counted = summaryOf(memberId)?.trustLevel ?? 0;
      return counted > newMemberLevel ? counted : newMemberLevel;
    },

    read(request, viewerId) {
      switch (request.kind) {
        case 'member': {
          const profile =
            typeof request.memberId === 'string' ? profileOf(request.memberId, viewerId) : null;
          if (!profile) throw new NotFoundError('This member does not exist.');
          return profile;
        }
        case 'members':
          return readMembers(request);
        default:
          return readLeaderboard(request);
      }
    },

    exportMine(claims: MemberClaims, site: string | null): MemberExport {
      const state = host.state;
      const id = claims.sub;
      const member =
        profileOf(id, id) ??
        ({
          id,
          name: claims.name,
          ...(claims.avatar !== undefined && { avatar: claims.avatar }),
          roles: [...(claims.roles ?? ['customer'])],
          reputation: 0,
          trustLevel: isTrusted(claims.roles ?? []) ? 4 : 0,
          topBadges: [],
          badgeCount: 0,
          joinedAt: host.now().toISOString(),
          badges: [],
          tieStrength: tieStrength({
            tenureDays: 0,
            activeDays: 0,
            recentInteractions: 0,
            acceptedAnswers: 0,
            helpful: 0,
            contributions: 0,
            given: 0,
            received: 0,
          }),
          recent: [],
        } satisfies MemberProfile);
      const posts = (type: TargetType) =>
        postsBy(id)
          .filter(([t]) => t === type)
          .map(([, post]) => exported(post));
      return {
        exportedAt: host.now().toISOString(),
        site: site ?? '',
        member,
        records: {
          questions: posts('question'),
          answers: posts('answer'),
          ideas: posts('idea'),
          comments: posts('comment'),
          reviews: posts('review'),
          votes: [...state.votes.values()].filter((v) => v.memberId === id).map(exported),
          flags: [...state.flags.values()].filter((f) => f.memberId === id).map(exported),
          follows: [...state.followers]
            .map((key) => key.split('\u0000'))
            .filter(([, memberId]) => memberId === id)
            .map(([ideaId]) => ({ targetType: 'idea', targetId: ideaId })),
          reputation: (tallies().get(id)?.points ?? []).map(exported),
          badges: awardsOf(id),
          notifications: state.notifications.filter((n) => n.memberId === id).map(exported),
          photos: [...state.photos.values()].filter((p) => p.memberId === id).map(exported),
        },
      };
    },

    writes: {
      async erase(input, claims) {
        const memberId = input?.memberId;
        if (typeof memberId !== 'string' || !memberId) {
          throw new ValidationError('Which member?', { memberId: 'Which member?' });
        }
        if (memberId !== claims.sub && !isStaff(claims))
          throw new ForbiddenError('Only the member themself, or staff, can erase a member.');
        return () => {
          erase(host.state, memberId);
          return null;
        };
      },
    },
  };
}

/** The post a vote or flag is about. */
function postOf(state: MemoryState, type: TargetType, id: string): StoredPost | undefined {
  const posts = {
    question: state.questions,
    answer: state.answers,
    idea: state.ideas,
    comment: state.ideaComments,
    review: state.reviews,
  }[type] as Map<string, StoredPost> | undefined;
  return posts?.get(id);
}

/**
 * Erases a member: their posts, votes and badges move to a new anonymous member (so every count
 * stays); their name, avatar, flags raised, follows, notifications and remembered writes go.
 */
function erase(state: MemoryState, memberId: string): void {
  const member = state.members.get(memberId);
  if (!member || member.summary.erased) throw new NotFoundError('This member does not exist.');
  const formerId = newId('m_former_');
  state.members.delete(memberId);
  state.members.set(formerId, {
    summary: {
      id: formerId,
      name: FORMER_MEMBER,
      roles: ['customer'],
      reputation: member.summary.reputation,
      trustLevel: member.summary.trustLevel,
      erased: true,
    },
    joinedAt: member.joinedAt,
    reputationBase: member.reputationBase ?? 0,
  });
  const move = (id: string) => (id === memberId ? formerId : id);
  for (const posts of [
    state.questions,
    state.answers,
    state.ideas,
    state.ideaComments,
    state.reviews,
  ] as Map<string, StoredPost>[]) {
    for (const post of posts.values()) post.authorId = move(post.authorId);
  }
  for (const q of state.questions.values())
    if (q.acceptedBy !== undefined) q.acceptedBy = move(q.acceptedBy);
  for (const r of state.reviews.values()) if (r.reply) r.reply.authorId = move(r.reply.authorId);
  for (const c of state.statusChanges) {
    c.changedBy = move(c.changedBy);
    if (c.response) c.response.authorId = move(c.response.authorId);
  }
  for (const [key, vote] of [...state.votes]) {
    if (vote.memberId !== memberId) continue;
    state.votes.delete(key);
    state.votes.set(voteKey(formerId, vote.targetType, vote.targetId), {
      ...vote,
      memberId: formerId,
    });
  }
  for (const photo of state.photos.values()) photo.memberId = move(photo.memberId);
  for (const action of state.moderation) action.actorId = move(action.actorId);
  for (const award of state.badgeAwards) award.memberId = move(award.memberId);
  for (const [key, flag] of [...state.flags])
    if (flag.memberId === memberId) state.flags.delete(key);
  for (const key of [...state.followers])
    if (key.endsWith(`\u0000${memberId}`)) state.followers.delete(key);
  state.notifications = state.notifications.filter((n) => n.memberId !== memberId);
  for (const key of [...state.idempotency.keys()])
    if (key.startsWith(`${memberId}\u0000`)) state.idempotency.delete(key);
}
