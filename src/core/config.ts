/**
 * Configuration and its precedence: element attribute → nearest `<kith-community>` → latest
 * `Kith.configure()`/`Kith.identify()` → the script tag's `data-*`.
 *
 * A layer provides a key when its value is not `undefined`; `null` is a value ("signed out", "no API"),
 * so `Kith.signOut()` overrides a `data-member-token` of the script tag.
 */
import { atom } from 'nanostores';
import type { KithAdapter } from './adapter.js';

export type Theme = 'light' | 'dark' | 'auto';
export const THEMES: readonly Theme[] = ['light', 'dark', 'auto'];

export interface KithConfig {
  /** The versioned API base, e.g. `https://community.acme.com/v1`. */
  api?: string | null;
  site?: string | null;
  memberToken?: string | null;
  /** `rest`, `memory`, or an adapter instance. */
  adapter?: string | KithAdapter | null;
  /** Settings for the adapter (the memory adapter's `seed`, `latency`, …). */
  adapterOptions?: Record<string, unknown>;
  locale?: string | null;
  theme?: Theme | null;
}

export const CONFIG_KEYS = [
  'api',
  'site',
  'memberToken',
  'adapter',
  'adapterOptions',
  'locale',
  'theme',
] as const satisfies readonly (keyof KithConfig)[];

/** From the script tag's `data-*`, set once by the loader. */
export const $scriptConfig = atom<KithConfig>({});
/** The merge of every `Kith.configure()`/`identify()`/`signOut()` call so far. */
export const $globalConfig = atom<KithConfig>({});
/** Bumped when a `<kith-community>` scope changes, so that elements resolve their config again. */
export const $scopeVersion = atom(0);

/** Something that scopes configuration: `<kith-community>` implements it. */
export interface ConfigScope {
  readonly kithScopeConfig: KithConfig;
}

function isScope(node: unknown): node is ConfigScope {
  return !!node && typeof node === 'object' && 'kithScopeConfig' in node;
}

/** The `<kith-community>` scopes around `el`, nearest first, across shadow roots. */
export function scopesAround(el: Element): ConfigScope[] {
  const scopes: ConfigScope[] = [];
  let node: Node | null = el.parentNode;
  while (node) {
    if (isScope(node)) scopes.push(node);
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return scopes;
}

/** Merges config layers, highest precedence first. */
export function mergeConfig(...layers: (KithConfig | undefined)[]): KithConfig {
  const merged: KithConfig = {};
  for (const key of CONFIG_KEYS) {
    for (const layer of layers) {
      const value = layer?.[key];
      if (value !== undefined) {
        (merged as Record<string, unknown>)[key] = value;
        break;
      }
    }
  }
  return merged;
}

/** The effective config for an element whose own attributes give `own`. */
export function resolveConfig(el: Element, own: KithConfig = {}): KithConfig {
  return mergeConfig(
    own,
    ...scopesAround(el).map((s) => s.kithScopeConfig),
    $globalConfig.get(),
    $scriptConfig.get(),
  );
}

/** Reads the loader script's `data-*` attributes. Empty attributes count as absent. */
export function configFromDataset(dataset: DOMStringMap): KithConfig {
  const pick = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
  const theme = pick(dataset.theme);
  return {
    api: pick(dataset.api),
    site: pick(dataset.site),
    memberToken: pick(dataset.memberToken),
    adapter: pick(dataset.adapter),
    locale: pick(dataset.locale),
    theme: theme && (THEMES as readonly string[]).includes(theme) ? (theme as Theme) : undefined,
  };
}

/** `Kith.configure()`: later calls win key by key. */
export function configure(partial: KithConfig): void {
  const next: KithConfig = { ...$globalConfig.get() };
  for (const key of CONFIG_KEYS) {
    if (partial[key] !== undefined) (next as Record<string, unknown>)[key] = partial[key];
  }
  $globalConfig.set(next);
}
