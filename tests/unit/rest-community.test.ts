/// <reference types="node" />
/**
 * The REST adapter's part of issue 8's compose forms: the public `community` read, the spam guard and
 * guest fields in every post's body, guests' posts without a token, and the server's refusals (422
 * with a field, 409 for a copy) as typed errors. Through a fake `fetch` that records each request (ky
 * itself is not mocked).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConflictError, ValidationError } from '../../src/core/errors.js';
import type { CommunityInfo } from '../../src/core/types.js';
import { fakeApi } from './rest-harness.js';

const fake = fakeApi(() => ({ status: 201, body: { id: 'x', notices: ['held'] } }));
const { sent } = fake;
const adapter = () => fake.adapter();
const guard = { honeypot: '', elapsedMs: 5200 };
const guest = { name: 'Gina', email: 'gina@example.com' };
/** A signed-out visitor posting as a guest. */
const guestCtx = { token: null, idempotencyKey: 'key-g' };

describe('REST adapter: the community read', () => {
  it('reads it through the bootstrap call, also signed out', async () => {
    const info: CommunityInfo = { guidelines: 'Be kind.', guests: true, minSubmitSeconds: 3 };
    fake.answer = () => ({ status: 200, body: { results: [{ ok: true, data: info }] } });
    const [outcome] = await adapter().read([{ kind: 'community' }], {});
    assert.deepEqual(outcome, { ok: true, data: info });
    assert.equal(sent.length, 1);
    const url = new URL(`https://x${sent[0]!.path}`);
    assert.equal(url.pathname, '/v1/bootstrap');
    assert.deepEqual(JSON.parse(url.searchParams.get('requests')!), [{ kind: 'community' }]);
    assert.equal(sent[0]!.headers.get('authorization'), null);
  });
});

describe('REST adapter: guards and guests in post bodies', () => {
  it('sends a guest’s post with its guard and name, without Authorization, with the key', async () => {
    const question = await adapter().askQuestion(
      { topic: 'sku-1', title: 'Does it fit?', body: 'A 2 m tent.', guard, guest },
      guestCtx,
    );
    assert.deepEqual(question.notices, ['held']);
    assert.equal(sent[0]!.method, 'POST');
    assert.equal(sent[0]!.path, '/v1/questions?site=acme');
    assert.deepEqual(sent[0]!.body, {
      topic: 'sku-1',
      title: 'Does it fit?',
      body: 'A 2 m tent.',
      guard,
      guest,
    });
    assert.equal(sent[0]!.headers.get('authorization'), null);
    assert.equal(sent[0]!.headers.get('idempotency-key'), 'key-g');
  });

  it('puts guard and guest in the body of every kind of post, ids in the path', async () => {
    const rest = adapter();
    await rest.postAnswer({ questionId: 'q 1', body: 'It fits.', guard, guest }, guestCtx);
    await rest.ideas!.submitIdea(
      { board: 'roadmap', title: 'Dark mode', body: 'Please.', guard, guest },
      guestCtx,
    );
    await rest.ideas!.comment({ ideaId: 'i1', body: 'Yes.', guard, guest }, guestCtx);
    await rest.reviews!.submitReview(
      { product: 'sku-1', rating: 4, title: 'Good', body: 'Fits.', guard, guest },
      guestCtx,
    );
    assert.deepEqual(
      sent.map((s) => [s.method, s.path, s.body, s.headers.get('authorization')]),
      [
        ['POST', '/v1/questions/q%201/answers?site=acme', { body: 'It fits.', guard, guest }, null],
        [
          'POST',
          '/v1/ideas?site=acme',
          { board: 'roadmap', title: 'Dark mode', body: 'Please.', guard, guest },
          null,
        ],
        ['POST', '/v1/ideas/i1/comments?site=acme', { body: 'Yes.', guard, guest }, null],
        [
          'POST',
          '/v1/reviews?site=acme',
          { product: 'sku-1', rating: 4, title: 'Good', body: 'Fits.', guard, guest },
          null,
        ],
      ],
    );
  });

  it('sends a member’s guard with their token', async () => {
    await adapter().postAnswer(
      { questionId: 'q1', body: 'It fits.', guard },
      { token: 'tok', idempotencyKey: 'key-1' },
    );
    assert.deepEqual(sent[0]!.body, { body: 'It fits.', guard });
    assert.equal(sent[0]!.headers.get('authorization'), 'Bearer tok');
  });
});

describe('REST adapter: spam guard refusals', () => {
  it('turns a 422 into a ValidationError with the server’s message and field', async () => {
    const message = '“spam” is not allowed here.';
    fake.answer = () => ({
      status: 422,
      body: { error: { code: 'validation', message, fields: { title: message } } },
    });
    const error = await adapter()
      .askQuestion({ topic: 't', title: 'spam', body: '', guard }, guestCtx)
      .then(
        () => assert.fail('resolved'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof ValidationError);
    assert.equal(error.message, message);
    assert.deepEqual(error.fields, { title: message });
  });

  it('turns a 409 copy into a ConflictError with the server’s message', async () => {
    fake.answer = () => ({
      status: 409,
      body: { error: { code: 'conflict', message: 'You posted this already.' } },
    });
    await assert.rejects(
      adapter().ideas!.comment(
        { ideaId: 'i1', body: 'Same here' },
        { token: 'tok', idempotencyKey: 'k' },
      ),
      (error: unknown) =>
        error instanceof ConflictError && error.message === 'You posted this already.',
    );
  });
});
