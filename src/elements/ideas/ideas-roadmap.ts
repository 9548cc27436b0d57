/**
 * The roadmap of `<kith-ideas view="roadmap">`: the board's statuses from planned to done as columns of
 * cards, read in one batched request, moved through with the arrow keys (one card in the tab order). A
 * separate chunk, loaded only when the roadmap is shown: list pages never download it.
 */
import {
  css,
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import type { MapStore } from 'nanostores';
import type { MessageKey } from '../../core/i18n.js';
import type { Board, IdeaSort, IdeaStatusDefinition, IdeaStatusSlug } from '../../core/types.js';
import { ideaList, type IdeaListState } from '../../stores/ideas.js';
import type { Session } from '../../stores/session.js';

export interface RoadmapView {
  session: Session;
  board: Board;
  sort: IdeaSort;
  pageSize: number;
  /** The link of a card (the same URL hash as in the list). */
  href(id: string): string;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  status(slug: IdeaStatusSlug): TemplateResult;
  open(id: string, e: Event): void;
  /** Loads the opened idea's chunk ahead of a click. */
  prefetch(): void;
}

/** Planned through done, with any status ordered between them (a custom `beta`, say). */
function roadmapStatuses(board: Board): IdeaStatusDefinition[] {
  const orderOf = (slug: string) => board.statuses.find((s) => s.slug === slug)?.order;
  const from = orderOf('planned') ?? 2;
  const to = orderOf('done') ?? 4;
  return board.statuses.filter((s) => s.order >= from && s.order <= to);
}

/** The columns' stores (one list per status) and the keyboard's current card, for one element. */
export class Roadmap implements ReactiveController {
  private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode };
  private stores: MapStore<IdeaListState>[] = [];
  private storesKey = '';
  private unlisten: (() => void)[] = [];
  private connected = false;
  /** The card in the tab order (the roving tabindex); the first card when unset or gone. */
  private activeCard: string | null = null;

  constructor(host: ReactiveControllerHost & { readonly renderRoot: ParentNode }) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.listen();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stopListening();
  }

  private stopListening(): void {
    for (const off of this.unlisten) off();
    this.unlisten = [];
  }

  private listen(): void {
    if (!this.connected || this.unlisten.length) return;
    this.unlisten = this.stores.map((store) => store.listen(() => this.host.requestUpdate()));
  }

  /** The column lists of the board; created together, so their reads go out in one request. */
  private columns(v: RoadmapView, statuses: IdeaStatusSlug[]): IdeaListState[] {
    const query = { sort: v.sort, pageSize: v.pageSize };
    const key = `${v.session.key}|${v.board.slug}|${statuses.join()}|${JSON.stringify(query)}`;
    if (key !== this.storesKey) {
      this.stopListening();
      this.storesKey = key;
      this.stores = statuses.map((status) =>
        ideaList(v.session, { board: v.board.slug, status, query: '', ...query }),
      );
      this.listen();
    }
    return this.stores.map((store) => store.get());
  }

  /** The cards as columns of ids (empty columns are skipped by the arrow keys). */
  private grid(): string[][] {
    return this.stores.map((store) => store.get().items.map((i) => i.id));
  }

  private handleKey = (e: KeyboardEvent): void => {
    const id = (e.target as HTMLElement).closest<HTMLElement>('[data-card]')?.dataset.card;
    if (!id) return;
    const grid = this.grid();
    const col = grid.findIndex((c) => c.includes(id));
    const row = grid[col]!.indexOf(id);
    const filled = grid.map((c, i) => (c.length ? i : -1)).filter((i) => i >= 0);
    const at = filled.indexOf(col);
    let next: string | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = grid[col]![Math.min(row + 1, grid[col]!.length - 1)];
        break;
      case 'ArrowUp':
        next = grid[col]![Math.max(row - 1, 0)];
        break;
      case 'ArrowRight':
      case 'ArrowLeft': {
        const target = grid[filled[at + (e.key === 'ArrowRight' ? 1 : -1)] ?? col]!;
        next = target[Math.min(row, target.length - 1)];
        break;
      }
      case 'Home':
        next = e.ctrlKey ? grid[filled[0]!]![0] : grid[col]![0];
        break;
      case 'End': {
        const target = e.ctrlKey ? grid[filled[filled.length - 1]!]! : grid[col]!;
        next = target[target.length - 1];
        break;
      }
      default:
        return;
    }
    e.preventDefault();
    if (next) {
      this.activate(next);
      this.host.renderRoot.querySelector<HTMLElement>(`[data-card="${CSS.escape(next)}"]`)?.focus();
    }
  };

  private activate(id: string): void {
    this.activeCard = id;
    this.host.requestUpdate();
  }

  render(v: RoadmapView): TemplateResult {
    const statuses = roadmapStatuses(v.board);
    const columns = this.columns(
      v,
      statuses.map((s) => s.slug),
    );
    const cards = this.grid().flat();
    const active = cards.includes(this.activeCard ?? '') ? this.activeCard : cards[0];
    return html`<div
      class="roadmap"
      part="roadmap"
      @keydown=${this.handleKey}
      @pointerover=${v.prefetch}
      @focusin=${v.prefetch}
    >
      <p id="roadmap-help" class="visually-hidden">${v.t('ideas.roadmap.help')}</p>
      ${statuses.map((status, i) => {
        const column = columns[i]!;
        const id = `column-${status.slug}`;
        return html`<section class="column" part="column" aria-labelledby=${id}>
          <h3 id=${id} class="column-heading">
            ${v.status(status.slug)}
            ${column.status === 'ready' ? html`<span class="muted">${column.total}</span>` : nothing}
          </h3>
          ${
            column.status === 'loading'
              ? html`<div class="skeleton column-skeleton" aria-hidden="true"></div>`
              : column.status === 'error'
                ? html`<p class="error">${v.t('ideas.error.load')}</p>`
                : column.items.length
                  ? html`<ul class="cards">
                      ${column.items.map(
                        (idea) =>
                          html`<li>
                            <a
                              class="card"
                              part="card"
                              data-card=${idea.id}
                              data-idea-id=${idea.id}
                              href=${v.href(idea.id)}
                              tabindex=${idea.id === active ? '0' : '-1'}
                              aria-describedby="roadmap-help"
                              @focus=${() => this.activate(idea.id)}
                              @click=${(e: Event) => v.open(idea.id, e)}
                            >
                              <span class="card-title">${idea.title}</span>
                              <span class="card-meta muted">
                                ${v.t('vote.score', { count: idea.upvotes })} ·
                                ${v.t('ideas.comments.count', { count: idea.commentCount })}
                              </span>
                            </a>
                          </li>`,
                      )}
                    </ul>`
                  : html`<p class="muted column-empty">${v.t('ideas.roadmap.empty')}</p>`
          }
        </section>`;
      })}
    </div>`;
  }
}

/** Adopted by the element when this chunk arrives. */
export const roadmapStyles = css`
  .roadmap {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: 0.75rem;
    min-height: 12rem;
  }
  .column {
    padding: 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--kith-radius);
    background: var(--_surface);
  }
  .column-heading {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0 0 0.5rem;
    font-size: 1em;
  }
  .cards {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .card {
    display: grid;
    gap: 0.2rem;
    padding: 0.55rem 0.65rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--kith-radius) - 2px);
    background: var(--_bg);
    color: var(--_fg);
    text-decoration: none;
  }
  .card:hover {
    border-color: var(--_accent);
  }
  .card-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .column-skeleton {
    height: 4rem;
  }
  .column-empty {
    margin: 0;
  }
`;
