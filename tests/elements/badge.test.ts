import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { configure } from '../../src/core/config.js';
import { DEFAULT_BADGES } from '../../src/core/reputation.js';
import type { MemberProfile, QuestionThread } from '../../src/core/types.js';
import type { KithBadge } from '../../src/elements/badge/badge.element.js';
import '../../src/elements/badge/badge.js';
import { hueOf } from '../../src/elements/common/author.js';
import type { KithQa } from '../../src/elements/qa/qa.element.js';
import en from '../../src/locales/members/en.js';
import profileEn from '../../src/locales/members/profile/en.js';
import { $, $$, ada, ben, click, memory, mount, press, sam, token, until } from './helpers.js';

const ctx = (t: string) => ({ token: t, idempotencyKey: crypto.randomUUID() });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/**
 * Ben asks `accepted + open` questions in `topic`; Ada answers each, Ben accepts the first `accepted`.
 * With 5 accepted, Ada has First Answer (bronze) and Problem Solver (silver) and 75 points.
 */
async function seedAda(adapter: MemoryAdapter, accepted = 5, open = 0, topic = 'packs') {
  const answers: { questionId: string; answerId: string }[] = [];
  for (let i = 1; i <= accepted + open; i++) {
    const q = await adapter.askQuestion(
      { topic, title: `How do I adjust strap number ${i}?`, body: 'It slips.' },
      ctx(ben()),
    );
    const a = await adapter.postAnswer(
      { questionId: q.id, body: `Pull strap ${i} tight.`, pageUrl: 'https://shop.test/p/28' },
      ctx(ada()),
    );
    if (i <= accepted) await adapter.acceptAnswer({ questionId: q.id, answerId: a.id }, ctx(ben()));
    answers.push({ questionId: q.id, answerId: a.id });
  }
  return answers;
}

async function mountBadge(adapter: MemoryAdapter, attrs: Record<string, string> = {}) {
  const node = document.createElement('kith-badge');
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  const { el } = await mount<KithBadge>(adapter, html`${node}`);
  await until(() => $$(el, 'button.chip, .former, .config-error').length, 'chip shown');
  return el;
}

const chip = (el: KithBadge) => $(el, 'button.chip');
const popover = (el: KithBadge) => $(el, '#profile');
const isOpen = (el: KithBadge) => popover(el).matches(':popover-open');
const profileReady = (el: KithBadge) => until(() => $$(el, '.facts').length, 'profile loaded');

/** The WCAG contrast ratio of an `rgb(…)` colour against white. */
function contrastWithWhite(rgb: string): number {
  const [r, g, b] = rgb
    .match(/\d+(\.\d+)?/g)!
    .slice(0, 3)
    .map(Number) as [number, number, number];
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return 1.05 / (l + 0.05);
}

describe('<kith-badge>', () => {
  beforeEach(() => {
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  it('has no axe violations: chip, compact chip, open profile, dark theme', async () => {
    const adapter = memory();
    await seedAda(adapter);
    const el = await mountBadge(adapter, { member: 'm_ada' });
    await expect(el).to.be.accessible();
    await click(chip(el));
    await profileReady(el);
    await expect(el).to.be.accessible();
    const dark = await mountBadge(adapter, { member: 'm_ada', theme: 'dark' });
    await expect(dark).to.be.accessible();
    const compact = await mountBadge(adapter, { member: 'm_ada', compact: '' });
    await expect(compact).to.be.accessible();
  });

  it('shows avatar, name, trust level, top badges by tier (text and shape) and reputation', async () => {
    const adapter = memory();
    await seedAda(adapter);
    const el = await mountBadge(adapter, { member: 'm_ada' });
    expect(text($(el, '.name'))).to.equal('Ada Lovelace');
    expect(text($(el, '.trust'))).to.equal('Trust level 1');
    expect(text($(el, '.reputation'))).to.equal('75 points');
    const badges = $$(el, '.badge');
    expect(badges.map(text)).to.deep.equal([
      'Problem Solver (Silver badge)',
      'First Answer (Bronze badge)',
    ]);
    // The tier is told by a shape (and text), not only by colour.
    expect(badges.map((b) => b.querySelector('.tier')!.className)).to.deep.equal([
      'tier tier-silver',
      'tier tier-bronze',
    ]);
    const [silver, bronze] = badges.map((b) => getComputedStyle(b.querySelector('.tier')!));
    expect(silver!.borderRadius).to.not.equal(bronze!.borderRadius);
    expect($$(el, '.role-mark')).to.have.length(0);
    // The whole chip is one button whose name says it all.
    expect(chip(el).getAttribute('aria-haspopup')).to.equal('dialog');
    expect(chip(el).getAttribute('aria-expanded')).to.equal('false');
    expect(chip(el).getAttribute('aria-controls')).to.equal('profile');
    // The chip's pieces are flex items, read one after the other with spaces (the initials are
    // aria-hidden, so the name starts at "Ada").
    expect($(el, '.avatar').getAttribute('aria-hidden')).to.equal('true');
    expect(chip(el).innerText.replace(/\s+/g, ' ').trim()).to.equal(
      'AL Ada Lovelace Trust level 1 Problem Solver (Silver badge) First Answer (Bronze badge) 75 points',
    );
  });

  it('draws initials on a colour stable per member id, with contrast for white text', async () => {
    const adapter = memory();
    await seedAda(adapter);
    await adapter.postAnswer(
      { questionId: (await seedAda(adapter, 0, 1, 'other'))[0]!.questionId, body: 'Staff here.' },
      ctx(sam()),
    );
    const a1 = await mountBadge(adapter, { member: 'm_ada' });
    const a2 = await mountBadge(adapter, { member: 'm_ada', compact: '' });
    const s = await mountBadge(adapter, { member: 'm_sam' });
    const avatar = (el: KithBadge) => $(el, '.avatar');
    expect(text(avatar(a1))).to.equal('AL');
    expect(avatar(a1).getAttribute('aria-hidden')).to.equal('true');
    expect(avatar(a1).classList.contains(`hue-${hueOf('m_ada') % 12}`)).to.equal(true);
    const bg = (el: KithBadge) => getComputedStyle(avatar(el)).backgroundColor;
    expect(bg(a1)).to.equal(bg(a2));
    expect(getComputedStyle(avatar(a1)).color).to.equal('rgb(255, 255, 255)');
    // Every one of the twelve hues keeps white initials readable.
    for (let hue = 0; hue < 12; hue++) {
      avatar(s).className = `avatar hue-${hue}`;
      expect(contrastWithWhite(bg(s)), `hue-${hue}`).to.be.at.least(4.5);
    }
  });

  it('marks roles with text and shows an avatar image with empty alt', async () => {
    const adapter = memory();
    const [q] = await seedAda(adapter, 0, 1);
    await adapter.postAnswer(
      { questionId: q!.questionId, body: 'Official answer.' },
      ctx(token('m_sam', 'Sam Rivera', ['staff'], { avatar: `https://img.test/sam.png` })),
    );
    const el = await mountBadge(adapter, { member: 'm_sam' });
    expect($$(el, '.role-mark').map(text)).to.deep.equal(['Staff']);
    const img = $(el, 'img.avatar-image') as HTMLImageElement;
    expect(img.getAttribute('alt')).to.equal('');
    expect(img.src).to.equal('https://img.test/sam.png');
    // Compact: avatar and name only.
    const compact = await mountBadge(adapter, { member: 'm_sam', compact: '' });
    expect($$(compact, '.role-mark, .trust, .reputation, .badge')).to.have.length(0);
    expect(text($(compact, '.name'))).to.equal('Sam Rivera');
  });

  it('opens the profile with Enter and Space, closes it with Escape and Close, focus returns', async () => {
    const adapter = memory();
    await seedAda(adapter);
    const el = await mountBadge(adapter, { member: 'm_ada' });
    const before = document.createElement('button');
    before.textContent = 'before';
    el.parentElement!.insertBefore(before, el);
    before.focus();
    await press('Tab');
    expect(el.shadowRoot!.activeElement).to.equal(chip(el));
    await press('Enter');
    await until(() => isOpen(el), 'open');
    expect(chip(el).getAttribute('aria-expanded')).to.equal('true');
    await until(() => el.shadowRoot!.activeElement === $(el, '#profile .close'), 'focus inside');
    expect(popover(el).getAttribute('role')).to.equal('dialog');
    expect(popover(el).getAttribute('aria-label')).to.equal('Profile of Ada Lovelace');
    await profileReady(el);
    await press('Escape');
    await until(() => !isOpen(el), 'closed by Escape');
    await until(() => el.shadowRoot!.activeElement === chip(el), 'focus back on the chip');
    expect(chip(el).getAttribute('aria-expanded')).to.equal('false');

    await press(' ');
    await until(() => isOpen(el), 'open by Space');
    await until(() => el.shadowRoot!.activeElement === $(el, '#profile .close'), 'focus on Close');
    await press('Enter');
    await until(() => !isOpen(el), 'closed by Close');
    await until(() => el.shadowRoot!.activeElement === chip(el), 'focus back again');
  });

  it('lists every badge with how it was earned and four tie-strength meters with sentences', async () => {
    const adapter = memory();
    await seedAda(adapter);
    const el = await mountBadge(adapter, { member: 'm_ada' });
    await click(chip(el));
    await profileReady(el);
    const facts = $$(el, '.facts dd').map(text);
    expect(facts[0]).to.equal('75 points');
    expect(facts[1]).to.equal('Trust level 1');
    expect(facts[2]).to.match(/\d{4}/);
    const awards = $$(el, '.award').map((a) => ({
      name: text(a.querySelector('.award-name')),
      tier: text(a.querySelector('.award-tier')),
      cause: text(a.querySelector('.award-cause')),
    }));
    expect(awards).to.have.deep.members([
      { name: 'Problem Solver', tier: 'Silver', cause: 'Earned with 5 accepted answers' },
      { name: 'First Answer', tier: 'Bronze', cause: 'Earned with 1 answer' },
    ]);
    const [profile] = await adapter.read([{ kind: 'member', memberId: 'm_ada' }], {});
    if (!profile?.ok) throw new Error('the profile could not be read');
    const ties = (profile.data as MemberProfile).tieStrength;
    const meters = $$(el, 'meter') as HTMLMeterElement[];
    expect(meters).to.have.length(4);
    expect($$(el, '.tie-label').map(text)).to.deep.equal([
      'Time',
      'Activity',
      'Trust',
      'Give and take',
    ]);
    const order = ['time', 'intensity', 'trust', 'reciprocity'] as const;
    meters.forEach((meter, i) => {
      const c = ties[order[i]!];
      expect(meter.value).to.be.closeTo(c.score, 0.001);
      expect(meter.labels[0]!.textContent!.trim()).to.equal($$(el, '.tie-label').map(text)[i]);
      const sentence = el.shadowRoot!.getElementById(meter.getAttribute('aria-describedby')!);
      // Built from the figures; in English it reads as the server's sentence.
      expect(text(sentence)).to.equal(c.explanation);
    });
    const links = $$(el, '.recent a') as HTMLAnchorElement[];
    expect(links.length).to.be.greaterThan(0);
    expect(links[0]!.href).to.equal('https://shop.test/p/28');
    expect(text(links[0])).to.match(/^Pull strap \d tight\.$|How do I adjust/);
  });

  it('translates the default badge names only, and matches the default rules', () => {
    const chip = en as Record<string, unknown>;
    const profile = profileEn as Record<string, unknown>;
    for (const rule of DEFAULT_BADGES) {
      expect(chip[`members.badge.${rule.slug}`], rule.slug).to.equal(rule.name);
      expect(profile[`members.cause.${rule.metric}`], rule.metric).to.exist;
    }
  });

  it('speaks German with locale="de"', async () => {
    const adapter = memory();
    await seedAda(adapter);
    const el = await mountBadge(adapter, { member: 'm_ada', locale: 'de' });
    await until(() => text($(el, '.trust')) === 'Vertrauensstufe 1', 'German');
    expect(text($(el, '.reputation'))).to.equal('75 Punkte');
    expect($$(el, '.badge').map(text)).to.deep.equal([
      'Problemlöser (Abzeichen in Silber)',
      'Erste Antwort (Abzeichen in Bronze)',
    ]);
    await click(chip(el));
    await profileReady(el);
    expect(text($(el, '#profile .close'))).to.equal('Schließen');
    expect($$(el, '.award-cause').map(text)).to.have.members([
      'Verdient mit 5 akzeptierten Antworten',
      'Verdient mit 1 Antwort',
    ]);
    expect($$(el, '.tie-label').map(text)).to.deep.equal([
      'Zeit',
      'Aktivität',
      'Vertrauen',
      'Geben und Nehmen',
    ]);
    const sentences = $$(el, '.tie-sentence').map(text);
    expect(sentences[0]).to.match(/^Mitglied seit \d+ Tag(en)?, aktiv an 1 Tag\.$/);
    expect(sentences[2]).to.equal(
      '5 akzeptierte Antworten und 0 „Hilfreich“-Stimmen bei 5 Beiträgen.',
    );
    expect(sentences[3]).to.match(/^Hat anderen (einmal|\d+-mal) geholfen/);
  });

  it('updates live after another member votes, and fires kith-badge-awarded on a new badge', async () => {
    const adapter = memory();
    const answers = await seedAda(adapter, 4, 0);
    const [open] = await seedAda(adapter, 0, 1, 'live');
    const scope = await fixture<HTMLElement>(
      html`<div>
        <kith-community site="test" .adapter=${adapter}>
          <kith-badge member="m_ada"></kith-badge>
          <kith-badge member="m_ada" compact></kith-badge>
        </kith-community>
        <kith-community site="test" .adapter=${adapter} member-token=${ben()}>
          <kith-qa topic="live"></kith-qa>
        </kith-community>
      </div>`,
    );
    const [el, second] = [...scope.querySelectorAll('kith-badge')] as KithBadge[];
    const qa = scope.querySelector('kith-qa') as KithQa;
    const awarded: unknown[] = [];
    // The two chips above (Ada's answer in <kith-qa> shows her as a chip too, which fires as well).
    el!.parentElement!.addEventListener('kith-badge-awarded', (e) => awarded.push(e.detail));
    await until(() => $$(el!, '.reputation').length, 'chip');
    expect(answers).to.have.length(4);
    expect(text($(el!, '.reputation'))).to.equal('60 points');
    await until(() => $$(qa, '.question-title').length, 'list');
    await click($(qa, '.question-title'));
    const up = await until(
      () => qa.shadowRoot!.querySelector<HTMLElement>('.answer .vote-up'),
      'answer',
    );
    await click(up);
    await until(() => text($(el!, '.reputation')) === '70 points', 'reputation after the vote');
    expect(awarded).to.have.length(0);
    // Ben accepts Ada's fifth answer: Problem Solver.
    await click(qa.shadowRoot!.querySelector<HTMLElement>('.answer .accept')!);
    await until(() => text($(el!, '.reputation')) === '85 points', 'reputation after accepting');
    await until(() => awarded.length === 2, 'kith-badge-awarded from both chips');
    for (const detail of awarded as { memberId: string; badges: { slug: string }[] }[]) {
      expect(detail.memberId).to.equal('m_ada');
      expect(detail.badges.map((b) => b.slug)).to.deep.equal(['problem-solver']);
    }
    expect($$(el!, '.badge').map(text)[0]).to.equal('Problem Solver (Silver badge)');
    expect(second).to.exist;
    expect(open!.answerId).to.be.a('string');
  });

  it('shows a former member without a profile', async () => {
    const adapter = memory();
    const [q] = await seedAda(adapter, 1);
    await adapter.members.erase({ memberId: 'm_ada' }, ctx(ada()));
    const [thread] = await adapter.read(
      [{ kind: 'thread', questionId: q!.questionId, answerLimit: 10 }],
      {},
    );
    if (!thread?.ok) throw new Error('the thread could not be read');
    const formerId = (thread.data as QuestionThread).answers.items[0]!.author.id;
    for (const id of [formerId, 'm_ada']) {
      const el = await mountBadge(adapter, { member: id });
      expect(text($(el, '.name'))).to.equal('A former member');
      expect($$(el, 'button, [popover]')).to.have.length(0);
      await expect(el).to.be.accessible();
    }
  });

  it('says a missing or invalid member attribute clearly', async () => {
    const adapter = memory();
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const missing = await mountBadge(adapter);
      expect(text($(missing, '.config-error'))).to.include('the member attribute is required');
      expect($(missing, '.config-error').getAttribute('role')).to.equal('alert');
      const invalid = await mountBadge(adapter, { member: 'x'.repeat(201) });
      expect(text($(invalid, '.config-error'))).to.include('is not a member id');
    } finally {
      console.error = original;
    }
    expect(errors.some((e) => e.includes('<kith-badge>'))).to.equal(true);
  });

  it('shows a profile that failed to load with Try again, and recovers', async () => {
    const adapter = memory();
    await seedAda(adapter);
    const el = await mountBadge(adapter, { member: 'm_ada' });
    const errors: unknown[] = [];
    el.addEventListener('kith-error', (e) => errors.push(e.detail));
    adapter.simulate({ failNext: 1 });
    await click(chip(el));
    const retry = await until(() => el.shadowRoot!.querySelector<HTMLElement>('.retry'), 'retry');
    expect(text($(el, '#profile [role="alert"]'))).to.include('The profile could not be loaded.');
    expect(errors).to.have.length(1);
    await click(retry);
    await profileReady(el);
    expect($$(el, '.award')).to.have.length(2);
    expect(isOpen(el)).to.equal(true);
  });
});

describe('authors as <kith-badge>', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  /** The chip of each author shown in `el` (its shadow root holds what is shown). */
  const authors = (el: Element) => $$(el, 'kith-badge') as KithBadge[];
  const chipReady = (b: KithBadge) => b.shadowRoot?.querySelector('button.chip, .former');

  it('shows every question and answer author as a chip from the post, badges once read', async () => {
    const adapter = memory();
    const [q] = await seedAda(adapter, 5, 1, 'auth');
    await adapter.postAnswer({ questionId: q!.questionId, body: 'Staff here.' }, ctx(sam()));
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="auth"></kith-qa>`);
    await until(() => $$(el, '.question').length === 6, 'list');
    const listed = await until(() => {
      const chips = authors(el);
      return chips.length === 6 && chips.every(chipReady) && chips;
    }, 'chips');
    for (const chip of listed) {
      expect(chip.closest('.meta'), 'in the meta line').to.exist;
      expect(text(chip.shadowRoot!.querySelector('.name'))).to.equal('Ben Okafor');
      expect(chip.getAttribute('member')).to.equal('m_ben');
    }
    await expect(el).to.be.accessible();
    await click(
      $$(el, '.question-title').find((t) => text(t) === 'How do I adjust strap number 1?')!,
    );
    await until(() => $$(el, '.answer').length === 2, 'thread');
    const [ada, staff] = await until(() => {
      const chips = $$(el, '.answer kith-badge') as KithBadge[];
      return chips.length === 2 && chips.every(chipReady) && chips;
    }, 'answer chips');
    expect(text(ada!.shadowRoot!.querySelector('.name'))).to.equal('Ada Lovelace');
    expect(text(ada!.shadowRoot!.querySelector('.trust'))).to.equal('Trust level 1');
    expect(text(ada!.shadowRoot!.querySelector('.reputation'))).to.equal('75 points');
    // The top badges arrive with the cards' read.
    await until(() => ada!.shadowRoot!.querySelectorAll('.badge').length === 2, 'top badges');
    expect(text(staff!.shadowRoot!.querySelector('.name'))).to.equal('Sam Rivera');
    expect(text(staff!.shadowRoot!.querySelector('.role-mark'))).to.equal('Staff');
    await expect(el).to.be.accessible();
  });

  it("opens an answer's author profile by keyboard, and Escape brings focus back", async () => {
    const adapter = memory();
    const [q] = await seedAda(adapter, 1, 0, 'keys');
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="keys"></kith-qa>`);
    await until(() => $$(el, '.question-title').length, 'list');
    await click($(el, '.question-title'));
    const author = await until(() => {
      const chip = el.shadowRoot!.querySelector<KithBadge>('.answer kith-badge');
      return chip?.shadowRoot?.querySelector('button.chip') ? chip : null;
    }, 'answer author chip');
    expect(q).to.exist;
    const focused = () =>
      el.shadowRoot!.activeElement === author && author.shadowRoot!.activeElement;
    for (let i = 0; i < 40 && !focused(); i++) await press('Tab');
    expect(focused()).to.equal(chip(author));
    await press('Enter');
    await until(() => isOpen(author), 'profile open');
    await until(() => author.shadowRoot!.activeElement === $(author, '#profile .close'), 'focus');
    await profileReady(author);
    expect(popover(author).getAttribute('aria-label')).to.equal('Profile of Ada Lovelace');
    await press('Escape');
    await until(() => !isOpen(author), 'closed');
    await until(
      () => author.shadowRoot!.activeElement === chip(author),
      'focus back on the author',
    );
  });

  it("reads the cards of every author on the page in one 'members' read", async () => {
    const inner = memory();
    const people = ['m_p1', 'm_p2', 'm_p3', 'm_p4', 'm_p5'];
    for (const [i, id] of people.entries()) {
      await inner.askQuestion(
        { topic: 'many', title: `Question number ${i} from someone`, body: 'Body' },
        ctx(token(id, `Person ${i}`)),
      );
    }
    const reads: string[][] = [];
    const counting = new Proxy(inner, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== 'read') return value;
        return (requests: { kind: string; ids?: string[] }[], c: unknown) => {
          for (const r of requests) if (r.kind === 'members') reads.push(r.ids!);
          return (value as (...a: unknown[]) => unknown).call(target, requests, c);
        };
      },
    });
    const { el } = await mount<KithQa>(counting, html`<kith-qa topic="many"></kith-qa>`);
    await until(() => authors(el).length === 5 && authors(el).every(chipReady), 'chips');
    await until(() => reads.length, 'the members read');
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).to.have.length(1);
    expect([...reads[0]!].sort()).to.deep.equal(people);
  });

  it('shows an erased author as "A former member", not a button', async () => {
    const adapter = memory();
    await seedAda(adapter, 0, 1, 'gone');
    await adapter.members.erase({ memberId: 'm_ben' }, ctx(ben()));
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="gone"></kith-qa>`);
    const [gone] = await until(
      () => authors(el).length === 1 && authors(el).every(chipReady) && authors(el),
      'chip',
    );
    expect(text(gone!.shadowRoot!.querySelector('.name'))).to.equal('A former member');
    expect(gone!.shadowRoot!.querySelectorAll('button, [popover]')).to.have.length(0);
  });
});

describe('own data in the profile', () => {
  beforeEach(() => {
    localStorage.clear();
    configure({ memberToken: undefined, adapter: undefined, locale: undefined, theme: undefined });
  });

  async function openProfile(adapter: MemoryAdapter, memberToken: string, member = 'm_ada') {
    const scope = await fixture<HTMLElement>(
      html`<kith-community site="test" .adapter=${adapter} member-token=${memberToken}>
        <kith-badge member=${member}></kith-badge>
        <kith-qa topic="packs"></kith-qa>
      </kith-community>`,
    );
    const el = scope.querySelector('kith-badge') as KithBadge;
    const qa = scope.querySelector('kith-qa') as KithQa;
    await until(() => $$(el, 'button.chip').length, 'chip');
    await click(chip(el));
    await profileReady(el);
    return { el, qa };
  }

  const own = (el: KithBadge) => $$(el, '.own-data button').map(text);

  it('lets a member download their data as a JSON file', async () => {
    const adapter = memory();
    await seedAda(adapter, 1);
    const { el } = await openProfile(adapter, ada());
    await until(() => own(el).length, 'own-data actions');
    expect(own(el)).to.deep.equal(['Download my data', 'Erase my account…']);
    await expect(el).to.be.accessible();
    const saved: { name: string; json: Promise<unknown> }[] = [];
    const capture = (e: Event) => {
      const a = e.composedPath()[0];
      if (a instanceof HTMLAnchorElement && a.download) {
        e.preventDefault();
        expect(a.href).to.match(/^blob:/);
        saved.push({ name: a.download, json: fetch(a.href).then((r) => r.json()) });
      }
    };
    document.addEventListener('click', capture, true);
    try {
      // Fails first: the error says so, with Try again.
      adapter.simulate({ failNext: 1 });
      await click(
        [...el.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === 'Download my data')!,
      );
      const retry = await until(
        () => el.shadowRoot!.querySelector<HTMLElement>('.own-error .retry'),
        'error',
      );
      expect(text($(el, '.own-error'))).to.include('Your data could not be downloaded.');
      expect(saved).to.have.length(0);
      await click(retry);
      await until(() => saved.length === 1, 'saved');
    } finally {
      document.removeEventListener('click', capture, true);
    }
    expect(saved[0]!.name).to.equal('kith-data-m_ada.json');
    const data = (await saved[0]!.json) as Record<string, unknown>;
    expect(JSON.stringify(data)).to.include('m_ada');
    await until(
      () => text($(el, '.saved')) === 'Your data was saved as kith-data-m_ada.json.',
      'said',
    );
    expect($$(el, '.own-error')).to.have.length(0);
  });

  it('erases the own account after a confirmation; the page then shows a former member', async () => {
    const adapter = memory();
    await seedAda(adapter, 1);
    const { el, qa } = await openProfile(adapter, ada());
    await until(() => own(el).length, 'own-data actions');
    await click($(el, '.own-data .erase'));
    const confirm = await until(
      () => el.shadowRoot!.querySelector<HTMLElement>('.confirm'),
      'confirm',
    );
    expect(confirm.getAttribute('role')).to.equal('group');
    expect(text($(el, '#confirm-heading'))).to.equal('Erase your account?');
    expect(text($(el, '#confirm-text'))).to.include('“A former member”');
    expect(text($(el, '#confirm-text'))).to.include('cannot be undone');
    await until(
      () => el.shadowRoot!.activeElement === $(el, '.confirm .cancel'),
      'focus on Cancel',
    );
    await expect(el).to.be.accessible();
    // Cancel by keyboard: back to the erase button, nothing erased.
    await press('Enter');
    await until(() => !$$(el, '.confirm').length, 'cancelled');
    await until(() => el.shadowRoot!.activeElement === $(el, '.own-data .erase'), 'focus back');
    await press('Enter');
    await until(() => $$(el, '.confirm-erase').length, 'confirm again');
    await click($(el, '.confirm-erase'));
    await until(() => $$(el, '.erased').length, 'erased');
    expect(text($(el, '.erased'))).to.equal('Your account was erased.');
    expect(isOpen(el)).to.equal(true);
    // The page's authors are read again: Ada's answer shows a former member.
    await click($(qa, '.question-title'));
    const author = await until(
      () => qa.shadowRoot!.querySelector<KithBadge>('.answer kith-badge'),
      'answer author',
    );
    await until(
      () => text(author.shadowRoot?.querySelector('.name')) === 'A former member',
      'former',
    );
    await press('Escape');
    await until(() => text($(el, '.name')) === 'A former member', 'the chip too');
  });

  it('offers staff "Erase this member…" on another profile, with errors and Try again', async () => {
    const adapter = memory();
    await seedAda(adapter, 1);
    const { el } = await openProfile(adapter, sam());
    await until(() => own(el).length, 'staff actions');
    expect(own(el)).to.deep.equal(['Erase this member…']);
    await click($(el, '.own-data .erase'));
    await until(() => $$(el, '.confirm').length, 'confirm');
    expect(text($(el, '#confirm-heading'))).to.equal('Erase Ada Lovelace?');
    expect(text($(el, '#confirm-text'))).to.include('“A former member”');
    const errors: string[] = [];
    el.addEventListener('kith-error', (e) => errors.push(e.detail.action));
    adapter.simulate({ failNext: 1 });
    await click($(el, '.confirm-erase'));
    const retry = await until(
      () => el.shadowRoot!.querySelector<HTMLElement>('.own-error .retry'),
      'error',
    );
    expect(text($(el, '.own-error'))).to.include('The account could not be erased.');
    expect(errors).to.deep.equal(['erase']);
    await click(retry);
    await until(() => $$(el, '.erased').length, 'erased');
    expect(text($(el, '.erased'))).to.equal('This member was erased.');
  });

  it('offers nothing of the kind to other members', async () => {
    const adapter = memory();
    await seedAda(adapter, 1);
    const { el } = await openProfile(adapter, ben());
    await new Promise((r) => setTimeout(r, 100));
    expect($$(el, '.own-data')).to.have.length(0);
  });
});
