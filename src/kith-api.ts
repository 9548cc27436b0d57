/**
 * The public `Kith` API for single-page apps: `configure`, `identify`, `signOut`. Every element
 * follows these calls without a reload.
 *
 * Calls made before the script has run are queued by the stub the README shows:
 * `window.Kith = window.Kith || { q: [] }` plus one function per method pushing `[name, args]`.
 */
import {
  $globalConfig,
  $scriptConfig,
  configFromDataset,
  configure,
  type KithConfig,
} from './core/config.js';
import { decodeClaims } from './core/token.js';
import { forgetMemberDrafts } from './stores/drafts.js';

export type { KithConfig } from './core/config.js';
export { registerAdapter } from './stores/session.js';

export interface KithApi {
  /** Sets any of `api`, `site`, `memberToken`, `adapter`, `adapterOptions`, `locale`, `theme`. */
  configure(config: KithConfig): void;
  /** Signs a member in with a token signed by the vendor's server. */
  identify(token: string): void;
  /** Signs the member out everywhere on the page and forgets their local drafts. */
  signOut(): void;
  readonly version: string;
}

function currentToken(): string | null {
  const global = $globalConfig.get().memberToken;
  return global !== undefined ? global : ($scriptConfig.get().memberToken ?? null);
}

export const Kith: KithApi = {
  configure(config: KithConfig) {
    configure(config);
  },
  identify(token: string) {
    if (typeof token !== 'string' || !decodeClaims(token)) {
      console.warn('Kith.identify(): that is not a member token (a signed JWT); ignored.');
      return;
    }
    configure({ memberToken: token });
  },
  signOut() {
    const member = decodeClaims(currentToken());
    configure({ memberToken: null });
    if (member) forgetMemberDrafts(member.sub);
  },
  version: '0.1.0',
};

/** Applies the loader script's `data-*` attributes (lowest precedence). */
export function applyScriptConfig(dataset: DOMStringMap): void {
  $scriptConfig.set(configFromDataset(dataset));
}

type QueuedCall = [keyof Omit<KithApi, 'version'>, ArrayLike<unknown>];

/** Replays the stub's queued calls in order, then makes `window.Kith` the real API. */
export function installGlobal(existing?: { q?: QueuedCall[] } | null): void {
  const queue = existing && Array.isArray(existing.q) ? existing.q : [];
  for (const [method, args] of queue) {
    const fn = Kith[method] as ((...a: unknown[]) => void) | undefined;
    if (typeof fn === 'function') fn(...Array.from(args));
  }
  (globalThis as { Kith?: KithApi }).Kith = Kith;
}

declare global {
  interface Window {
    Kith?: KithApi | { q?: QueuedCall[] };
  }
}
