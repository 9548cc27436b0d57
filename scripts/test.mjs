/**
 * `npm test`: every check, in order, stopping at the first failure:
 *   lint → typecheck → build → size → unit (Node) → server (Node, PGlite and PostgreSQL) →
 *   browser (web-test-runner) → e2e (Playwright).
 * Each step's output streams through; a summary of every step closes the run.
 *
 * `node scripts/test.mjs --unit [files…]` (= `npm run test:unit`) runs `node --import tsx --test` over
 * tests/unit/**\/*.test.ts, `--server` (= `npm run test:server`) over server/test/**\/*.test.ts:
 * Node 20's `--test` neither expands globs nor finds `.ts` files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './ensure-chromium.mjs';
import { findPostgresBin } from './ensure-postgres.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const NODE_SUITES = { '--unit': 'tests/unit', '--server': 'server/test' };
if (process.argv[2] in NODE_SUITES) {
  const suite = NODE_SUITES[process.argv[2]];
  const dir = path.join(root, suite);
  const explicit = process.argv.slice(3).filter((a) => !a.startsWith('-'));
  const flags = process.argv.slice(3).filter((a) => a.startsWith('-'));
  const files = explicit.length
    ? explicit
    : existsSync(dir)
      ? readdirSync(dir, { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.test.ts'))
          .sort()
          .map((f) => path.join(suite, f))
      : [];
  if (!files.length) {
    console.error(`no ${suite}/**/*.test.ts files found.`);
    process.exit(1);
  }
  // Two server test files at a time (each has its own database): 132 s → 78 s on 2 cores.
  const concurrency = suite === 'server/test' ? ['--test-concurrency=2'] : [];
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', ...concurrency, ...flags, ...files],
    { cwd: root, stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}

const STEPS = [
  { name: 'lint', summary: /All matched files use Prettier|problems?\b|Code style issues/ },
  { name: 'typecheck', summary: /error TS|Found \d+ error/ },
  { name: 'build', summary: /page with `<kith-qa>`|loader `dist\/kith\.js`|exceeded|Error/ },
  { name: 'size', summary: /page with `<kith-qa>`|loader `dist\/kith\.js`|budgets met|exceeded/ },
  { name: 'test:unit', summary: /^[ℹ#] (tests|pass|fail|cancelled|duration_ms)\b/ },
  { name: 'test:server', summary: /^[ℹ#] (tests|pass|fail|cancelled|duration_ms)\b/ },
  {
    name: 'test:browser',
    summary: /\d+ passed, \d+ failed|Error:|Could not find any test files/,
    last: 1,
  },
  { name: 'test:e2e', summary: /^\s*\d+ (passed|failed|flaky|skipped|did not run)\b|Error:/ },
];

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', step.name, '--silent'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-64 * 1024);
    };
    child.stdout.on('data', (c) => {
      process.stdout.write(c);
      keep(c);
    });
    child.stderr.on('data', (c) => {
      process.stderr.write(c);
      keep(c);
    });
    child.on('close', (code, signal) => {
      const lines = stripAnsi(tail)
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l.trim() && !/Unknown user config|^npm (warn|WARN)/.test(l));
      let summary = lines.filter((l) => step.summary.test(l)).slice(-(step.last ?? 8));
      if (!summary.length) summary = lines.length ? lines.slice(-1) : ['(no output)'];
      resolve({
        ...step,
        code: code ?? 1,
        signal,
        seconds: (Date.now() - started) / 1000,
        summary,
      });
    });
  });
}

const chromium = findChromium();
console.log(`npm test: Chromium ${chromium}`);
try {
  // The server tests start throwaway PostgreSQL clusters with exactly these binaries.
  process.env.KITH_PG_BIN = findPostgresBin();
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}
console.log(`npm test: PostgreSQL ${process.env.KITH_PG_BIN}`);

const results = [];
let failed;
for (const step of STEPS) {
  console.log(`\n━━━ npm run ${step.name} ━━━`);
  const result = await run(step);
  results.push(result);
  if (result.code !== 0) {
    failed = result;
    break;
  }
}

console.log('\n━━━ npm test summary ━━━');
for (const r of results) {
  console.log(`${r.code === 0 ? '✔' : '✘'} ${r.name} (${r.seconds.toFixed(1)} s)`);
  for (const line of r.summary) console.log(`    ${line.trim()}`);
}
for (const s of STEPS.slice(results.length)) console.log(`- ${s.name} (not run)`);

if (failed) {
  console.error(
    `\nnpm test FAILED at step "${failed.name}" (npm run ${failed.name} exited with ` +
      `${failed.signal ?? failed.code}).`,
  );
  process.exit(failed.code || 1);
}
console.log(`\nnpm test: all ${STEPS.length} steps passed.`);
