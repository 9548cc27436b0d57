/**
 * The CDN / script-tag build, in three steps that rollup runs in order:
 *
 * 1. Per-element chunks: every entry (one per element define module, the `Kith` API, the all-in-one
 *    index, each adapter) in ONE config object, so they share chunks. Output: ESM with hashed names in
 *    `dist/chunks/`, plus `dist/kith-manifest.json`, which says which file each entry is and which chunks
 *    it imports statically (transitively).
 * 2. The bundle: the same sources as one chunk defining every element (`chunks/all-kith-all-*.js`) next
 *    to its own API chunk, adapters and lazy parts (`chunks/all-*`). A page showing several elements
 *    downloads far less this way: each file is gzipped on its own, so every extra file starts its
 *    compression from nothing (qa, ideas and reviews: 21.8 KB gzip as three files, 17.7 KB as one).
 *    The two are separate module graphs; the loader picks one per page (never both: one lit, one
 *    session) by comparing their gzip sizes, which the manifest records (`sizes`).
 * 3. The classic-script loader `dist/kith.js` (an IIFE), with both manifests compiled in.
 *
 * The npm build (`tsc -p tsconfig.build.json` → `dist/npm/`) is separate; see package.json `build`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const root = path.dirname(fileURLToPath(import.meta.url));

/** `src/elements/<name>/<name>.ts` defines `<kith-name>`; `src/elements/common/` defines nothing. */
function elementEntries() {
  const dir = path.join(root, 'src/elements');
  if (!existsSync(dir)) return {};
  const entries = {};
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const file = `src/elements/${d.name}/${d.name}.ts`;
    if (d.isDirectory() && existsSync(path.join(root, file))) entries[`kith-${d.name}`] = file;
  }
  return entries;
}

/** Every `src/adapters/<name>.ts` is its own entry, so the loader can preload the one a page uses. */
function adapterEntries() {
  const dir = path.join(root, 'src/adapters');
  if (!existsSync(dir)) return {};
  const entries = {};
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')) {
      entries[`adapter-${f.slice(0, -3)}`] = `src/adapters/${f}`;
    }
  }
  return entries;
}

const elements = elementEntries();
const adapters = adapterEntries();
const input = { 'kith-api': 'src/kith-api.ts', index: 'src/index.ts', ...elements, ...adapters };

/**
 * package.json `sideEffects` must name every define module, or a consumer's bundler may drop
 * `import 'kith-community/qa'`. Adding an element folder without updating it fails the build here.
 */
function checkSideEffects() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const listed = new Set(pkg.sideEffects || []);
  const missing = [...Object.values(elements), 'src/index.ts']
    .map((f) => `./dist/npm/${f.replace(/\.ts$/, '.js')}`)
    .filter((f) => !listed.has(f));
  if (missing.length) {
    throw new Error(`package.json "sideEffects" lacks the define module(s): ${missing.join(', ')}`);
  }
}
checkSideEffects();

/**
 * Staff-only elements (the moderation queue, the insights dashboard): outside the customer-facing
 * budgets, never in the bundle, and never the reason a module goes into the shared chunk.
 */
const STAFF_ELEMENTS = new Set(['kith-moderation', 'kith-insights']);

/**
 * Elements that share code only among themselves: what only they share goes into a chunk of the
 * family's name, so that the other elements' pages don't carry it (a Q&A page, no star code).
 */
const FAMILIES = {
  ratings: ['kith-reviews', 'kith-rating', 'kith-star-input'],
  members: ['kith-badge', 'kith-leaderboard'],
};

/**
 * Two chunks for what the entries share, instead of the many that rollup would cut (one per combination
 * of entries that use a module), which compress worse and cost a request each:
 * - `core`: what the API entry needs (config, errors, session, drafts, tokens), which every page loads,
 *   also one without any Kith element, where the loader still imports the API;
 * - `shared`: what the elements share besides (lit, i18n, the shared stores and element parts).
 * A module is shared when the API entry and an element, or two elements, import it statically; parts
 * loaded on demand (the editor, the sanitiser, an element's views) and what one element alone uses keep
 * their own chunks.
 * @returns {import('rollup').GetManualChunk}
 */
function sharedChunks() {
  let chunkOf;
  return (id, { getModuleInfo }) => {
    if (!chunkOf) {
      const reach = (file) => {
        const seen = new Set();
        const visit = (module) => {
          if (seen.has(module)) return;
          seen.add(module);
          for (const dep of getModuleInfo(module)?.importedIds ?? []) visit(dep);
        };
        visit(path.resolve(root, file));
        return seen;
      };
      const api = reach(input['kith-api']);
      const users = new Map();
      // Staff elements don't make a module shared: what they use with one customer element stays in
      // that element's chunk (they load it from there), so customer pages carry nothing for staff.
      const reached = [
        ['kith-api', api],
        ...Object.entries(elements)
          .filter(([t]) => !STAFF_ELEMENTS.has(t))
          .map(([t, f]) => [t, reach(f)]),
      ];
      for (const [tag, modules] of reached) {
        for (const module of modules) users.set(module, [...(users.get(module) ?? []), tag]);
      }
      // The API entry itself goes into `core` too: one file (and request) less on every page. So does
      // the one Trusted Types policy, which lazily loaded parts share (the sanitiser, the JSON-LD):
      // otherwise it would be a chunk (and request) of its own.
      chunkOf = new Map([
        [path.resolve(root, input['kith-api']), 'core'],
        [path.resolve(root, 'src/core/trusted-types.ts'), 'core'],
      ]);
      for (const [module, tags] of users) {
        if (tags.length < 2) continue;
        const family = Object.keys(FAMILIES).find((f) =>
          tags.every((t) => FAMILIES[f].includes(t)),
        );
        chunkOf.set(module, api.has(module) ? 'core' : (family ?? 'shared'));
      }
    }
    return chunkOf.get(id);
  };
}

/** Filled by the manifest plugins of steps 1 (`chunks`) and 2 (`bundle`), read by step 3. */
const manifests = {};

/**
 * Records the file of each entry and the chunks it imports statically, transitively (so the loader
 * can `modulepreload` them all at once instead of discovering them one level at a time), and the gzip
 * size of each file a page loads on arrival (for the loader's choice between the two graphs).
 * @param {'chunks' | 'bundle'} graph
 * @returns {import('rollup').Plugin}
 */
function kithManifest(graph) {
  return {
    name: 'kith-manifest',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const describe = (chunk) => {
        const seen = new Set();
        const visit = (file) => {
          for (const dep of bundle[file].imports) {
            if (!seen.has(dep)) {
              seen.add(dep);
              visit(dep);
            }
          }
        };
        visit(chunk.fileName);
        return { file: chunk.fileName, imports: [...seen].sort() };
      };
      const entry = (name) => chunks.find((c) => c.isEntry && c.name === name);
      const result = { elements: {}, api: undefined, adapters: {}, locales: {}, lazy: {} };
      for (const tag of Object.keys(elements)) {
        if (graph === 'chunks' || !bundled(tag)) result.elements[tag] = describe(entry(tag));
      }
      if (graph === 'bundle') result.all = describe(entry('kith-all'));
      result.api = describe(entry('kith-api'));
      for (const name of Object.keys(adapters)) {
        result.adapters[name.slice('adapter-'.length)] = describe(entry(name));
      }
      // Catalogs that i18n imports dynamically: `src/locales/<locale>.ts` as its own chunk.
      for (const c of chunks) {
        const m = c.facadeModuleId && /\/src\/locales\/([\w-]+)\.ts$/.exec(c.facadeModuleId);
        if (m && c.isDynamicEntry) result.locales[m[1]] = describe(c);
        // Parts of an element loaded on demand (the opened-question view): for the size budgets.
        const part =
          c.facadeModuleId && /\/src\/elements\/[\w-]+\/([\w-]+)\.ts$/.exec(c.facadeModuleId);
        if (part && c.isDynamicEntry && !c.isEntry) result.lazy[part[1]] = describe(c);
      }
      const gzip = (file) => gzipSync(bundle[file].code, { level: 9 }).length;
      result.sizes = {};
      for (const e of [result.api, result.all, ...Object.values(result.elements)]) {
        for (const file of e ? [e.file, ...e.imports] : []) result.sizes[file] = gzip(file);
      }
      manifests[graph] = result;
      if (graph === 'bundle') {
        const { sizes, ...bundle } = result;
        const chunks = manifests.chunks;
        this.emitFile({
          type: 'asset',
          fileName: 'kith-manifest.json',
          source:
            JSON.stringify({ ...chunks, sizes: { ...chunks.sizes, ...sizes }, bundle }, null, 2) +
            '\n',
        });
      }
    },
  };
}

/**
 * Lit templates keep the source's line breaks and indentation in the bundle (terser leaves template
 * literals alone). This drops them from `css` and `html` templates of `src/`, in the build only:
 * - `css`: comments go, and whitespace where CSS ignores it (around `{ } ; , :`; quoted strings kept);
 * - `html`: each run of whitespace with a line break becomes one space, which renders the same
 *   (templates put no text in `<pre>` or `<textarea>`, where it would not).
 * @returns {import('rollup').Plugin}
 */
function litTemplates() {
  const minifyCss = (text) =>
    text
      .split(/('[^']*'|"[^"]*")/)
      .map((part, i) =>
        i % 2
          ? part
          : part
              .replace(/\/\*[\s\S]*?\*\//g, '')
              .replace(/\s+/g, ' ')
              .replace(/ ?([{};,]) ?/g, '$1')
              .replace(/: /g, ':')
              .replace(/;}/g, '}'),
      )
      .join('')
      .trim();
  const collapse = (text) => text.replace(/\s*\n\s*/g, ' ');
  return {
    name: 'kith-lit-templates',
    transform(code, id) {
      if (!/[\\/]src[\\/]/.test(id) || !/\b(css|html) ?`/.test(code)) return null;
      const edits = [];
      const visit = (node) => {
        if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier') {
          const { quasis } = node.quasi;
          const tag = node.tag.name;
          for (const q of tag === 'css' || tag === 'html' ? quasis : []) {
            const text = tag === 'css' && quasis.length === 1 ? minifyCss : collapse;
            const raw = q.value.raw;
            const min = text(raw);
            if (min !== raw) edits.push({ start: q.start, end: q.end, min });
          }
        }
        for (const value of Object.values(node)) {
          for (const child of Array.isArray(value) ? value : [value]) {
            if (child && typeof child.type === 'string') visit(child);
          }
        }
      };
      visit(this.parse(code));
      if (!edits.length) return null;
      let out = code;
      for (const e of edits.sort((a, b) => b.start - a.start)) {
        out = out.slice(0, e.start) + e.min + out.slice(e.end);
      }
      return { code: out, map: null };
    },
  };
}

/**
 * Staff elements get their own copy of lit's directive modules (`<kith-moderation>`'s `repeat`). The
 * directive base is shared with parts of customer pages loaded on demand (the sanitiser's `unsafeHTML`,
 * the thread's `guard`): one module used by both would become a chunk of its own, a file more on every
 * page that opens a post. (Safe to copy: lit-html recognises directives by a property, not a class.)
 * @returns {import('rollup').Plugin}
 */
function staffDirectives() {
  const COPY = '?kith-staff';
  const staffDir = new RegExp(
    `[\\\\/]src[\\\\/]elements[\\\\/](${[...STAFF_ELEMENTS].map((t) => t.slice(5)).join('|')})[\\\\/]`,
  );
  const directive = /[\\/]lit(-html)?[\\/](directive(-helpers)?\.js|directives[\\/])/;
  return {
    name: 'kith-staff-directives',
    async resolveId(source, importer, options) {
      if (!importer || !(staffDir.test(importer) || importer.endsWith(COPY))) return null;
      const from = importer.endsWith(COPY) ? importer.slice(0, -COPY.length) : importer;
      const resolved = await this.resolve(source, from, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      return directive.test(resolved.id) && !resolved.id.endsWith(COPY)
        ? resolved.id + COPY
        : resolved;
    },
    load: (id) => (id.endsWith(COPY) ? readFileSync(id.slice(0, -COPY.length), 'utf8') : null),
  };
}

const nodeEnv = () =>
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } });

const minify = () =>
  terser({ ecma: 2022, module: true, format: { comments: false }, compress: { passes: 2 } });

/**
 * Steps 1 and 2: one graph of ESM chunks. `prefix` names the bundle's files (`all-`), so the two
 * graphs never write the same name.
 * @returns {import('rollup').RollupOptions}
 */
function chunkBuild({ graph, input, manualChunks, prefix, plugins = [] }) {
  return {
    input,
    // A lazy chunk may import from an element's entry chunk (the opened question's view uses the
    // vote buttons): let the entry export them instead of becoming a facade over another chunk.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: `chunks/${prefix}[name]-[hash].js`,
      manualChunks,
      // A chunk is named after one of its modules, often an arbitrary one: call lit's `lit`.
      chunkFileNames: (chunk) =>
        !chunk.isDynamicEntry &&
        chunk.name !== 'shared' &&
        !(chunk.name in FAMILIES) &&
        chunk.moduleIds.some((id) => /[\\/]node_modules[\\/]lit-html[\\/]/.test(id))
          ? `chunks/${prefix}lit-[hash].js`
          : `chunks/${prefix}[name]-[hash].js`,
      sourcemap: false,
    },
    plugins: [
      ...plugins,
      staffDirectives(),
      nodeEnv(),
      nodeResolve({ browser: true }),
      // tsconfig.build.json = tsconfig.json's compiler options over src/ only (tests and demo are
      // type-checked by `npm run typecheck`). noEmitOnError turns type errors into build failures.
      typescript({
        tsconfig: 'tsconfig.build.json',
        declaration: false,
        declarationMap: false,
        sourceMap: false,
        noEmitOnError: true,
        outDir: `dist/.tsc-${graph}`,
      }),
      litTemplates(),
      minify(),
      kithManifest(graph),
    ],
  };
}

/**
 * What the bundle defines: the elements a product page shows. These keep an entry of their own in the
 * bundle's graph instead: a form control that another element loads with its form
 * (`<kith-star-input>`, with the review form), an element that usually has a page of its own
 * (`<kith-leaderboard>`), the member chip (`<kith-badge>`), which pages rarely show on its own, and
 * the header's notification bell (`<kith-inbox>`), which is on every page of a signed-in member, most
 * of them without any other Kith element, and the staff elements.
 */
const OWN_ENTRY_IN_BUNDLE = new Set([
  'kith-star-input',
  'kith-leaderboard',
  'kith-badge',
  'kith-inbox',
  ...STAFF_ELEMENTS,
]);
const bundled = (tag) => !OWN_ENTRY_IN_BUNDLE.has(tag);
const BUNDLE_ENTRY = '\0kith-all';

/** The bundle's entry module: imports each bundled element's define module. @returns {import('rollup').Plugin} */
function bundleEntry() {
  return {
    name: 'kith-bundle-entry',
    resolveId: (id) => (id === BUNDLE_ENTRY ? id : null),
    load: (id) =>
      id === BUNDLE_ENTRY
        ? Object.entries(elements)
            .filter(([tag]) => bundled(tag))
            .map(([, file]) => `import ${JSON.stringify(path.resolve(root, file))};`)
            .join('\n')
        : null,
  };
}

/**
 * The bundle's chunks: its API (and what the API needs) in `core`, loaded first as on every page, so
 * the script's config is applied before any element is defined; everything else the bundled elements
 * use statically in the `kith-all` entry (also what `<kith-star-input>` shares with them, so that
 * its entry stays small and the bundle one file).
 * @returns {import('rollup').GetManualChunk}
 */
function bundleChunks() {
  let core, all;
  return (id, { getModuleInfo }) => {
    if (!core) {
      const reach = (file, lazy = false) => {
        const seen = new Set();
        const visit = (module) => {
          if (seen.has(module)) return;
          seen.add(module);
          const info = getModuleInfo(module);
          for (const dep of info?.importedIds ?? []) visit(dep);
          for (const dep of lazy ? (info?.dynamicallyImportedIds ?? []) : []) visit(dep);
        };
        visit(file.startsWith('\0') ? file : path.resolve(root, file));
        return seen;
      };
      // What the elements share with an adapter or its lazy parts (the type constants) goes there
      // too, not into a chunk of its own; so does the one Trusted Types policy (the lazy parts').
      all = reach(BUNDLE_ENTRY);
      const shared = (file) => [...reach(file, true)].filter((m) => all.has(m));
      core = new Set([
        ...reach(input['kith-api']),
        ...Object.values(adapters).flatMap(shared),
        path.resolve(root, 'src/core/trusted-types.ts'),
      ]);
    }
    return core.has(id) ? 'core' : all.has(id) ? 'kith-all' : undefined;
  };
}

/** @type {import('rollup').RollupOptions[]} */
export default [
  chunkBuild({ graph: 'chunks', input, manualChunks: sharedChunks(), prefix: '' }),
  chunkBuild({
    graph: 'bundle',
    input: {
      'kith-api': input['kith-api'],
      'kith-all': BUNDLE_ENTRY,
      ...Object.fromEntries(Object.entries(elements).filter(([tag]) => !bundled(tag))),
      ...adapters,
    },
    manualChunks: bundleChunks(),
    prefix: 'all-',
    plugins: [bundleEntry()],
  }),
  {
    input: 'src/loader/kith.ts',
    output: { file: 'dist/kith.js', format: 'iife', sourcemap: false },
    plugins: [
      replace({
        preventAssignment: true,
        // The loader needs no `lazy` (views import their chunks themselves; they are for the budgets).
        values: {
          __KITH_MANIFEST__: () => {
            const { chunks, bundle } = manifests;
            return JSON.stringify({
              ...chunks,
              lazy: undefined,
              sizes: { ...chunks.sizes, ...bundle.sizes },
              bundle: { ...bundle, lazy: undefined, sizes: undefined },
            });
          },
        },
      }),
      typescript({
        tsconfig: 'src/loader/tsconfig.json',
        noEmitOnError: true,
        outDir: 'dist',
      }),
      terser({ ecma: 2020, format: { comments: false }, compress: { passes: 2 } }),
    ],
  },
];
