import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Subscribes its host to one nanostore at a time: while connected, every change re-renders the host.
 * `use(store)` switches stores (when the topic, sort or session changes) and returns the current value.
 */
export class StoreController<T> implements ReactiveController {
  private store: ReadableAtom<T> | null = null;
  private unlisten: (() => void) | null = null;
  private connected = false;
  private readonly host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  use(store: ReadableAtom<T>): T {
    if (store !== this.store) {
      this.unlisten?.();
      this.unlisten = null;
      this.store = store;
      if (this.connected) this.listen();
    }
    return store.get();
  }

  get value(): T | undefined {
    return this.store?.get();
  }

  private listen(): void {
    // `listen` (not `subscribe`): no synchronous call while the host is rendering.
    this.unlisten = this.store?.listen(() => this.host.requestUpdate()) ?? null;
  }

  hostConnected(): void {
    this.connected = true;
    if (this.store && !this.unlisten) this.listen();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unlisten?.();
    this.unlisten = null;
  }
}
