/**
 * The inbox panel's contents (list, empty, loading and error states): a chunk of its own, loaded when
 * the bell is first pointed at, focused or opened, so that a page pays for the bell alone.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Notification } from '../../core/types.js';
import type { MessageKey } from '../../core/i18n.js';
import type { InboxPanelHost } from './inbox.element.js';

const KINDS = [
  'answer.posted',
  'answer.accepted',
  'question.escalated',
  'idea.status-changed',
  'idea.commented',
  'review.replied',
  'badge.awarded',
  'member.warned',
  'member.suspended',
];
const SKELETON_ROWS = 3;

/** Only http(s) links: a notification's `pageUrl` comes from what a member's page sent. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function renderItem(host: InboxPanelHost, n: Notification): TemplateResult {
  const kind = KINDS.includes(n.kind) ? n.kind : 'other';
  const what = host.text(`inbox.kind.${kind}` as MessageKey, {
    actor: n.actor?.name ?? host.text('inbox.someone'),
  });
  const href = safeHref(n.pageUrl);
  const content = html`${
      n.read ? nothing : html`<span class="new" part="new">${host.text('inbox.new')}</span>`
    }
    <span class="what">${what}</span>
    <span class="title">${n.title}</span>
    ${n.excerpt ? html`<span class="excerpt">${n.excerpt}</span>` : nothing}
    <span class="when">${host.relativeTime(n.createdAt)}</span>`;
  const part = n.read ? 'item' : 'item item-unread';
  const cls = `item ${n.read ? 'read' : 'unread'}`;
  return html`<li>
    ${
      href
        ? html`<a
            class=${cls}
            part=${part}
            href=${href}
            @click=${(e: MouseEvent) => host.open(n, e)}
            >${content}</a
          >`
        : html`<button
            type="button"
            class=${cls}
            part=${part}
            @click=${(e: MouseEvent) => host.open(n, e)}
          >
            ${content}
          </button>`
    }
  </li>`;
}

export const inboxPanel = {
  render(host: InboxPanelHost): TemplateResult {
    const { state } = host;
    if (state.status === 'loading' || state.status === 'signed-out') {
      return html`<div class="skeleton-list" aria-busy="true">
        <span class="visually-hidden">${host.text('inbox.loading')}</span>
        ${Array.from(
          { length: SKELETON_ROWS },
          () => html`<div class="skeleton skeleton-row" aria-hidden="true"></div>`,
        )}
      </div>`;
    }
    if (state.status === 'error') {
      return html`<div class="state-error" part="error" role="alert">
        <p>${host.text('inbox.error')} ${host.reason}</p>
        <button type="button" class="btn retry" @click=${host.retry}>
          ${host.text('action.retry')}
        </button>
      </div>`;
    }
    if (!state.items.length)
      return html`<p class="empty" part="empty">${host.text('inbox.empty')}</p>`;
    return html`<ul class="list" part="list">
        ${state.items.map((n) => renderItem(host, n))}
      </ul>
      ${
        state.nextCursor
          ? html`<button
              type="button"
              class="btn more"
              part="more"
              ?disabled=${state.loadingMore}
              @click=${host.showMore}
            >
              ${host.text('inbox.more')}
            </button>`
          : nothing
      }`;
  },
};
