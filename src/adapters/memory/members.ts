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
 *
 * Counting is incremental: each record (post, vote, flag) keeps what it added to whose tally and the
 * values that was computed from; a pass over the state compares those values and counts again only
 * the records that changed (and takes back the ones that are gone), and `sync` looks only at the
 * members whose tallies moved. Counting from scratch (a state loaded from storage, an erasure) is the
 * same pass over an empty ledger, so both give the same figures (tests/unit/memory-members.test.ts
 * compares them after random writes).
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
  type StoredFlag,
  type StoredMember,
  type StoredReview,
  type StoredStatusChange,
  type StoredVote,
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
  /** The metrics counted one by one; `posts`, `activeDays` and `reputation` follow from the rest. */
  counts: Record<MemberMetric, number>;
  points: Set<PointEntry>;
  pointSum: number;
  /** Days with a post, and how many posts each. */
  days: Map<string, number>;
  /** Times of the member's posts and votes, and how many at each (tie strength's recent ones). */
  interactions: Map<number, number>;
  given: number;
  received: number;
}

/** What one record of the state (a post, vote or flag) adds to the members' tallies. */
type Effect =
  | { kind: 'post'; member: string; metric: MemberMetric; day: string; at: number }
  | { kind: 'metric'; member: string; metric: MemberMetric }
  | { kind: 'vote'; member: string; at: number }
  | { kind: 'help'; from: string; to: string }
  | { kind: 'point'; entry: PointEntry };

/**
 * How one kind of record counts: `effects` from the record and what it depends on in the state, and
 * `inputs`, every value `effects` reads, so that a record whose inputs are unchanged keeps its effects.
 */
interface Counter<R> {
  records(state: MemoryState): Map<string, R>;
  inputs(record: R, state: MemoryState, changes: StatusChanges): unknown[];
  effects(record: R, state: MemoryState, changes: StatusChanges): Effect[];
}

/** A record's effects as last counted, and the inputs they were counted from. */
interface Counted {
  inputs: unknown[];
  effects: Effect[];
  /** The pass that last saw the record in the state. */
  seen: number;
}

/** The state's status changes by idea (the list only grows; `erase` rewrites it and counts afresh). */
interface StatusChanges {
  list: StoredStatusChange[];
  byIdea: Map<string, StoredStatusChange[]>;
  /** How many of `list` are in `byIdea`. */
  indexed: number;
}

const isTrusted = (roles: readonly Role[]) => roles.some((r) => r === 'staff' || r === 'moderator');

/** The UTC day of a time, for active days. */
const dayOf = (iso: string) => new Date(time(iso)).toISOString().slice(0, 10);

/** A stored record as exported: without the adapter's bookkeeping. */
function exported<T extends object>(record: T): Omit<T, 'seq'> {
  const { seq: _seq, ...rest } = record as T & { seq?: number };
  return structuredClone(rest);
}

const counts = (state: MemoryState, post: StoredPost) => isThreadVisibleTo(state, post, null);

/** Whether two lists of inputs are the same values. */
function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A new post by its author. */
const wrote = (post: StoredPost, metric: MemberMetric): Effect => ({
  kind: 'post',
  member: post.authorId,
  metric,
  day: dayOf(post.createdAt),
  at: time(post.createdAt),
});

function point(
  member: string,
  reason: ReputationReason,
  [targetType, targetId]: [TargetType, string],
  causeActor: string,
  scope: string,
  createdAt: string,
): Effect[] {
  const points = DEFAULT_POINTS[reason];
  return points
    ? [
        {
          kind: 'point',
          entry: { member, points, reason, targetType, targetId, causeActor, scope, createdAt },
        },
      ]
    : [];
}

/** Help between two members: an answer, a comment, an up or helpful vote. */
const helped = (from: string, to: string): Effect[] =>
  from === to ? [] : [{ kind: 'help', from, to }];

/** When (and by whom) the idea last entered a status that `test` accepts. */
function entered(idea: StoredIdea, changes: StatusChanges, test: (status: string) => boolean) {
  let cause = { at: idea.createdAt, by: idea.authorId };
  for (const c of changes.byIdea.get(idea.id) ?? [])
    if (test(c.to) && !(c.from !== null && test(c.from)))
      cause = { at: c.changedAt, by: c.changedBy };
  return cause;
}

/** The post a vote is about, and the question of an answer (its thread's visibility and topic). */
function voted(state: MemoryState, v: StoredVote) {
  const target = postOf(state, v.targetType, v.targetId);
  const question =
    target && v.targetType === 'answer'
      ? state.questions.get((target as StoredAnswer).questionId)
      : undefined;
  return { target, question };
}

const questionCounter: Counter<StoredQuestion> = {
  records: (state) => state.questions,
  inputs(q, state) {
    const a = q.acceptedAnswerId ? state.answers.get(q.acceptedAnswerId) : undefined;
    return [
      ...[q.visibility, q.authorId, q.createdAt, q.topic, q.acceptedAnswerId],
      ...[q.acceptedBy, q.acceptedAt, a?.questionId, a?.visibility, a?.authorId, a?.createdAt],
    ];
  },
  effects(q, state) {
    if (!counts(state, q)) return [];
    const effects = [wrote(q, 'questions')];
    const a = q.acceptedAnswerId ? state.answers.get(q.acceptedAnswerId) : undefined;
    if (!a || a.questionId !== q.id || !counts(state, a)) return effects;
    const by = q.acceptedBy ?? q.authorId;
    const at = q.acceptedAt ?? a.createdAt;
    const scope = `topic:${q.topic}`;
    effects.push(
      { kind: 'metric', member: a.authorId, metric: 'acceptedAnswers' },
      ...point(a.authorId, 'answer.accepted', ['answer', a.id], by, scope, at),
    );
    if (by === q.authorId && a.authorId !== q.authorId)
      effects.push(...point(q.authorId, 'accept.given', ['answer', a.id], by, scope, at));
    return effects;
  },
};

const answerCounter: Counter<StoredAnswer> = {
  records: (state) => state.answers,
  inputs(a, state) {
    const q = state.questions.get(a.questionId);
    return [a.visibility, a.authorId, a.createdAt, a.questionId, q, q?.visibility, q?.authorId];
  },
  effects(a, state) {
    if (!counts(state, a)) return [];
    const q = state.questions.get(a.questionId);
    return [wrote(a, 'answers'), ...(q ? helped(a.authorId, q.authorId) : [])];
  },
};

const ideaCounter: Counter<StoredIdea> = {
  records: (state) => state.ideas,
  inputs: (idea, _state, changes) => [
    ...[idea.visibility, idea.authorId, idea.createdAt, idea.board, idea.status],
    changes.byIdea.get(idea.id)?.length,
  ],
  effects(idea, state, changes) {
    if (!counts(state, idea)) return [];
    const effects = [wrote(idea, 'ideas')];
    const scope = `board:${idea.board}`;
    if (PLANNED_STATUSES.includes(idea.status)) {
      const { at, by } = entered(idea, changes, (s) => PLANNED_STATUSES.includes(s));
      effects.push(...point(idea.authorId, 'idea.planned', ['idea', idea.id], by, scope, at));
    }
    if (idea.status === 'done') {
      effects.push({ kind: 'metric', member: idea.authorId, metric: 'ideasShipped' });
      const { at, by } = entered(idea, changes, (s) => s === 'done');
      effects.push(...point(idea.authorId, 'idea.done', ['idea', idea.id], by, scope, at));
    }
    return effects;
  },
};

const commentCounter: Counter<StoredIdeaComment> = {
  records: (state) => state.ideaComments,
  inputs(c, state) {
    const idea = state.ideas.get(c.ideaId);
    return [
      c.visibility,
      c.authorId,
      c.createdAt,
      c.ideaId,
      idea,
      idea?.visibility,
      idea?.authorId,
    ];
  },
  effects(c, state) {
    if (!counts(state, c)) return [];
    const idea = state.ideas.get(c.ideaId);
    return [wrote(c, 'comments'), ...(idea ? helped(c.authorId, idea.authorId) : [])];
  },
};

const reviewCounter: Counter<StoredReview> = {
  records: (state) => state.reviews,
  inputs: (r) => [r.visibility, r.authorId, r.createdAt],
  effects: (r, state) => (counts(state, r) ? [wrote(r, 'reviews')] : []),
};

const voteCounter: Counter<StoredVote> = {
  records: (state) => state.votes,
  inputs(v, state) {
    const { target, question } = voted(state, v);
    const t = target as Partial<StoredQuestion & StoredIdea & StoredReview> | undefined;
    return [
      ...[v.memberId, v.value, v.createdAt, v.targetType, v.targetId, target, t?.visibility],
      ...[t?.authorId, t?.createdAt, t?.topic, t?.board, t?.product, question, question?.topic],
      question?.visibility,
    ];
  },
  effects(v, state) {
    const { target, question } = voted(state, v);
    if (!target || !counts(state, target) || target.authorId === v.memberId) return [];
    const at = v.createdAt ?? target.createdAt;
    const effects: Effect[] = [{ kind: 'vote', member: v.memberId, at: time(at) }];
    const up = v.value === 1;
    if (up) {
      effects.push(...helped(v.memberId, target.authorId), {
        kind: 'metric',
        member: target.authorId,
        metric: v.targetType === 'review' ? 'helpfulVotes' : 'upvotes',
      });
    }
    const cause = [v.targetType, v.targetId] as [TargetType, string];
    const add = (reason: ReputationReason, scope: string) =>
      effects.push(...point(target.authorId, reason, cause, v.memberId, scope, at));
    if (v.targetType === 'question') {
      add(
        up ? 'question.upvoted' : 'question.downvoted',
        `topic:${(target as StoredQuestion).topic}`,
      );
    } else if (v.targetType === 'answer') {
      add(up ? 'answer.upvoted' : 'answer.downvoted', `topic:${question?.topic ?? ''}`);
    } else if (up && v.targetType === 'idea') {
      add('idea.upvoted', `board:${(target as StoredIdea).board}`);
    } else if (up) {
      add('review.helpful', `product:${(target as StoredReview).product}`);
    }
    return effects;
  },
};

const flagCounter: Counter<StoredFlag> = {
  records: (state) => state.flags,
  inputs: (f, state) => [f.memberId, postOf(state, f.targetType, f.targetId)?.authorId],
  effects(f, state) {
    const target = postOf(state, f.targetType, f.targetId);
    return target && target.authorId !== f.memberId
      ? [{ kind: 'metric', member: target.authorId, metric: 'flagsAgainst' }]
      : [];
  },
};

const COUNTERS = [
  questionCounter,
  answerCounter,
  ideaCounter,
  commentCounter,
  reviewCounter,
  voteCounter,
  flagCounter,
] as Counter<unknown>[];

/** The members part of the memory adapter `host`. */
/* @__NO_SIDE_EFFECTS__ */
export function createMembersBackend(host: MemoryHost): MembersBackend {
  const rules = badgeRules(undefined);

  /**
   * The tallies of the state `state`, kept up to date record by record: a pass over the state finds
   * the records that changed since the last one (a comparison of their inputs), takes back what they
   * counted and counts them again, so a write costs what it concerns, not the whole state. A new state
   * (loaded from storage, reset, an erasure) is counted afresh.
   */
  interface Ledger {
    state: MemoryState;
    tallies: Map<string, Tally>;
    /** Per counter (`COUNTERS`), each record's effects by its key. */
    counted: Map<string, Counted>[];
    changes: StatusChanges;
    pass: number;
    /** Members whose tallies changed (or who are new) since `sync` last looked at them. */
    dirty: Set<string>;
    /** The stored member records `sync` last looked at (a rewritten one is looked at again). */
    synced: Map<string, StoredMember>;
    /** Badges awarded, by member, as of `awardsCounted` awards. */
    awarded: Map<string, Set<string>>;
    awardsCounted: number;
  }
  let ledger: Ledger | null = null;
  /** Whether the ledger was brought up to date in the current task. */
  let current = false;

  function tallyOf(tallies: Map<string, Tally>, id: string): Tally {
    let t = tallies.get(id);
    if (!t) {
      const counts = Object.fromEntries(MEMBER_METRICS.map((m) => [m, 0])) as Tally['counts'];
      t = {
        counts,
        points: new Set(),
        pointSum: 0,
        days: new Map(),
        interactions: new Map(),
        given: 0,
        received: 0,
      };
      tallies.set(id, t);
    }
    return t;
  }

  function apply(l: Ledger, effect: Effect, sign: 1 | -1): void {
    const add = <K>(map: Map<K, number>, key: K) => {
      const n = (map.get(key) ?? 0) + sign;
      if (n) map.set(key, n);
      else map.delete(key);
    };
    const of = (id: string) => {
      l.dirty.add(id);
      return tallyOf(l.tallies, id);
    };
    switch (effect.kind) {
      case 'post': {
        const t = of(effect.member);
        t.counts[effect.metric] += sign;
        add(t.days, effect.day);
        add(t.interactions, effect.at);
        break;
      }
      case 'metric':
        of(effect.member).counts[effect.metric] += sign;
        break;
      case 'vote':
        add(of(effect.member).interactions, effect.at);
        break;
      case 'help':
        of(effect.from).given += sign;
        of(effect.to).received += sign;
        break;
      default: {
        const t = of(effect.entry.member);
        if (sign > 0) t.points.add(effect.entry);
        else t.points.delete(effect.entry);
        t.pointSum += sign * effect.entry.points;
      }
    }
  }

  /** Brings the ledger up to the current state (once per task unless `force`). */
  function update(force = false): Ledger {
    const state = host.state;
    if (ledger?.state !== state) {
      ledger = {
        state,
        tallies: new Map(),
        counted: COUNTERS.map(() => new Map()),
        changes: { list: [], byIdea: new Map(), indexed: 0 },
        pass: 0,
        dirty: new Set(),
        synced: new Map(),
        awarded: new Map(),
        awardsCounted: 0,
      };
    } else if (current && !force) {
      return ledger;
    }
    const l = ledger;
    current = true;
    queueMicrotask(() => (current = false));

    for (const id of state.members.keys()) tallyOf(l.tallies, id);
    const changes = l.changes;
    if (changes.list !== state.statusChanges || changes.indexed > changes.list.length) {
      changes.list = state.statusChanges;
      changes.byIdea.clear();
      changes.indexed = 0;
    }
    for (; changes.indexed < changes.list.length; changes.indexed++) {
      const c = changes.list[changes.indexed]!;
      const list = changes.byIdea.get(c.ideaId);
      if (list) list.push(c);
      else changes.byIdea.set(c.ideaId, [c]);
    }

    const pass = ++l.pass;
    COUNTERS.forEach((counter, i) => {
      const counted = l.counted[i]!;
      let seen = 0;
      for (const [key, record] of counter.records(state)) {
        seen++;
        const inputs = counter.inputs(record, state, changes);
        const was = counted.get(key);
        if (was && same(was.inputs, inputs)) {
          was.seen = pass;
          continue;
        }
        for (const effect of was?.effects ?? []) apply(l, effect, -1);
        const effects = counter.effects(record, state, changes);
        for (const effect of effects) apply(l, effect, 1);
        counted.set(key, { inputs, effects, seen: pass });
      }
      if (counted.size === seen) return;
      for (const [key, was] of counted) {
        if (was.seen === pass) continue;
        for (const effect of was.effects) apply(l, effect, -1);
        counted.delete(key);
      }
    });
    return l;
  }

  /** Every member's tally, as the state is now. */
  const tallies = () => update().tallies;

  /** A member's metrics, as badges and trust levels read them. */
  function metricsOf(id: string, t: Tally): Record<MemberMetric, number> {
    const m = { ...t.counts };
    m.posts = m.questions + m.answers + m.ideas + m.comments + m.reviews;
    m.activeDays = t.days.size;
    m.reputation = (host.state.members.get(id)?.reputationBase ?? 0) + t.pointSum;
    return m;
  }

  const trustOf = (roles: readonly Role[], metrics: Record<MemberMetric, number>): TrustLevel =>
    isTrusted(roles) ? 4 : trustLevelOf(metrics);
  /** What no posts earn: the floor of every level (0 by the default levels). */
  const newMemberLevel = trustLevelOf(
    Object.fromEntries(MEMBER_METRICS.map((m) => [m, 0])) as Record<MemberMetric, number>,
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
    const metrics = metricsOf(id, t);
    const summary = copySummary(member.summary);
    summary.reputation = metrics.reputation;
    summary.trustLevel = trustOf(summary.roles, metrics);
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
    const m = metricsOf(id, t);
    const now = host.now().getTime();
    let recentInteractions = 0;
    for (const [at, n] of t.interactions)
      if (at >= now - INTERACTION_DAYS * DAY) recentInteractions += n;
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
        tenureDays: Math.max(0, Math.floor((now - time(member.joinedAt)) / DAY)),
        activeDays: m.activeDays,
        recentInteractions,
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
      const entries = [...t.points].filter(
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
      const l = update(true); // a write changed the state since (maybe in this very task)
      let changed = false;
      if (l.awardsCounted > state.badgeAwards.length) {
        l.awarded.clear();
        l.awardsCounted = 0;
      }
      for (; l.awardsCounted < state.badgeAwards.length; l.awardsCounted++) {
        const { memberId, badge } = state.badgeAwards[l.awardsCounted]!;
        const slugs = l.awarded.get(memberId);
        if (slugs) slugs.add(badge.slug);
        else l.awarded.set(memberId, new Set([badge.slug]));
      }
      for (const [id, member] of state.members) if (l.synced.get(id) !== member) l.dirty.add(id);
      const at = host.now().toISOString();
      for (const id of l.dirty) {
        const member = state.members.get(id);
        if (!member) continue;
        l.synced.set(id, member);
        const metrics = metricsOf(id, l.tallies.get(id)!);
        const summary = member.summary;
        if (member.reputationBase === undefined) {
          // A seeded member: what the seed says they hold is what they hold.
          const seeded = Number(summary.reputation) || 0;
          member.reputationBase = seeded - metrics.reputation;
          metrics.reputation = seeded;
          changed = true;
        }
        const trustLevel = trustOf(summary.roles, metrics);
        if (summary.reputation !== metrics.reputation || summary.trustLevel !== trustLevel) {
          summary.reputation = metrics.reputation;
          summary.trustLevel = trustLevel;
          changed = true;
        }
        const awarded = l.awarded.get(id) ?? new Set();
        for (const rule of badgesEarned(rules, metrics)) {
          if (awarded.has(rule.slug)) continue;
          const { slug, name, description, tier, metric, threshold } = rule;
          state.badgeAwards.push({
            memberId: id,
            badge: { slug, name, description, tier },
            awardedAt: at,
            cause: { metric, value: metrics[metric], threshold },
          });
          changed = true;
        }
      }
      l.dirty.clear();
      if (l.synced.size > state.members.size)
        for (const id of l.synced.keys()) if (!state.members.has(id)) l.synced.delete(id);
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
          questionFollows: [...state.questionFollowers]
            .filter(([, members]) => members.has(id))
            .map(([questionId]) => ({ targetType: 'question', targetId: questionId })),
          reputation: [...(tallies().get(id)?.points ?? [])]
            .sort((a, b) => time(a.createdAt) - time(b.createdAt))
            .map(exported),
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
          ledger = null; // ids changed everywhere: count afresh
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
  for (const action of state.moderation) {
    if (action.actorId) action.actorId = move(action.actorId);
    if (action.subjectId) action.subjectId = move(action.subjectId);
  }
  for (const award of state.badgeAwards) award.memberId = move(award.memberId);
  for (const [key, flag] of [...state.flags])
    if (flag.memberId === memberId) state.flags.delete(key);
  for (const key of [...state.followers])
    if (key.endsWith(`\u0000${memberId}`)) state.followers.delete(key);
  for (const [questionId, members] of [...state.questionFollowers]) {
    members.delete(memberId);
    if (!members.size) state.questionFollowers.delete(questionId);
  }
  state.notifications = state.notifications.filter((n) => n.memberId !== memberId);
  for (const key of [...state.idempotency.keys()])
    if (key.startsWith(`${memberId}\u0000`)) state.idempotency.delete(key);
}
