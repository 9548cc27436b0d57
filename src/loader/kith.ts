/**
 * `dist/kith.js`: the one classic script a vendor adds. It loads the ESM chunks a page needs with
 * `import()`, relative to its own URL, so the SDK works from any path or CDN:
 *
 * 1. the `Kith` API chunk: `applyScriptConfig(script.dataset)`, then `installGlobal(window.Kith)`, which
 *    replays the calls that the README's stub queued before this script ran;
 * 2. then, for each known element tag on the page, that element's chunk — now and when one is added later.
 *
 * Two module graphs are built (see rollup.config.mjs): chunks per element, and a bundle that defines
 * every element at once. The elements on the page when this script runs decide which one the page
 * uses, once: whichever costs fewer bytes (gzip) for them. The other graph is never loaded (two graphs
 * would mean two copies of lit and two sessions).
 *
 * It warms what it will need with `<link rel="modulepreload">` (an entry and all its static imports at
 * once, so there is no import waterfall), plus the adapter chunk and the locale chunk the page will use.
 * Safe with `defer` and `async`; never throws into the page: a failed chunk logs one `console.error`.
 *
 * The build injects `__KITH_MANIFEST__` (see rollup.config.mjs); the bundle is an IIFE.
 */

interface KithManifestEntry {
  /** Path relative to kith.js, e.g. `chunks/kith-qa-1a2b3c4d.js`. */
  file: string;
  /** Chunks it imports statically, transitively. */
  imports: string[];
}

interface KithGraph {
  /** An element's own entry; in the bundle, only elements it does not define. */
  elements: Record<string, KithManifestEntry>;
  api: KithManifestEntry;
  adapters: Record<string, KithManifestEntry>;
  locales: Record<string, KithManifestEntry>;
  /** The bundle: defines every element without an entry of its own. */
  all?: KithManifestEntry;
}

interface KithManifest extends KithGraph {
  bundle: KithGraph;
  /** Gzip bytes of each file a page loads on arrival, in both graphs. */
  sizes: Record<string, number>;
}

/** What the loader needs from `src/kith-api.ts`. */
interface KithApiModule {
  applyScriptConfig(dataset: DOMStringMap): void;
  installGlobal(existing?: unknown): void;
}

declare const __KITH_MANIFEST__: KithManifest;

try {
  const { bundle, sizes, ...chunks } = __KITH_MANIFEST__;
  const tags = Object.keys(chunks.elements);
  const entryOf = (graph: KithGraph, tag: string) => graph.elements[tag] ?? graph.all!;
  /** Gzip bytes of what the page downloads for `shown` tags in `graph`, each file counted once. */
  const cost = (graph: KithGraph, shown: string[]) => {
    const files = new Set<string>();
    for (const e of [graph.api, ...shown.map((tag) => entryOf(graph, tag))]) {
      for (const file of [e.file, ...e.imports]) files.add(file);
    }
    let bytes = 0;
    for (const file of files) bytes += sizes[file] ?? 0;
    return bytes;
  };
  // The elements already parsed (all of them with `defer`): one element, its chunks; several, the
  // bundle when it is smaller. Elements added later load from the same graph.
  const shown = tags.filter((tag) => document.querySelector(tag));
  const manifest = cost(bundle, shown) < cost(chunks, shown) ? bundle : chunks;

  // `currentScript` is set only while this script first runs (null in callbacks): read it now, once.
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    [...document.querySelectorAll<HTMLScriptElement>('script[src*="kith.js"]')].pop();
  const base = script?.src || document.baseURI;
  const data: DOMStringMap = script?.dataset ?? {};

  const url = (file: string) => new URL(file, base).href;
  const fail = (file: string, error: unknown) =>
    console.error(`Kith: could not load ${url(file)}`, error);

  const preloaded = new Set<string>();
  const preload = (entry: KithManifestEntry | undefined) => {
    for (const file of entry ? [entry.file, ...entry.imports] : []) {
      if (preloaded.has(file)) continue;
      preloaded.add(file);
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = url(file);
      if (script?.crossOrigin) link.crossOrigin = script.crossOrigin;
      (document.head || document.documentElement).append(link);
    }
  };

  // The API first: elements must see the script's config and the replayed calls when they connect.
  const api = manifest.api;
  preload(api);
  const ready = import(url(api.file))
    .then((mod: KithApiModule) => {
      mod.applyScriptConfig(data);
      mod.installGlobal((window as { Kith?: unknown }).Kith);
    })
    .catch((error: unknown) => fail(api.file, error));

  // Warm what the stores and i18n will import dynamically (the import itself stays theirs).
  // (Without data-adapter or data-api the page is misconfigured: the elements say so; nothing to warm.)
  const adapter = data.adapter?.trim() || (data.api?.trim() ? 'rest' : '');
  if (adapter) preload(manifest.adapters[adapter]);
  const lang = (data.locale || document.documentElement.lang || '').toLowerCase();
  preload(manifest.locales[lang.split(/[-_]/)[0]!]);

  const pending = new Map(tags.map((tag) => [tag, entryOf(manifest, tag)]));
  const load = (tag: string) => {
    const entry = pending.get(tag);
    if (!entry) return;
    pending.delete(tag);
    preload(entry);
    ready.then(() => import(url(entry.file))).catch((error: unknown) => fail(entry.file, error));
    if (!pending.size) observer.disconnect();
  };
  const scan = (root: ParentNode) => {
    if (pending.size)
      for (const el of root.querySelectorAll([...pending.keys()].join())) load(el.localName);
  };

  // Light DOM only: the observer sees tags the parser or a script adds anywhere in the document
  // (while it is still loading, too), not `<template>` contents (inert until cloned into the document,
  // when they are seen) and not other components' shadow roots — a host app that renders Kith elements
  // inside its own shadow DOM imports their modules itself (`kith-community/qa` from npm).
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element) {
          load(node.localName);
          scan(node);
        }
      }
    }
  });
  if (pending.size) observer.observe(document, { childList: true, subtree: true });
  scan(document);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => scan(document), { once: true });
  }
} catch (error) {
  console.error('Kith: the loader failed', error);
}

export {};
