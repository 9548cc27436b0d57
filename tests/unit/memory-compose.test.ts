/// <reference types="node" />
/**
 * The memory adapter's side of the compose forms: the `community` read, the spam guards' honeypot and
 * minimum time (with the server's messages), and guests' posts held for a moderator.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createMemoryAdapter, type MemoryAdapterOptions } from '../../src/adapters/memory.js';
import { batchedRead } from '../../src/stores/batch.js';
import type { ReadRequest, WriteContext } from '../../src/core/adapter.js';
import { UnauthorizedError, UnsupportedError, ValidationError } from '../../src/core/errors.js';
import type {
  CommunityInfo,
  NotificationsPage,
  Page,
  Question,
  QuestionThread,
} from '../../src/core/types.js';
import { communityInfo } from '../../src/stores/community.js';
import { sessionFor } from '../../src/stores/session.js';
import { countingAdapter } from '../support/counting-adapter.js';
import { isError, token, write } from './helpers.js';

const NOT_ACCEPTED = 'This post could not be accepted.';
const TOO_FAST = 'That was fast — please take a moment to check your post and send it again.';

const adapterWith = (options: MemoryAdapterOptions = {}) =>
  createMemoryAdapter({ site: 'test', storage: null, ...options });

/** A guest's write: no token, a key of its own. */
const asGuest = (): WriteContext => ({ token: null, idempotencyKey: crypto.randomUUID() });
const timed = (seconds: number) => ({ guard: { honeypot: '', elapsedMs: seconds * 1000 } });

async function readOne<T>(
  adapter: ReturnType<typeof adapterWith>,
  request: ReadRequest,
  viewer: string | null = null,
): Promise<T> {
  const [outcome] = await adapter.read([request], { token: viewer });
  assert.ok(outcome?.ok, `read ${request.kind} failed`);
  return outcome.data as T;
}

describe('memory adapter: community read', () => {
  it('answers with no guidelines, no guests and no minimum time by default', async () => {
    const info = await readOne<CommunityInfo>(adapterWith(), { kind: 'community' });
    assert.deepEqual(info, { guidelines: null, guests: false, minSubmitSeconds: 0 });
  });

  it('answers with the options, the guidelines trimmed', async () => {
    const adapter = adapterWith({
      guidelines: '  Be kind.\n\nNo ads.  ',
      guests: true,
      minSubmitSeconds: 4,
    });
    const info = await readOne<CommunityInfo>(adapter, { kind: 'community' });
    assert.deepEqual(info, {
      guidelines: 'Be kind.\n\nNo ads.',
      guests: true,
      minSubmitSeconds: 4,
    });
  });
});

describe('memory adapter: spam guards', () => {
  it('refuses a post whose honeypot is filled, with a neutral message, storing nothing', async () => {
    const adapter = adapterWith();
    await assert.rejects(
      adapter.askQuestion(
        {
          topic: 't',
          title: 'Cheap watches',
          body: '',
          guard: { honeypot: 'http://spam.example' },
        },
        write(token('m_bot')),
      ),
      isError(ValidationError, (e) => {
        assert.equal(e.message, NOT_ACCEPTED);
        assert.deepEqual(e.fields, {});
      }),
    );
    const page = await readOne<Page<Question>>(adapter, {
      kind: 'questions',
      topic: 't',
      sort: 'newest',
      limit: 10,
    });
    assert.equal(page.total, 0);
  });

  it('refuses a post sent sooner than the minimum time, and takes it once enough time passed', async () => {
    const adapter = adapterWith({ minSubmitSeconds: 3 });
    const ctx = write(token('m_ada'));
    await assert.rejects(
      adapter.askQuestion({ topic: 't', title: 'Quick?', body: '', ...timed(2.9) }, ctx),
      isError(ValidationError, (e) => assert.equal(e.message, TOO_FAST)),
    );
    const question = await adapter.askQuestion(
      { topic: 't', title: 'Quick?', body: '', ...timed(3) },
      ctx,
    );
    assert.equal(question.visibility, 'visible');
    assert.equal(question.notices, undefined);
  });

  it("times every kind of post, but not a member's write without a guard (an API client)", async () => {
    const adapter = adapterWith({ minSubmitSeconds: 10 });
    const ada = token('m_ada');
    const question = await adapter.askQuestion(
      { topic: 't', title: 'Untimed', body: '' },
      write(ada),
    );
    const tooFast = isError(ValidationError, (e) => assert.equal(e.message, TOO_FAST));
    await assert.rejects(
      adapter.postAnswer({ questionId: question.id, body: 'Yes', ...timed(1) }, write(ada)),
      tooFast,
    );
    await assert.rejects(
      adapter.ideas.submitIdea({ board: 'b', title: 'Idea', body: '', ...timed(1) }, write(ada)),
      tooFast,
    );
    const idea = await adapter.ideas.submitIdea(
      { board: 'b', title: 'Idea', body: '' },
      write(ada),
    );
    await assert.rejects(
      adapter.ideas.comment({ ideaId: idea.id, body: 'Hm', ...timed(1) }, write(ada)),
      tooFast,
    );
    await assert.rejects(
      adapter.reviews.submitReview(
        { product: 'p', rating: 4, title: '', body: 'Fine', ...timed(1) },
        write(ada),
      ),
      tooFast,
    );
  });
});

describe('memory adapter: guests', () => {
  it('needs a token where the site does not allow guests', async () => {
    await assert.rejects(
      adapterWith().askQuestion(
        { topic: 't', title: 'Hello', body: '', guest: { name: 'Gia' }, ...timed(5) },
        asGuest(),
      ),
      isError(UnauthorizedError),
    );
  });

  it("asks for the guest's name and a valid e-mail address, and a timed form", async () => {
    const adapter = adapterWith({ guests: true });
    const post = (extra: object) =>
      adapter.askQuestion({ topic: 't', title: 'Hello', body: '', ...extra }, asGuest());
    await assert.rejects(post({ ...timed(5) }), isError(UnauthorizedError));
    await assert.rejects(
      post({ guest: { name: '  ' }, ...timed(5) }),
      isError(ValidationError, (e) => assert.equal(e.fields['guest.name'], 'Enter your name.')),
    );
    await assert.rejects(
      post({ guest: { name: 'Gia', email: 'gia@' }, ...timed(5) }),
      isError(ValidationError, (e) => assert.match(e.fields['guest.email']!, /e-mail address/)),
    );
    await assert.rejects(
      post({ guest: { name: 'Gia' } }),
      isError(ValidationError, (e) => assert.equal(e.message, NOT_ACCEPTED)),
    );
  });

  it("holds a guest's question: `held`, in no list, the same result for a retry", async () => {
    const adapter = adapterWith({ guests: true });
    const ctx = asGuest();
    const input = {
      topic: 't',
      title: 'Does it fit?',
      body: 'Asking for a friend.',
      guest: { name: ' Gia ', email: 'gia@example.com' },
      ...timed(5),
    };
    const question = await adapter.askQuestion(input, ctx);
    assert.equal(question.visibility, 'held');
    assert.deepEqual(question.notices, ['held']);
    assert.equal(question.author.name, 'Gia');
    assert.match(question.author.id, /^guest-/);
    assert.deepEqual(await adapter.askQuestion(input, ctx), question);
    for (const viewer of [null, token('m_ada')]) {
      const page = await readOne<Page<Question>>(
        adapter,
        { kind: 'questions', topic: 't', sort: 'newest', limit: 10 },
        viewer,
      );
      assert.equal(page.total, 0);
    }
  });

  it("holds a guest's answer: not listed, not counted, nobody notified", async () => {
    const adapter = adapterWith({ guests: true });
    const ada = token('m_ada');
    const question = await adapter.askQuestion(
      { topic: 't', title: 'Size?', body: '' },
      write(ada),
    );
    const answer = await adapter.postAnswer(
      { questionId: question.id, body: 'Runs small.', guest: { name: 'Gia' }, ...timed(5) },
      asGuest(),
    );
    assert.equal(answer.visibility, 'held');
    assert.deepEqual(answer.notices, ['held']);
    const thread = await readOne<QuestionThread>(
      adapter,
      { kind: 'thread', questionId: question.id, answerLimit: 10 },
      ada,
    );
    assert.equal(thread.question.answerCount, 0);
    assert.equal(thread.answers.total, 0);
    const inbox = await readOne<NotificationsPage>(
      adapter,
      { kind: 'notifications', limit: 10 },
      ada,
    );
    assert.deepEqual(
      inbox.items.filter((n) => n.kind === 'answer.posted'),
      [],
    );
  });

  it("holds a guest's idea, comment and review; a guest cannot vote", async () => {
    const adapter = adapterWith({ guests: true });
    const guest = { guest: { name: 'Gia' }, ...timed(5) };
    const idea = await adapter.ideas.submitIdea(
      { board: 'b', title: 'Dark mode', body: '', ...guest },
      asGuest(),
    );
    const mine = await adapter.ideas.submitIdea(
      { board: 'b', title: 'Light mode', body: '' },
      write(token('m_ada')),
    );
    const comment = await adapter.ideas.comment(
      { ideaId: mine.id, body: '+1', ...guest },
      asGuest(),
    );
    const review = await adapter.reviews.submitReview(
      { product: 'p', rating: 5, title: '', body: 'Love it.', ...guest },
      asGuest(),
    );
    for (const post of [idea, comment, review]) {
      assert.equal(post.visibility, 'held');
      assert.deepEqual(post.notices, ['held']);
    }
    assert.equal(mine.visibility, 'visible');
    await assert.rejects(
      adapter.vote({ targetType: 'idea', targetId: mine.id, value: 1 }, asGuest()),
      isError(UnauthorizedError),
    );
  });
});

describe('community store', () => {
  it('reads once per session, in the same call as the reads beside it', async () => {
    const { adapter, reads } = countingAdapter(adapterWith({ guidelines: 'Be kind.' }));
    const session = await sessionFor({ adapter, site: 'test' });
    const info = communityInfo(session);
    assert.equal(communityInfo(session), info, 'one store per session');
    assert.equal(info.get(), null, 'null until read');
    const page = batchedRead(session, { kind: 'questions', topic: 't', sort: 'newest', limit: 5 });
    await page;
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(info.get(), { guidelines: 'Be kind.', guests: false, minSubmitSeconds: 0 });
    assert.deepEqual(
      reads.map((call) => call.map((r) => r.kind)),
      [['community', 'questions']],
    );
  });

  it('stays null, asking no more, when the backend cannot tell', async () => {
    const memory = adapterWith();
    let calls = 0;
    const session = await sessionFor({
      adapter: {
        ...memory,
        read: (requests, ctx) => {
          calls++;
          return requests.some((r) => r.kind === 'community')
            ? Promise.resolve(
                requests.map(() => ({
                  ok: false as const,
                  error: new UnsupportedError('reading "community"'),
                })),
              )
            : memory.read(requests, ctx);
        },
      },
      site: 'test',
    });
    const info = communityInfo(session);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(info.get(), null);
    assert.equal(communityInfo(session), info);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(calls, 1);
  });
});
