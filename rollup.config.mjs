/**
 * The CDN / script-tag build, in two steps that rollup runs in order:
 *
 * 1. Every entry (one per element define module, the `Kith` API, the all-in-one index, each adapter) in
 *    ONE config object, so they share chunks and TypeScript runs once. Output: ESM with hashed names in
 *    `dist/chunks/`, plus `dist/kith-manifest.json`, which says which file each entry is and which chunks
 *    it imports statically (transitively).
 * 2. The classic-script loader `dist/kith.js` (an IIFE), with that manifest compiled in.
 *
 * The npm build (`tsc -p tsconfig.build.json` → `dist/npm/`) is separate; see package.json `build`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const root = path.dirname(fileURLToPath(import.meta.url));

/** `src/elements/<name>/<name>.ts` defines `<kith-name>`; `src/elements/shared/` defines nothing. */
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

/** Filled by the manifest plugin of step 1, read by the replace plugin of step 2. */
let manifest;

/**
 * Records the file of each entry and the chunks it imports statically, transitively (so the loader
 * can `modulepreload` them all at once instead of discovering them one level at a time).
 * @returns {import('rollup').Plugin}
 */
function kithManifest() {
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
      for (const tag of Object.keys(elements)) result.elements[tag] = describe(entry(tag));
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
      manifest = result;
      this.emitFile({
        type: 'asset',
        fileName: 'kith-manifest.json',
        source: JSON.stringify(manifest, null, 2) + '\n',
      });
    },
  };
}

const nodeEnv = () =>
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } });

const minify = () =>
  terser({ ecma: 2022, module: true, format: { comments: false }, compress: { passes: 2 } });

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    input,
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: 'chunks/[name]-[hash].js',
      // A shared chunk is named after one of its modules, often an arbitrary one: call lit's `lit`.
      chunkFileNames: (chunk) =>
        chunk.moduleIds.some((id) => /[\\/]node_modules[\\/]lit-html[\\/]/.test(id))
          ? 'chunks/lit-[hash].js'
          : 'chunks/[name]-[hash].js',
      sourcemap: false,
    },
    plugins: [
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
        outDir: 'dist/.tsc',
      }),
      minify(),
      kithManifest(),
    ],
  },
  {
    input: 'src/loader/kith.ts',
    output: { file: 'dist/kith.js', format: 'iife', sourcemap: false },
    plugins: [
      replace({
        preventAssignment: true,
        values: { __KITH_MANIFEST__: () => JSON.stringify(manifest) },
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
