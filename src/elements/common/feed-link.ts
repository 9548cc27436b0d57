/**
 * The Atom feed of what an element shows (a topic's questions, a board's ideas, a product's reviews):
 * a link in the element's header and, while the element is on the page, a `<link rel="alternate">` in
 * the document's head for browsers and feed readers. One `<link>` per feed however many elements show
 * it; the last one to leave (or to show another feed) removes it. Its own chunk, loaded once the
 * backend has a feed for the element: pages without feeds never download it.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { registerMessages } from '../../core/i18n.js';
import messages from '../../locales/feed/en.js';

// The link's text and styles come with it, so that pages without feeds carry neither.
registerMessages(messages, { de: () => import('../../locales/feed/de.js') });

const feedStyles = css`
  .feed-link {
    margin-inline-start: auto;
    padding-block: 0.25em;
    font-size: var(--kith-font-size-small);
  }
`;

const heads = new Map<string, { link: HTMLLinkElement; users: number }>();

export class FeedController implements ReactiveController {
  /** The URL of the feed shown, or `null`. */
  private url: string | null = null;
  private title = '';
  private connected = false;

  constructor(host: ReactiveControllerHost & Element) {
    host.addController(this);
    const root = host.shadowRoot!;
    const sheet = feedStyles.styleSheet!;
    if (!root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** Shows the feed at `url` (`null`, or not http(s): none), titled `title` in the head. */
  show(url: string | null, title: string): void {
    if (!/^https?:/i.test(url ?? '')) url = null;
    if (url === this.url && title === this.title) return;
    this.release();
    this.url = url;
    this.title = title;
    this.claim();
  }

  /** The link in the element's header (`part="feed-link"`), labelled `label`. */
  render(label: string) {
    return this.url
      ? html`<a class="feed-link" part="feed-link" href=${this.url}>${label}</a>`
      : nothing;
  }

  hostConnected(): void {
    this.connected = true;
    this.claim();
  }

  hostDisconnected(): void {
    this.release();
    this.connected = false;
  }

  private claim(): void {
    const url = this.url;
    if (!url || !this.connected) return;
    let head = heads.get(url);
    if (!head) {
      const link = document.createElement('link');
      Object.assign(link, { rel: 'alternate', type: 'application/atom+xml', href: url });
      document.head.append(link);
      heads.set(url, (head = { link, users: 0 }));
    }
    head.link.title = this.title;
    head.users++;
  }

  private release(): void {
    const head = this.connected && this.url ? heads.get(this.url) : undefined;
    if (head && !--head.users) {
      head.link.remove();
      heads.delete(this.url!);
    }
  }
}
