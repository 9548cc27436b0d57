import type { KithAdapter, ReadRequest } from '../../src/core/adapter.js';

/** Wraps an adapter and records every `read()` batch it receives (to prove read coalescing). */
export function countingAdapter(inner: KithAdapter): {
  adapter: KithAdapter;
  reads: ReadRequest[][];
} {
  const reads: ReadRequest[][] = [];
  const adapter: KithAdapter = {
    name: 'counting',
    read: (requests, ctx) => {
      reads.push([...requests]);
      return inner.read(requests, ctx);
    },
    askQuestion: (input, ctx) => inner.askQuestion(input, ctx),
    postAnswer: (input, ctx) => inner.postAnswer(input, ctx),
    vote: (input, ctx) => inner.vote(input, ctx),
    acceptAnswer: (input, ctx) => inner.acceptAnswer(input, ctx),
    escalate: (input, ctx) => inner.escalate(input, ctx),
    ...(inner.notifications && { notifications: inner.notifications }),
  };
  return { adapter, reads };
}
