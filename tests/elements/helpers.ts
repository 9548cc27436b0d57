/**
 * Helpers for element tests: a fresh memory adapter per test, member tokens, and input that goes
 * through the browser like a user's (real mouse clicks and key presses via Playwright).
 */
import { fixture } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { html, type TemplateResult } from 'lit';
import {
  createMemoryAdapter,
  type MemoryAdapter,
  type MemorySeed,
} from '../../src/adapters/memory.js';
import '../../src/elements/community/community.js';
import '../../src/elements/qa/qa.js';
import type { Role } from '../../src/core/types.js';
import { memberToken } from '../support/tokens.js';

/** A member token (claims unverified by the memory adapter). */
export function token(
  sub: string,
  name: string,
  roles: Role[] = ['customer'],
  extra: Record<string, unknown> = {},
): string {
  return memberToken({ aud: 'test', sub, name, roles, ...extra });
}

export const ada = () => token('m_ada', 'Ada Lovelace');
export const ben = () => token('m_ben', 'Ben Okafor');
export const sam = () => token('m_sam', 'Sam Rivera', ['staff']);

export function memory(seed?: MemorySeed): MemoryAdapter {
  return createMemoryAdapter({ site: 'test', storage: null, seed });
}

/** Mounts `content` inside a `<kith-community>` bound to `adapter` and signed in with `memberToken`. */
export async function mount<T extends Element>(
  adapter: MemoryAdapter,
  content: TemplateResult,
  memberToken?: string,
): Promise<{ scope: HTMLElement; el: T }> {
  const scope = await fixture<HTMLElement>(
    html`<kith-community site="test" .adapter=${adapter} member-token=${memberToken ?? ''}>
      ${content}
    </kith-community>`,
  );
  const el = scope.firstElementChild as T;
  return { scope, el };
}

/** Waits until `predicate` holds (re-checked every frame), failing after `timeout` ms. */
export async function until<T>(
  predicate: () => T | null | undefined | false,
  message: string,
  timeout = 4000,
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for: ${message}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** Finds in the element's shadow root, failing loudly. */
export function $(el: Element, selector: string): HTMLElement {
  const found = el.shadowRoot?.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`No ${selector} in <${el.localName}>`);
  return found;
}

export function $$(el: Element, selector: string): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>(selector) ?? [])];
}

/** A real mouse click at the centre of `target`. */
export async function click(target: Element): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  const r = target.getBoundingClientRect();
  await sendMouse({
    type: 'click',
    position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)],
  });
}

/** Focuses `field` by clicking it, then types `text` with real key presses. */
export async function typeInto(field: HTMLElement, text: string): Promise<void> {
  await click(field);
  await sendKeys({ type: text });
}

export async function press(key: string): Promise<void> {
  await sendKeys({ press: key });
}

/** Buttons in the element's shadow root whose text matches. */
export function button(el: Element, text: string | RegExp): HTMLButtonElement {
  const match = (b: HTMLButtonElement) =>
    typeof text === 'string' ? b.textContent!.trim() === text : text.test(b.textContent!.trim());
  const found = [...(el.shadowRoot?.querySelectorAll('button') ?? [])].find(match);
  if (!found) throw new Error(`No button "${String(text)}" in <${el.localName}>`);
  return found;
}
