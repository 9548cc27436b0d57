import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import type { KithIdeas } from '../../src/elements/ideas/ideas.element.js';
import '../../src/elements/ideas/ideas.js';
import {
  $,
  $$,
  ada,
  ben,
  button,
  click,
  memory,
  mount,
  press,
  sam,
  typeInto,
  until,
} from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
const BOARD = 'trail';

/** Ideas suggested by Ben (each starts with his vote), oldest first. */
async function suggest(adapter: MemoryAdapter, titles: string[], board = BOARD) {
  const ids: string[] = [];
  for (const title of titles) {
    const idea = await adapter.ideas.submitIdea(
      { board, title, body: `About ${title}` },
      ctx(ben()),
    );
    ids.push(idea.id);
  }
  return ids;
}

const titles = (el: Element, selector = '.idea-title') =>
  $$(el, selector).map((n) => n.textContent!.trim());

const liveText = (el: Element) => $(el, '[role="status"]').textContent!;

/** Mounts `<kith-ideas board="trail" …attrs>` (attrs as `name=value` pairs). */
async function mountIdeas(adapter: MemoryAdapter, attrs: string, memberToken?: string) {
  const node = document.createElement('kith-ideas');
  node.setAttribute('board', BOARD);
  for (const pair of attrs.split(' ').filter(Boolean)) {
    const [name, value] = pair.split('=');
    node.setAttribute(name!, value ?? '');
  }
  return mount<KithIdeas>(adapter, html`${node}`, memberToken);
}

/**
 * Waits for the author chips' card read (one batched `members` read), so that a failure simulated
 * next hits the write under test rather than that read.
 */
function authorCardsRead(el: Element) {
  type Chip = HTMLElement & { card?: { value?: { status: string } } };
  return until(() => {
    const chips = $$(el, 'kith-badge') as Chip[];
    return chips.length && chips.every((c) => c.card?.value && c.card.value.status !== 'loading');
  }, 'author cards read');
}

describe('<kith-ideas>', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  describe('accessibility and states', () => {
    it('has no axe violations listing, reading an idea, as staff, and on the roadmap, in both themes', async () => {
      const adapter = memory();
      const [a] = await suggest(adapter, ['Dark mode for the app', 'Bigger side pockets']);
      await adapter.ideas.setStatus(
        { ideaId: a!, status: 'planned', response: 'Coming in **spring**.' },
        ctx(sam()),
      );
      await adapter.ideas.comment({ ideaId: a!, body: 'Yes please' }, ctx(ada()));
      for (const theme of ['light', 'dark']) {
        history.replaceState(null, '', location.pathname);
        const { el } = await mountIdeas(adapter, `theme=${theme}`, sam());
        await until(() => $$(el, '.idea').length === 2, 'list');
        expect($(el, '.base').classList.contains(`theme-${theme}`)).to.equal(true);
        await expect(el).to.be.accessible();
        await click($$(el, '.idea-title').find((t) => t.textContent === 'Dark mode for the app')!);
        await until(() => el.shadowRoot?.querySelector('.official'), 'opened idea');
        await until(() => el.shadowRoot?.querySelector('.staff'), 'staff controls');
        await expect(el).to.be.accessible();
        history.replaceState(null, '', location.pathname);
        const roadmap = await mountIdeas(adapter, `view=roadmap theme=${theme}`, ada());
        await until(() => $$(roadmap.el, '.card').length === 1, 'roadmap');
        await expect(roadmap.el).to.be.accessible();
      }
    });

    it('shows a skeleton with reserved height, then the empty state for an unknown board', async () => {
      const adapter = memory();
      await suggest(adapter, ['Elsewhere'], 'other-board');
      adapter.simulate({ latency: 300 });
      const { el } = await mountIdeas(adapter, '');
      const skeleton = await until(
        () => el.shadowRoot?.querySelector('.skeleton-list'),
        'skeleton',
      );
      expect(skeleton.getAttribute('aria-busy')).to.equal('true');
      expect(skeleton.getBoundingClientRect().height).to.be.greaterThan(150);
      const empty = await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
      expect(empty.textContent).to.contain('No ideas yet');
      await expect(el).to.be.accessible();
    });

    it('shows the error state offline, accessibly, and recovers with "Try again"', async () => {
      const adapter = memory();
      await suggest(adapter, ['Offline idea']);
      adapter.simulate({ offline: true });
      const { el } = await mountIdeas(adapter, '');
      const alert = await until(() => el.shadowRoot?.querySelector('.state-error'), 'error');
      expect(alert.textContent).to.contain('could not be loaded');
      await expect(el).to.be.accessible();
      adapter.simulate({ offline: false });
      await click(button(el, 'Try again'));
      await until(() => $$(el, '.idea').length === 1, 'list after retry');
    });

    it('shows a configuration error without a board, and warns once about invalid attributes', async () => {
      const warnings: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
      const errors = console.error;
      console.error = () => {};
      try {
        const adapter = memory();
        await suggest(adapter, ['One', 'Two']);
        const missing = await mount<KithIdeas>(adapter, html`<kith-ideas></kith-ideas>`);
        const error = await until(
          () => missing.el.shadowRoot?.querySelector('.config-error'),
          'config error',
        );
        expect(error.textContent).to.contain('board attribute is missing');
        await expect(missing.el).to.be.accessible();

        const { el } = await mountIdeas(
          adapter,
          'sort=sideways view=grid status=Nope! page-size=lots',
        );
        await until(() => $$(el, '.idea').length === 2, 'list with defaults');
        expect(button(el, 'Top').getAttribute('aria-pressed')).to.equal('true');
        for (const attr of [
          'sort="sideways"',
          'view="grid"',
          'status="Nope!"',
          'page-size="lots"',
        ]) {
          expect(
            warnings.filter((w) => w.includes(attr)),
            attr,
          ).to.have.length(1);
        }
      } finally {
        console.warn = original;
        console.error = errors;
      }
    });
  });

  it('sorts, filters by status and searches the list', async () => {
    const adapter = memory();
    const [a, b, c] = await suggest(adapter, ['Solar panel', 'Rain cover', 'Hip belt pockets']);
    await adapter.vote({ targetType: 'idea', targetId: b!, value: 1 }, ctx(ada()));
    await adapter.ideas.setStatus({ ideaId: c!, status: 'planned' }, ctx(sam()));
    const { el } = await mountIdeas(adapter, '');
    await until(() => $$(el, '.idea').length === 3, 'list');
    expect(titles(el)[0]).to.equal('Rain cover');
    expect($$(el, '.idea')[0]!.querySelector('.status')!.textContent).to.contain('Open');
    await click(button(el, 'Newest'));
    await until(() => titles(el)[0] === 'Hip belt pockets', 'newest');
    expect(button(el, 'Newest').getAttribute('aria-pressed')).to.equal('true');
    // Status filter: a real select, chosen by keyboard.
    const select = $(el, '.filter select') as HTMLSelectElement;
    await until(() => select.options.length === 7, 'board statuses');
    select.focus();
    select.value = 'planned';
    select.dispatchEvent(new Event('change'));
    await until(() => $$(el, '.idea').length === 1, 'filtered');
    expect(titles(el)).to.deep.equal(['Hip belt pockets']);
    select.value = '';
    select.dispatchEvent(new Event('change'));
    await until(() => $$(el, '.idea').length === 3, 'all again');
    await typeInto($(el, '.list-search'), 'solar');
    await until(() => $$(el, '.idea').length === 1, 'searched');
    expect(titles(el)).to.deep.equal(['Solar panel']);
    expect(a).to.be.a('string');
    await typeInto($(el, '.list-search'), 'zzz');
    const empty = await until(() => el.shadowRoot?.querySelector('.empty'), 'no match');
    expect(empty.textContent).to.contain('No ideas match');
  });

  it('votes and unvotes as a toggle with the count in its name, and fires kith-vote', async () => {
    const adapter = memory();
    const [id] = await suggest(adapter, ['Lighter frame']);
    const { el } = await mountIdeas(adapter, '', ada());
    const votes: unknown[] = [];
    el.addEventListener('kith-vote', (e) => votes.push(e.detail));
    const vote = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('.idea .vote-toggle'),
      'row',
    );
    expect(vote.getAttribute('aria-pressed')).to.equal('false');
    expect(vote.getAttribute('aria-label')).to.equal('Vote for “Lighter frame”, 1 vote');
    await click(vote);
    await until(() => votes.length === 1, 'vote event');
    expect(votes[0]).to.deep.equal({ targetType: 'idea', targetId: id, value: 1 });
    expect($(el, '.idea .vote-toggle').getAttribute('aria-pressed')).to.equal('true');
    expect($(el, '.idea .vote-toggle').getAttribute('aria-label')).to.equal(
      'Vote for “Lighter frame”, 2 votes',
    );
    await click($(el, '.idea .vote-toggle'));
    await until(() => votes.length === 2, 'unvote');
    expect(votes[1]).to.deep.include({ value: 0 });
    expect($(el, '.idea .score').textContent).to.equal('1');
    await until(() => liveText(el).includes('withdrawn'), 'announced');
  });

  it('rolls a failed vote back and announces it', async () => {
    const adapter = memory();
    await suggest(adapter, ['Flaky idea']);
    const { el } = await mountIdeas(adapter, '', ada());
    const errors: string[] = [];
    el.addEventListener('kith-error', (e) => errors.push(e.detail.action));
    const vote = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('.idea .vote-toggle'),
      'row',
    );
    await authorCardsRead(el);
    adapter.simulate({ latency: 150, failNext: 1 });
    await click(vote);
    expect($(el, '.idea .score').textContent).to.equal('2');
    await until(() => errors.length === 1, 'error event');
    expect($(el, '.idea .score').textContent).to.equal('1');
    expect($(el, '.idea .vote-toggle').getAttribute('aria-pressed')).to.equal('false');
    expect(liveText(el)).to.contain('Your vote was not saved');
  });

  it('shows the remaining budget and says so when it is spent', async () => {
    const adapter = memory();
    await adapter.ideas.configureBoard({ board: BOARD, voteBudget: 2 }, ctx(sam()));
    await suggest(adapter, ['First', 'Second', 'Third']);
    const { el } = await mountIdeas(adapter, 'sort=newest', ada());
    const budget = await until(() => el.shadowRoot?.querySelector('.budget'), 'budget');
    expect(budget.textContent).to.contain('You have 2 of 2 votes left');
    await until(() => $$(el, '.idea').length === 3, 'list');
    await click($$(el, '.idea .vote-toggle')[0]!);
    await until(() => $(el, '.budget').textContent!.includes('1 of 2'), 'one left');
    await click($$(el, '.idea .vote-toggle')[1]!);
    await until(() => $(el, '.budget').textContent!.includes('0 of 2'), 'none left');
    await click($$(el, '.idea .vote-toggle')[2]!);
    await until(() => liveText(el).includes('You have no votes left on this board.'), 'refused');
    expect($$(el, '.idea .vote-toggle')[2]!.getAttribute('aria-pressed')).to.equal('false');
    expect($(el, '.budget').textContent).to.contain('0 of 2');
    expect($(el, '[role="alert"]').textContent).to.contain('no votes left');
  });

  it('shows similar ideas while typing, lets the member vote for one, then submits', async () => {
    const adapter = memory();
    const [existing] = await suggest(adapter, ['Waterproof zipper', 'Bottle holder']);
    const { el } = await mountIdeas(adapter, '', ada());
    const submitted: string[] = [];
    el.addEventListener('kith-idea-submitted', (e) => submitted.push(e.detail.idea.title));
    const votes: unknown[] = [];
    el.addEventListener('kith-vote', (e) => votes.push(e.detail));
    await until(() => $$(el, '.idea').length === 2, 'list');
    await typeInto($(el, '#idea-title'), 'waterproof');
    await until(() => $$(el, '.similar-idea').length === 1, 'similar ideas');
    expect(titles(el, '.similar-title')).to.deep.equal(['Waterproof zipper']);
    await until(() => liveText(el).includes('1 similar idea found'), 'announced');
    const similarVote = $(el, '.similar-idea .vote-toggle');
    expect(similarVote.getAttribute('aria-label')).to.contain('1 vote');
    await click(similarVote);
    await until(() => votes.length === 1, 'voted from the suggestion');
    expect(votes[0]).to.deep.include({ targetId: existing });
    expect($(el, '.similar-idea .vote-toggle').getAttribute('aria-pressed')).to.equal('true');
    // …and the list shows the same vote.
    const row = $$(el, '.idea').find((r) => r.textContent!.includes('Waterproof zipper'))!;
    expect(row.querySelector('.vote-toggle')!.getAttribute('aria-pressed')).to.equal('true');

    await typeInto($(el, '#idea-title'), ' pull tabs');
    await typeInto($(el, '#idea-body'), 'Big **tabs** for gloves.');
    const post = button(el, 'Suggest idea');
    adapter.simulate({ latency: 150 });
    await click(post);
    await click(post); // a double click posts once
    const heading = await until(() => el.shadowRoot?.querySelector('#idea-heading'), 'opened');
    expect(heading.textContent).to.equal('waterproof pull tabs');
    expect($(el, '.post-body').innerHTML).to.contain('<strong>tabs</strong>');
    expect(location.hash).to.match(/^#kith-idea-/);
    expect(submitted).to.deep.equal(['waterproof pull tabs']);
    const [outcome] = await adapter.read(
      [{ kind: 'ideas', board: BOARD, sort: 'newest', limit: 10 }],
      {},
    );
    expect(outcome!.ok && (outcome.data as { total: number }).total).to.equal(3);
  });

  it('tells a new member, under their idea or comment and aloud, that links and images were posted as text', async () => {
    const asText =
      'Your links and images were posted as text. They work once you have taken part a little more.';
    const adapter = memory();
    const { el } = await mountIdeas(adapter, '', ada());
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty state');
    await typeInto($(el, '#idea-title'), 'A lighter frame');
    await until(() => el.shadowRoot?.querySelector('#idea-body'), 'body editor');
    await typeInto($(el, '#idea-body'), 'Like ![the mock-up](https://img.example/frame.png).');
    await click(button(el, 'Suggest idea'));
    const notice = await until(
      () => el.shadowRoot?.querySelector('.post [part="notice"]'),
      'notice',
    );
    expect(notice.textContent!.trim()).to.equal(asText);
    expect($(el, '.post .post-body').textContent!.trim()).to.equal('Like the mock-up.');
    await until(() => liveText(el).includes(`Your idea was posted. ${asText}`), 'announced');
    await expect(el).to.be.accessible();

    const other = await mountIdeas(adapter, '', ben());
    await until(() => $$(other.el, '.idea-title')[0], 'list');
    await click($$(other.el, '.idea-title')[0]!);
    await until(() => other.el.shadowRoot?.querySelector('#comment-body'), 'comment form');
    await typeInto($(other.el, '#comment-body'), 'See [my sketch](https://sketch.example/1).');
    await click(button(other.el, 'Post comment'));
    const comment = await until(
      () => $$(other.el, '.comment').find((c) => c.querySelector('[part="notice"]')),
      'notice under the comment',
    );
    expect(comment.querySelector('.post-body')!.textContent!.trim()).to.equal(
      'See my sketch (https://sketch.example/1).',
    );
    expect($$(other.el, '.post [part="notice"]')).to.have.length(0, 'not under the idea');
    await until(() => liveText(other.el).includes(`Your comment was posted. ${asText}`), 'said');
  });

  it('keeps the typed idea as a draft across a re-mount, and shows field errors', async () => {
    const adapter = memory();
    const first = await mountIdeas(adapter, '', ada());
    await until(() => first.el.shadowRoot?.querySelector('.empty'), 'empty');
    await typeInto($(first.el, '#idea-title'), 'Half an idea');
    first.scope.remove();
    const second = await mountIdeas(adapter, '', ada());
    const input = await until(
      () => second.el.shadowRoot?.querySelector<HTMLInputElement>('#idea-title'),
      'input',
    );
    await until(() => input.value === 'Half an idea', 'restored draft');
    input.select();
    await press('Backspace');
    await typeInto($(second.el, '#idea-title'), '   ');
    await click(button(second.el, 'Suggest idea'));
    const error = await until(
      () => second.el.shadowRoot?.querySelector('#idea-title-error'),
      'field error',
    );
    expect(error.textContent).to.contain('Please give your idea a title');
  });

  it('keeps the text and announces the error when suggesting fails', async () => {
    const adapter = memory();
    const { el } = await mountIdeas(adapter, '', ada());
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty');
    await typeInto($(el, '#idea-title'), 'Survives an outage');
    adapter.simulate({ offline: true });
    await click(button(el, 'Suggest idea'));
    const alert = await until(() => el.shadowRoot?.querySelector('#submit-error'), 'error');
    expect(alert.textContent).to.contain('kept as a draft');
    expect(liveText(el)).to.contain('could not be reached');
    expect(($(el, '#idea-title') as HTMLInputElement).value).to.equal('Survives an outage');
    adapter.simulate({ offline: false });
  });

  it('invites signed-out visitors to sign in instead of voting', async () => {
    const adapter = memory();
    await suggest(adapter, ['Anon idea']);
    const { el } = await mountIdeas(adapter, 'sign-in-url=/login');
    const requests: unknown[] = [];
    el.addEventListener('kith-sign-in-requested', (e) => {
      requests.push(e.detail);
      e.preventDefault();
    });
    await until(() => $$(el, '.idea').length === 1, 'list');
    await click($(el, '.idea .vote-toggle'));
    expect(requests).to.deep.equal([
      { signInUrl: new URL('/login', location.href).href, action: 'vote' },
    ]);
    expect($(el, '.idea .score').textContent).to.equal('1');
    expect($(el, '.sign-in').textContent).to.contain('Sign in to suggest');
  });

  it('opens an idea with its official response, history and comments; a member comments and follows', async () => {
    const adapter = memory();
    const [id] = await suggest(adapter, ['Trail map pocket']);
    await adapter.ideas.setStatus({ ideaId: id!, status: 'under-review' }, ctx(sam()));
    await adapter.ideas.setStatus(
      { ideaId: id!, status: 'planned', response: 'We are **on it**.' },
      ctx(sam()),
    );
    await adapter.ideas.comment({ ideaId: id!, body: 'Team here: thanks!' }, ctx(sam()));
    await adapter.ideas.comment({ ideaId: id!, body: 'Me too' }, ctx(ben()));
    history.replaceState(null, '', `#kith-idea-${id}`);
    const { el } = await mountIdeas(adapter, '', ada());
    const official = await until(() => el.shadowRoot?.querySelector('.official'), 'official');
    expect(official.textContent).to.contain('Official response');
    expect(official.querySelector('.post-body')!.innerHTML).to.contain('<strong>on it</strong>');
    expect(official.querySelector('.role-mark')!.textContent).to.equal('Staff');
    expect(
      $$(el, '.history li').map((li) => li.querySelector('.status')!.textContent!.trim()),
    ).to.deep.equal(['Under review', 'Planned']);
    const comments = $$(el, '.comment');
    expect(comments).to.have.length(2);
    expect(comments[0]!.classList.contains('is-staff')).to.equal(true);
    expect(comments[0]!.getAttribute('part')).to.equal('comment staff-comment');
    expect(comments[1]!.classList.contains('is-staff')).to.equal(false);
    expect(el.shadowRoot!.querySelector('.staff')).to.equal(null);

    await typeInto($(el, '#comment-body'), 'Would love this');
    await click(button(el, 'Post comment'));
    const mine = await until(() => $$(el, '.comment')[2], 'comment posted');
    expect(mine.textContent).to.contain('Would love this');
    expect(el.shadowRoot!.activeElement).to.equal(mine);
    expect(($(el, '#comment-body') as HTMLTextAreaElement).value).to.equal('');

    const follow = $(el, '.follow');
    expect(follow.getAttribute('aria-pressed')).to.equal('true'); // commenting follows
    await click(follow);
    await until(() => $(el, '.follow').getAttribute('aria-pressed') === 'false', 'unfollowed');
    await until(() => liveText(el).includes('no longer follow'), 'announced');

    await click(button(el, /All ideas/));
    const row = await until(() => $$(el, '.idea')[0], 'back to the list');
    expect(row.textContent).to.contain('3 comments');
    expect(el.shadowRoot!.activeElement!.textContent).to.equal('Trail map pocket');
  });

  it('lets staff change the status with an official response and fires kith-idea-status-changed', async () => {
    const adapter = memory();
    const [id] = await suggest(adapter, ['Hydration sleeve']);
    history.replaceState(null, '', `#kith-idea-${id}`);
    const { el } = await mountIdeas(adapter, '', sam());
    const changes: unknown[] = [];
    el.addEventListener('kith-idea-status-changed', (e) => changes.push(e.detail));
    const select = await until(
      () => el.shadowRoot?.querySelector<HTMLSelectElement>('#status-select'),
      'staff form',
    );
    await until(() => select.options.length === 6, 'statuses');
    select.value = 'in-progress';
    select.dispatchEvent(new Event('change'));
    await typeInto($(el, '#response-body'), 'Prototype in **testing**.');
    await click(button(el, 'Update status'));
    await until(() => changes.length === 1, 'event');
    expect(changes[0]).to.deep.equal({ ideaId: id, from: 'open', to: 'in-progress' });
    const official = await until(() => el.shadowRoot?.querySelector('.official'), 'response shown');
    expect(official.innerHTML).to.contain('<strong>testing</strong>');
    await until(() => $$(el, '.history li').length === 1, 'history');
    expect($(el, '.post .status').textContent).to.contain('In progress');
    expect(liveText(el)).to.contain('The status is now In progress.');
  });

  it('lets staff merge a duplicate into the original found by title', async () => {
    const adapter = memory();
    const [original, duplicate] = await suggest(adapter, [
      'Rain cover included',
      'Include a rain cover please',
    ]);
    await adapter.ideas.comment({ ideaId: duplicate!, body: 'Dup comment' }, ctx(ada()));
    history.replaceState(null, '', `#kith-idea-${duplicate}`);
    const { el } = await mountIdeas(adapter, '', sam());
    await until(() => el.shadowRoot?.querySelector('#merge-search'), 'merge control');
    await typeInto($(el, '#merge-search'), 'rain cover');
    const choose = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('.merge-results button'),
      'results',
    );
    expect(choose.textContent!.trim()).to.equal('Choose “Rain cover included”');
    await click(choose);
    const confirm = await until(
      () => el.shadowRoot?.querySelector<HTMLElement>('#merge-confirm'),
      'confirm',
    );
    expect(el.shadowRoot!.activeElement).to.equal(confirm);
    expect($(el, '.merge-confirm').textContent).to.contain(
      'Merge this idea into “Rain cover included”?',
    );
    await press('Enter');
    await until(
      () => el.shadowRoot?.querySelector('#idea-heading')?.textContent === 'Rain cover included',
      'the original opened',
    );
    expect(location.hash).to.equal(`#kith-idea-${original}`);
    await until(() => $$(el, '.comment').length === 1, 'moved comment');
    expect($(el, '.comment').textContent).to.contain('from a merged idea');
    expect($(el, '.merged').textContent).to.contain('Include a rain cover please');
  });

  it('shows the roadmap in columns, one batched read, navigable by keyboard', async () => {
    const adapter = memory();
    await adapter.ideas.configureBoard(
      { board: BOARD, statuses: [{ slug: 'beta', label: 'In beta', color: '#7c3aed', order: 4 }] },
      ctx(sam()),
    );
    const ids = await suggest(adapter, ['P1', 'P2', 'Prog', 'Beta1', 'Done1', 'Open1']);
    const statuses = ['planned', 'planned', 'in-progress', 'beta', 'done'];
    for (const [i, status] of statuses.entries()) {
      await adapter.ideas.setStatus({ ideaId: ids[i]!, status }, ctx(sam()));
    }
    const { el } = await mountIdeas(adapter, 'view=roadmap');
    await until(() => $$(el, '.card').length === 5, 'cards');
    const headings = $$(el, '.column-heading .status').map((h) => h.textContent!.trim());
    expect(headings).to.deep.equal(['Planned', 'In progress', 'In beta', 'Done']);
    expect($$(el, '.column').every((c) => c.getAttribute('aria-labelledby'))).to.equal(true);
    const beta = $(el, '.column-heading .status-beta');
    expect(getComputedStyle(beta).borderColor).to.equal('rgb(124, 58, 237)');
    // One tab stop.
    expect($$(el, '.card[tabindex="0"]')).to.have.length(1);
    const focused = () => el.shadowRoot!.activeElement?.querySelector('.card-title')?.textContent;
    // Top sort: equal votes, so the newest first.
    $(el, '.card[tabindex="0"]').focus();
    expect(focused()).to.equal('P2');
    await press('ArrowDown');
    expect(focused()).to.equal('P1');
    await press('ArrowRight');
    expect(focused()).to.equal('Prog');
    await press('ArrowRight');
    expect(focused()).to.equal('Beta1');
    await press('End');
    expect(focused()).to.equal('Beta1');
    await press('ArrowRight');
    expect(focused()).to.equal('Done1');
    await press('ArrowRight');
    expect(focused()).to.equal('Done1');
    await press('ArrowLeft');
    await press('ArrowLeft');
    await press('ArrowLeft');
    expect(focused()).to.equal('P2');
    await press('End');
    expect(focused()).to.equal('P1');
    await press('Home');
    expect(focused()).to.equal('P2');
    expect($$(el, '.card[tabindex="0"]')).to.have.length(1);
    await press('ArrowDown');
    await press('Enter');
    await until(
      () => el.shadowRoot?.querySelector('#idea-heading')?.textContent === 'P1',
      'opened',
    );
  });

  it('opens an idea only in the element it was opened from (a list and a roadmap on one page), also after a reload', async () => {
    const adapter = memory();
    const [planned] = await suggest(adapter, ['Planned one']);
    await adapter.ideas.setStatus({ ideaId: planned!, status: 'planned' }, ctx(sam()));
    const list = document.createElement('kith-ideas');
    list.setAttribute('board', BOARD);
    const roadmap = document.createElement('kith-ideas');
    roadmap.setAttribute('board', BOARD);
    roadmap.setAttribute('view', 'roadmap');
    const { scope } = await mount<KithIdeas>(adapter, html`${list}${roadmap}`);
    await until(() => $$(list, '.idea').length === 1 && $$(roadmap, '.card').length === 1, 'both');

    await click($(roadmap, '.card'));
    await until(() => roadmap.shadowRoot?.querySelector('#idea-heading'), 'opened in the roadmap');
    expect(location.hash).to.equal(`#kith-idea-${planned}`);
    expect($$(list, '.idea')).to.have.length(1);
    expect(list.shadowRoot!.querySelector('#idea-heading')).to.equal(null);

    // A reload (the elements connect again with the same URL and history entry).
    scope.replaceChildren();
    scope.append(list, roadmap);
    await until(() => roadmap.shadowRoot?.querySelector('#idea-heading'), 'reopened');
    expect(list.shadowRoot!.querySelector('#idea-heading')).to.equal(null);

    // A link from elsewhere (no history entry of ours) opens in the list, not the roadmap.
    history.replaceState(null, '', `#kith-idea-${planned}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await until(() => list.shadowRoot?.querySelector('#idea-heading'), 'opened in the list');
    await until(() => !roadmap.shadowRoot?.querySelector('#idea-heading'), 'roadmap closed');
  });

  it('reads the roadmap columns with one adapter call', async () => {
    const adapter = memory();
    await suggest(adapter, ['Only one']);
    const reads: string[][] = [];
    const realRead = adapter.read.bind(adapter);
    adapter.read = (requests, c) => {
      reads.push(requests.map((r) => `${r.kind}:${'status' in r ? r.status : ''}`));
      return realRead(requests, c);
    };
    const { el } = await mountIdeas(adapter, 'view=roadmap');
    await until(
      () => $$(el, '.column').length === 3 && $$(el, '.column-empty').length === 3,
      'columns',
    );
    const columnReads = reads.filter((r) => r.some((k) => k.startsWith('ideas:')));
    expect(columnReads).to.deep.equal([['ideas:planned', 'ideas:in-progress', 'ideas:done']]);
  });

  it('shows an unsupported error when the adapter has no ideas', async () => {
    const adapter = memory();
    const withoutIdeas = Object.assign(Object.create(adapter) as MemoryAdapter, {
      ideas: undefined,
    });
    const { el } = await mount<KithIdeas>(
      withoutIdeas,
      html`<kith-ideas board=${BOARD}></kith-ideas>`,
    );
    const alert = await until(() => el.shadowRoot?.querySelector('.state-error'), 'error');
    expect(alert.textContent).to.contain('does not support');
  });

  it('speaks German with locale="de"', async () => {
    const adapter = memory();
    await suggest(adapter, ['Eine Idee']);
    const { el } = await mountIdeas(adapter, 'locale=de');
    await until(() => $(el, 'h2').textContent === 'Ideen', 'German heading');
    await until(() => $$(el, '.idea').length === 1, 'list');
    expect($(el, '.idea .status').textContent).to.contain('Offen');
    expect(button(el, 'Im Trend')).to.exist;
    await sendKeys({ press: 'Tab' });
  });

  it('lets staff hide a comment with a reason: it leaves the idea and its comment count', async () => {
    const adapter = memory();
    const [id] = await suggest(adapter, ['Lighter frame']);
    const bad = await adapter.ideas.comment({ ideaId: id!, body: 'Offensive rant' }, ctx(ada()));
    await adapter.ideas.comment({ ideaId: id!, body: 'Yes please' }, ctx(ada()));
    history.replaceState(null, '', `#kith-idea-${id}`);
    const { el } = await mountIdeas(adapter, '', sam());
    await until(() => $$(el, '.comment').length === 2, 'comments');
    // The staff controls (their own chunk) come in above the comments: wait, or the click misses.
    await until(() => $$(el, '#response-body').length, 'staff controls');
    const hide = [...$(el, `[data-comment-id="${bad.id}"]`).querySelectorAll('button')].find(
      (b) => b.textContent!.trim() === 'Hide',
    )!;
    await click(hide);
    await until(() => $$(el, '#hide-reason').length, 'the hide form');
    await typeInto($(el, '#hide-reason'), 'Abusive');
    await click(button(el, 'Hide it'));
    await until(() => $$(el, '.comment').length === 1, 'hidden comment gone');
    const page = await adapter.read([{ kind: 'ideas', board: BOARD, sort: 'top', limit: 5 }], {});
    expect(
      page[0]!.ok &&
        (page[0]!.data as { items: { commentCount: number }[] }).items[0]!.commentCount,
    ).to.equal(1);
  });
});
