/**
 * The photo viewer of `<kith-reviews>`: a modal `<dialog>` showing one photo of a review at a time,
 * with Previous / Next (and ← / →), closed by its button or Escape, focus back on the thumbnail that
 * opened it. Its own chunk, loaded when a reader first points at (or opens) a photo.
 */
import {
  css,
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import type { MessageKey } from '../../core/i18n.js';
import type { Photo } from '../../core/types.js';

export const viewerStyles = css`
  .viewer {
    max-width: min(92vw, 60rem);
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--kith-radius);
    color: var(--_fg);
    background: var(--kith-color-background, Canvas);
  }
  .viewer::backdrop {
    background: rgb(0 0 0 / 0.7);
  }
  .viewer figure {
    margin: 0;
    display: grid;
    gap: 0.5rem;
    justify-items: center;
  }
  .viewer img {
    max-width: 100%;
    max-height: 75vh;
    object-fit: contain;
  }
  .viewer-actions {
    display: flex;
    justify-content: center;
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
`;

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };
type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The viewer of one `<kith-reviews>`. */
export class PhotoViewer implements ReactiveController {
  private readonly host: Host;
  private shown: { photos: Photo[]; index: number; author: string } | null = null;
  private opener: HTMLElement | null = null;

  constructor(host: Host) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens the viewer on `photos[index]`; focus returns to `opener` when it closes. */
  open(photos: Photo[], index: number, author: string, opener: HTMLElement | null): void {
    this.opener = opener;
    this.shown = { photos, index, author };
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.viewer')?.showModal(),
    );
  }

  private readonly closed = (): void => {
    this.shown = null;
    this.opener?.focus();
    this.opener = null;
    this.host.requestUpdate();
  };

  private step(delta: number): void {
    const v = this.shown;
    if (!v) return;
    this.shown = { ...v, index: (v.index + delta + v.photos.length) % v.photos.length };
    this.host.requestUpdate();
  }

  private readonly keydown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowRight') this.step(1);
    else if (e.key === 'ArrowLeft') this.step(-1);
  };

  render(t: Translate): TemplateResult | typeof nothing {
    const v = this.shown;
    if (!v) return nothing;
    const photo = v.photos[v.index]!;
    const count = v.photos.length;
    const label = t('reviews.viewer.label', { index: v.index + 1, count });
    return html`<dialog
      class="viewer"
      part="viewer"
      aria-label=${label}
      @close=${this.closed}
      @keydown=${this.keydown}
    >
      <figure>
        <img src=${photo.url} alt=${photo.alt || t('reviews.photos.label', { name: v.author })} />
        <figcaption>${label}</figcaption>
      </figure>
      <div class="viewer-actions">
        ${
          count > 1
            ? html`<button type="button" class="btn" @click=${() => this.step(-1)}>
                  ${t('reviews.viewer.previous')}
                </button>
                <button type="button" class="btn" @click=${() => this.step(1)}>
                  ${t('reviews.viewer.next')}
                </button>`
            : nothing
        }
        <button
          type="button"
          class="btn btn-primary"
          @click=${(e: Event) => (e.target as HTMLElement).closest('dialog')?.close()}
        >
          ${t('reviews.viewer.close')}
        </button>
      </div>
    </dialog>`;
  }
}
