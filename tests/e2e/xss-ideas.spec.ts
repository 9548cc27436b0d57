/**
 * Every attack vector in tests/fixtures/xss/ goes in where members' text goes in on `<kith-ideas>` —
 * idea titles, idea bodies, comments, staff's official responses, display names and the labels of a
 * board's own statuses — through the real write path of the memory adapter in the page (validation,
 * Markdown rendered at write time, as the server does), and is then shown by `<kith-ideas>` in Chromium:
 * in the list, in the opened idea and in the roadmap. A member reading the page must be safe: nothing
 * runs, nothing navigates, nothing dangerous is in the DOM, even when they point at posts, click them
 * and tab through them. And the text people wrote must still be there to read. Hostile status colours
 * (which reach CSS) are refused when the board is configured.
 *
 * The page under test has no CSP on purpose: a CSP would hide a sanitising failure instead of
 * revealing it.
 */
import { expect, test, type Page } from 'playwright/test';
import type { Idea, IdeaComment } from '../../src/core/types.js';
import { memberToken } from './helpers.js';
import {
  asTitle,
  batches,
  callMemoryAdapter,
  expectAllPosted,
  expectNothingHappened,
  expectRecordersWork,
  inspectIn,
  loadVectors,
  openReader,
  pointAtEach,
  pointAtEachIn,
  serveBuild,
  tabThrough,
  watch,
  wrongTitles,
  type AdapterCall,
  type CallResult,
  type Watch,
} from './xss-page.js';

// ---- the vectors ----------------------------------------------------------------------------------

const VECTORS = loadVectors();
/** Titles: ideas per board (one `<kith-ideas>` each). */
const BATCH = 100;
/** Opened ideas: one board and one `<kith-ideas>` per vector, this many on a page (and a test). */
const OPEN_PER_PAGE = 128;
/** Every fourth vector also names the idea's author, its commenter and the staff member who answers. */
const NAME_EVERY = 4;
/** Status labels: every eighth vector, cut to a label's 40 characters; a board has 20 of its own. */
const LABEL_EVERY = 8;
const LABEL_MAX = 40;
const STATUSES_PER_BOARD = 20;
const COLORS = ['#7c3aed', '#0a0', '#c2410c', '#0369A1'];

// ---- the page --------------------------------------------------------------------------------------

const server = serveBuild();

const SITE = 'xss-ideas';
const KITH = `<script src="/dist/kith.js" data-adapter="memory" data-site="${SITE}" defer></script>`;
/** The URL hashes of an opened idea. */
const OPEN_HASH = /^(#kith-idea-i_[\w-]+)?$/;
/** Where `<kith-ideas>` shows what members and staff wrote. */
const USER_CONTENT = [
  '.post-body',
  '.idea-title',
  '#idea-heading',
  '.author',
  '.meta',
  '.status',
  '.card-title',
  '.similar-title',
  '.merged li',
  '.filter option',
].join(', ');

const staffToken = (sub: string, name: string) =>
  memberToken({ sub, name, aud: SITE, roles: ['staff'] });
const token = (sub: string, name: string) => memberToken({ sub, name, aud: SITE });

function call(
  method: string,
  input: Record<string, unknown>,
  tokenIndex: number,
  more: Partial<AdapterCall> = {},
): AdapterCall {
  return { method: `ideas.${method}`, input, token: tokenIndex, ...more };
}

/**
 * A member's first post (on a board no page shows), before every other call: from it on, the member is
 * at trust level 1, so the links and images they write stay links (at level 0 they are text).
 */
const firstPost = (tokenIndex: number) =>
  call('submitIdea', { board: 'xss-first-posts', title: 'First post', body: '' }, tokenIndex, {
    phase: -1,
  });

function post(tokens: string[], calls: AdapterCall[], page: Page): Promise<CallResult[]> {
  return callMemoryAdapter(page, {
    origin: server.url,
    adapterUrl: server.adapterUrl,
    site: SITE,
    tokens,
    calls,
  });
}

/** The text of stored HTML, parsed inertly in the page: what a display must keep all of. */
async function textsOf(page: Page, htmls: string[]): Promise<string[]> {
  return page.evaluate((htmls) => {
    const t = document.createElement('template');
    return htmls.map((h) => {
      t.innerHTML = h;
      return t.content.textContent!;
    });
  }, htmls);
}

test.describe.configure({ mode: 'parallel' });
// Thousands of mouse and keyboard actions on pages with thousands of posts: a trace would snapshot
// the whole DOM at every one of them and take minutes.
test.use({ trace: 'off' });

/** Opens a test page with `<kith-ideas>` elements (`body`), after the posts are stored. */
const openIdeas = (page: Page, w: Watch, name: string, body: string) =>
  openReader(page, w, { origin: server.url, name, head: KITH, body });

/** Waits until every `<kith-ideas>` of the page shows an element matching each of `selectors`. */
const allShow = (page: Page, ...selectors: string[]) =>
  page.waitForFunction(
    (selectors) =>
      [...document.querySelectorAll('kith-ideas')].every((el) =>
        selectors.every((s) => el.shadowRoot?.querySelector(s)),
      ),
    selectors,
    { timeout: 20_000 },
  );

// ---- titles ----------------------------------------------------------------------------------------

test(`every attack vector (${VECTORS.length}) as an idea title shows as exactly its text in the list, and nothing runs`, async ({
  page,
}) => {
  // 1,524 posts stored, then rendered on one page: ≈ 20 s alone, more while the other worker is busy.
  test.setTimeout(90_000);
  const w = await watch(page);
  const tokens = [token('m_titles', 'Title Tester')];
  const boards = batches(VECTORS, BATCH).map((_, i) => `xss-titles-${i + 1}`);
  const titles = VECTORS.map((v) => asTitle(v.text));
  const posted = await post(
    tokens,
    titles.map((title, i) =>
      call('submitIdea', { board: boards[Math.floor(i / BATCH)]!, title, body: '' }, 0),
    ),
    page,
  );
  expectAllPosted(posted, (i) => VECTORS[i]!.source);
  const ideas = posted.map((p) => p.value as unknown as Idea);
  // Stored as sent (the titles were trimmed and cut to 200 already).
  expect(
    ideas.flatMap((idea, i) => (idea.title === titles[i] ? [] : [VECTORS[i]!.source])),
  ).toEqual([]);
  const expected = new Map(
    ideas.map((idea, i) => [idea.id, { title: titles[i]!, source: VECTORS[i]!.source }]),
  );

  const pageUrl = await openIdeas(
    page,
    w,
    'xss-idea-titles.html',
    boards.map((b) => `<kith-ideas board="${b}" page-size="${BATCH}"></kith-ideas>`).join('\n'),
  );
  for (const [i, board] of boards.entries()) {
    const count = Math.min(BATCH, VECTORS.length - i * BATCH);
    await expect(page.locator(`kith-ideas[board="${board}"] .idea-title`)).toHaveCount(count);
  }
  const { count, wrong } = await wrongTitles(page, 'kith-ideas', '.idea-title', 'ideaId', expected);
  expect(count).toBe(VECTORS.length);
  expect.soft(wrong, 'titles not shown as exactly their text').toEqual([]);

  expect.soft(await inspectIn(page, 'kith-ideas', USER_CONTENT), 'dangerous markup').toEqual([]);
  await expectNothingHappened(page, w, pageUrl, OPEN_HASH);
  await expectRecordersWork(page);
});

// ---- opened ideas: bodies, official responses, comments, display names ---------------------------

interface Opened {
  board: string;
  source: string;
  title: string;
  /** The text of each stored post: the idea's body, the official response, the comment. */
  texts: { idea: string; official: string; comment: string };
  /** The display names: the idea's author, staff (the response and the history), the commenter. */
  names: { idea: string; official: string; history: string; comment: string };
}

for (let first = 0; first < VECTORS.length; first += OPEN_PER_PAGE) {
  const vectors = VECTORS.slice(first, first + OPEN_PER_PAGE);
  const to = first + vectors.length;

  test(`attack vectors ${first + 1}–${to} as idea bodies, official responses and comments (every ${NAME_EVERY}th also as the names of their authors) stay readable, and nothing runs when read, pointed at, clicked or tabbed through`, async ({
    page,
  }) => {
    // 384 posts by the memory adapter, each counted into its members' reputation, then every one read,
    // pointed at and tabbed through.
    test.setTimeout(90_000);
    const w = await watch(page);
    const tokens = [
      token('m_author', 'Author'),
      staffToken('m_staff', 'Staff'),
      token('m_commenter', 'Commenter'),
    ];
    const calls: AdapterCall[] = [];
    const opened: Opened[] = [];
    for (const [k, vector] of vectors.entries()) {
      const n = first + k;
      const named = n % NAME_EVERY === 0;
      const who = (fallback: number, sub: string, staff = false) => {
        if (!named) return fallback;
        tokens.push(staff ? staffToken(sub, vector.text) : token(sub, vector.text));
        return tokens.length - 1;
      };
      const board = `xss-open-${n}`;
      const title = asTitle(vector.text);
      const idea = calls.length;
      calls.push(
        call('submitIdea', { board, title, body: vector.text }, who(0, `m_author_${n}`)),
        call(
          'setStatus',
          { status: 'planned', response: vector.text },
          who(1, `m_staff_${n}`, true),
          { phase: 1, ids: { ideaId: idea } },
        ),
        call('comment', { body: vector.text }, who(2, `m_commenter_${n}`), {
          phase: 1,
          ids: { ideaId: idea },
        }),
      );
      const name = (fallback: string) => (named ? vector.text : fallback);
      opened.push({
        board,
        source: vector.source,
        title,
        texts: { idea: '', official: '', comment: '' },
        names: {
          idea: name('Author'),
          official: name('Staff'),
          history: name('Staff'),
          comment: name('Commenter'),
        },
      });
    }
    for (const t of tokens.keys()) calls.push(firstPost(t));
    const posted = await post(tokens, calls, page);
    expectAllPosted(
      posted,
      (i) => `${vectors[Math.floor(i / 3)]?.source ?? 'first post'} (${calls[i]!.method})`,
    );
    const stored = await textsOf(
      page,
      opened.flatMap((_, k) => {
        const [idea, status, comment] = posted.slice(3 * k, 3 * k + 3).map((p) => p.value!);
        return [
          (idea as unknown as Idea).bodyHtml,
          (status as unknown as Idea).officialResponse!.bodyHtml,
          (comment as unknown as IdeaComment).bodyHtml,
        ];
      }),
    );
    for (const [k, o] of opened.entries()) {
      const [idea, official, comment] = stored.slice(3 * k, 3 * k + 3) as [string, string, string];
      o.texts = { idea, official, comment };
    }

    const pageUrl = await openIdeas(
      page,
      w,
      'xss-idea-posts.html',
      opened.map((o, k) => `<kith-ideas id="e${k}" board="${o.board}"></kith-ideas>`).join('\n'),
    );
    await allShow(page, '.idea .author-name');
    // The author as the list shows them…
    const listed = await page.evaluate(() =>
      [...document.querySelectorAll('kith-ideas')].map((el) => {
        const name = el.shadowRoot!.querySelector('.idea .author-name')!;
        return { name: name.textContent!, children: name.children.length };
      }),
    );
    // …then every idea opened in its own element, as a reader clicking its title there.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('kith-ideas')) {
        el.shadowRoot!.querySelector<HTMLElement>('.idea-title')!.click();
      }
    });
    await allShow(page, '.comment .post-body', '.official .post-body', '.history .author-name');

    const rendered = await page.evaluate(() =>
      [...document.querySelectorAll('kith-ideas')].map((el) => {
        const root = el.shadowRoot!;
        const text = (selector: string) => {
          const node = root.querySelector<HTMLElement>(selector);
          return node
            ? {
                text: node.textContent!,
                visible: node.innerText.trim(),
                children: node.children.length,
              }
            : null;
        };
        return {
          heading: text('#idea-heading'),
          bodies: {
            idea: text('.detail > .post .post-body'),
            official: text('.official .post-body'),
            comment: text('.comment .post-body'),
          },
          names: {
            idea: text('.detail > .post .author-name'),
            official: text('.official .author-name'),
            history: text('.history .author-name'),
            comment: text('.comment .author-name'),
          },
        };
      }),
    );
    const unreadable: unknown[] = [];
    const misnamed: unknown[] = [];
    const mistitled: unknown[] = [];
    for (const [k, o] of opened.entries()) {
      const r = rendered[k]!;
      if (r.heading?.text !== o.title || r.heading.children !== 0) {
        mistitled.push({ source: o.source, title: o.title, shown: r.heading?.text });
      }
      for (const where of ['idea', 'official', 'comment'] as const) {
        const shown = r.bodies[where];
        if (!shown?.visible || shown.text !== o.texts[where]) {
          unreadable.push({ source: o.source, where, stored: o.texts[where], shown: shown?.text });
        }
      }
      const names = { ...r.names, list: { text: listed[k]!.name, children: listed[k]!.children } };
      for (const [where, shown] of Object.entries(names)) {
        const want = where === 'list' ? o.names.idea : o.names[where as keyof Opened['names']];
        if (shown?.text !== want || shown.children !== 0) {
          misnamed.push({ source: o.source, where, name: want, shown: shown?.text });
        }
      }
    }

    const pointed = await pointAtEachIn(page, 'kith-ideas', '.post-body');
    const tabbed = await tabThrough(page, 'kith-ideas', '.post-body');
    expect(pointed.clicked + pointed.moved, 'posts pointed at').toBe(3 * opened.length);

    expect.soft(mistitled, 'titles not shown as exactly their text').toEqual([]);
    expect.soft(unreadable, 'posts whose text is not shown as written').toEqual([]);
    expect.soft(misnamed, 'display names not shown as exactly their text').toEqual([]);
    expect.soft(tabbed.focused, 'links inside posts reached with Tab').toBe(tabbed.expected);
    expect.soft(await inspectIn(page, 'kith-ideas', USER_CONTENT), 'dangerous markup').toEqual([]);
    await expectNothingHappened(page, w, pageUrl, OPEN_HASH);
    await expectRecordersWork(page);
  });
}

// ---- status labels and colours -----------------------------------------------------------------

/** A label is 1–40 characters of plain text: control characters become spaces, then it is cut. */
const asLabel = (text: string) => asTitle(text.replace(/[\u0000-\u001f\u007f]/g, ' '), LABEL_MAX);

const LABELS = VECTORS.flatMap((v, i) => {
  const label = asLabel(v.text);
  return i % LABEL_EVERY === 0 && label
    ? [{ source: v.source, label, title: asTitle(v.text) }]
    : [];
});

test(`${LABELS.length} attack vectors as the labels of a board's own statuses show as exactly their text in the list's badges and filter and in the roadmap, and nothing runs`, async ({
  page,
}) => {
  const w = await watch(page);
  const tokens = [staffToken('m_staff', 'Staff'), token('m_member', 'Member')];
  const groups = batches(LABELS, STATUSES_PER_BOARD);
  const calls: AdapterCall[] = [];
  /** Per status slug of each board: its label, colour and the title of the idea with that status. */
  const expected = new Map<
    string,
    { source: string; label: string; color: string; title: string }
  >();
  for (const [b, group] of groups.entries()) {
    const board = `xss-labels-${b + 1}`;
    const statuses = group.map((l, j) => ({
      slug: `x-${j}`,
      label: l.label,
      color: COLORS[j % COLORS.length]!,
      // Between `planned` (2) and `done` (4): a column of the roadmap.
      order: 3,
    }));
    calls.push(call('configureBoard', { board, statuses }, 0));
    for (const [j, l] of group.entries()) {
      const idea = calls.length;
      calls.push(
        call('submitIdea', { board, title: l.title, body: '' }, 1, { phase: 1 }),
        call('setStatus', { status: `x-${j}` }, 0, { phase: 2, ids: { ideaId: idea } }),
      );
      expected.set(`${board} x-${j}`, { ...l, color: statuses[j]!.color });
    }
  }
  const posted = await post(tokens, calls, page);
  expectAllPosted(posted, (i) => `${calls[i]!.method} ${JSON.stringify(calls[i]!.input)}`);
  const stored = posted.flatMap((p, i) =>
    calls[i]!.method === 'ideas.configureBoard'
      ? (p.value!.statuses as { slug: string; label?: string }[]).flatMap((s) => {
          const board = (calls[i]!.input as { board: string }).board;
          const want = expected.get(`${board} ${s.slug}`);
          return want && s.label !== want.label ? [{ ...want, stored: s.label }] : [];
        })
      : [],
  );
  expect(stored, 'labels stored as sent').toEqual([]);

  const pageUrl = await openIdeas(
    page,
    w,
    'xss-idea-labels.html',
    groups
      .map(
        (_, b) =>
          `<kith-ideas id="list-${b}" board="xss-labels-${b + 1}" page-size="100"></kith-ideas>
          <kith-ideas id="roadmap-${b}" board="xss-labels-${b + 1}" view="roadmap"></kith-ideas>`,
      )
      .join('\n'),
  );
  for (const [b, group] of groups.entries()) {
    await expect(page.locator(`#list-${b} .idea .status`)).toHaveCount(group.length);
    await expect(page.locator(`#roadmap-${b} .card`)).toHaveCount(group.length);
  }

  const shown = await page.evaluate(() => {
    const text = (node: Element) => ({
      text: node.textContent!,
      // The badge's only element is its colour mark, which holds nothing.
      elements: [...node.querySelectorAll('*')].filter((e) => !e.matches('.status-mark:empty'))
        .length,
    });
    const slugOf = (badge: Element) =>
      [...badge.classList].find((c) => c.startsWith('status-x-'))?.slice('status-'.length);
    return [...document.querySelectorAll<HTMLElement>('kith-ideas')].map((el) => {
      const root = el.shadowRoot!;
      const board = el.getAttribute('board')!;
      const badges = [
        ...root.querySelectorAll<HTMLElement>('.idea .status, .column-heading .status'),
      ]
        .filter((badge) => slugOf(badge))
        .map((badge) => ({
          where: badge.closest('.idea') ? 'list' : 'roadmap column',
          slug: slugOf(badge)!,
          ...text(badge),
          color: badge.style.getPropertyValue('--_status'),
          title: badge.closest('.idea')?.querySelector('.idea-title')?.textContent ?? null,
        }));
      const options = [...root.querySelectorAll<HTMLOptionElement>('.filter option')]
        .filter((o) => o.value.startsWith('x-'))
        .map((o) => ({ slug: o.value, ...text(o), text: o.textContent!.trim() }));
      const cards = [...root.querySelectorAll('.column')].flatMap((column) => {
        const slug = slugOf(column.querySelector('.column-heading .status')!);
        return slug
          ? [...column.querySelectorAll('.card-title')].map((t) => ({ slug, ...text(t) }))
          : [];
      });
      return { board, view: el.getAttribute('view') ?? 'list', badges, options, cards };
    });
  });
  const wrong: unknown[] = [];
  const counts: Record<string, number> = { list: 0, 'roadmap column': 0, option: 0, card: 0 };
  for (const { board, view, badges, options, cards } of shown) {
    for (const badge of badges) {
      const want = expected.get(`${board} ${badge.slug}`)!;
      counts[badge.where]!++;
      if (
        badge.text !== want.label ||
        badge.elements !== 0 ||
        badge.color !== want.color ||
        (badge.where === 'list' && badge.title !== want.title)
      ) {
        wrong.push({ view, ...badge, want });
      }
    }
    for (const option of options) {
      const want = expected.get(`${board} ${option.slug}`)!;
      counts.option++;
      if (option.text !== want.label || option.elements !== 0) wrong.push({ view, option, want });
    }
    for (const card of cards) {
      const want = expected.get(`${board} ${card.slug}`)!;
      counts.card++;
      if (card.text !== want.title || card.elements !== 0) wrong.push({ view, card, want });
    }
  }
  expect.soft(wrong, 'labels (and titles) not shown as exactly their text').toEqual([]);
  expect(counts, 'every label in each place').toEqual({
    list: LABELS.length,
    'roadmap column': LABELS.length,
    option: LABELS.length,
    card: LABELS.length,
  });

  // Pointed at (and clicked: the badges are no links), in the lists and the roadmaps' headings.
  for (const b of groups.keys()) {
    const list = await pointAtEach(page, `#list-${b}`, '.idea .status');
    const roadmap = await pointAtEach(page, `#roadmap-${b}`, '.column-heading .status');
    expect(list.clicked + list.moved + roadmap.clicked + roadmap.moved).toBeGreaterThanOrEqual(
      2 * groups[b]!.length,
    );
  }
  expect.soft(await inspectIn(page, 'kith-ideas', USER_CONTENT), 'dangerous markup').toEqual([]);
  await expectNothingHappened(page, w, pageUrl, OPEN_HASH);
  await expectRecordersWork(page);
});

/** Colours reach CSS (a custom property set through CSSOM); slugs reach class names and ids. */
const HOSTILE = {
  color: [
    'red;background:url(javascript:alert(1))',
    '#fff;background:url(javascript:alert(1))',
    'expression(alert(1))',
    'url(javascript:alert(1))',
    'javascript:alert(1)',
    '#fff} :host{background:url(https://evil.example/x)',
    '#fff\n;background:url(//evil.example/x)',
    '#fff !important',
    'var(--x, url(//evil.example/x))',
    '"><img src=x onerror=alert(1)>',
    ' #fff',
    '#fff ',
  ],
  slug: [
    'x" onmouseover="alert(1)',
    'x><img src=x onerror=alert(1)>',
    'x y',
    '../x',
    '-x',
    'X',
    'javascript:alert(1)',
  ],
};

test('hostile status colours and slugs are refused when staff configure a board, which keeps its statuses', async ({
  page,
}) => {
  const tokens = [staffToken('m_staff', 'Staff')];
  const board = 'xss-colours';
  const valid = { slug: 'beta', label: 'Beta', color: '#7c3aed', order: 3 };
  const attempts = [
    ...HOSTILE.color.map((color) => ({ field: 'statuses.0.color', status: { ...valid, color } })),
    ...HOSTILE.slug.map((slug) => ({ field: 'statuses.0.slug', status: { ...valid, slug } })),
  ];
  const posted = await post(
    tokens,
    [
      call('configureBoard', { board, statuses: [valid] }, 0),
      ...attempts.map((a) =>
        call('configureBoard', { board, statuses: [a.status] }, 0, { phase: 1 }),
      ),
      { method: 'read', input: [{ kind: 'board', board }], token: 0, phase: 2 },
    ],
    page,
  );
  expect(posted[0]!.error).toBeUndefined();
  const accepted = attempts.flatMap((a, i) => {
    const result = posted[i + 1]!;
    return result.fields && Object.keys(result.fields).join() === a.field
      ? []
      : [{ ...a.status, result }];
  });
  expect(accepted, 'configurations not refused for exactly the hostile field').toEqual([]);
  const [outcome] = posted.at(-1)!.value as unknown as [{ data: { statuses: unknown[] } }];
  expect(outcome.data.statuses).toContainEqual(valid);
  expect(outcome.data.statuses).toHaveLength(7);
});
