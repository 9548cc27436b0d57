/** Excerpts and post links, as notifications, mail, webhooks and feeds write them (server/src/text.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkTo, oneLine, plainExcerpt, postLink } from '../src/text.js';

describe('plain text and post links', () => {
  it('makes one line of sanitised HTML: blocks separate words, entities decode, long text ends at a word', () => {
    assert.equal(
      plainExcerpt('<p>It is <strong>big</strong> &amp; &lt;heavy&gt;.</p><p>Second&#33;</p>'),
      'It is big & <heavy>. Second!',
    );
    const long = plainExcerpt(`<p>${'word '.repeat(100)}</p>`, 50);
    assert.ok(long.length <= 50, long);
    assert.match(long, /^(word )*word…$/, 'cut after a whole word');
    assert.equal(oneLine('a\nb\t\u0000c'), 'a b c');
  });

  it('links to the post on its page, only over http(s)', () => {
    assert.equal(
      postLink('https://shop.example/p/1?x=1#old', 'question', 'q_1'),
      'https://shop.example/p/1?x=1#kith-question-q_1',
    );
    assert.equal(
      postLink('https://shop.example/', 'review', 'r 2'),
      'https://shop.example/#kith-review-r%202',
    );
    assert.equal(linkTo('javascript:alert(1)', null), null);
    assert.equal(postLink(null, 'idea', 'i_1'), null);
  });
});
