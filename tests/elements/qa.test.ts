import { expect } from '@open-wc/testing';
import { html } from 'lit';
import type { KithQa } from '../../src/elements/qa/qa.element.js';
import { $, $$, ada, button, click, memory, mount, typeInto, until } from './helpers.js';

describe('<kith-qa>', () => {
  beforeEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.clear();
  });

  it('lets a signed-in customer ask a question and shows it', async () => {
    const adapter = memory();
    const { el } = await mount<KithQa>(adapter, html`<kith-qa topic="t1"></kith-qa>`, ada());
    await until(() => el.shadowRoot?.querySelector('.empty'), 'empty state');
    await typeInto($(el, '#ask-title'), 'Is it waterproof?');
    await until(() => el.shadowRoot?.querySelector('#ask-body'), 'body editor');
    await typeInto($(el, '#ask-body'), 'Going to **Scotland**.');
    await click(button(el, 'Post question'));
    const heading = await until(() => el.shadowRoot?.querySelector('#thread-heading'), 'thread');
    expect(heading.textContent).to.equal('Is it waterproof?');
    expect($(el, '.post-body').innerHTML).to.contain('<strong>Scotland</strong>');
    expect(location.hash).to.match(/^#kith-question-/);
    expect($$(el, '.answer')).to.have.length(0);
  });
});
