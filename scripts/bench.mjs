/**
 * `npm run bench`: measures what Kith costs a page and writes BENCHMARKS.md.
 *
 * 1. gzip -9 bytes of every output file and the size budgets (scripts/size.mjs).
 * 2. A thread of 1,000 answers in headless Chromium, loaded the way a vendor loads Kith (the script tag,
 *    the memory adapter seeded with pre-rendered bodies): time to first render (the first page of 20
 *    answers) and to render all 1,000 (pages of 100 through "Show more answers"), against a bare lit-html
 *    list of the same 1,000 already-sanitised bodies rendered with `unsafeHTML` in the same run, in the
 *    same steps; and the longest task seen (Long Tasks API).
 * 3. The number of adapter reads a page with three `<kith-qa>` makes.
 *
 * Run after `npm run build` (the npm script does both). Numbers vary with the machine: compare runs made
 * on one machine.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { chromium } from 'playwright';
import { rollup } from 'rollup';
import { renderMarkdown } from '../src/core/markdown.ts';
import { writeBenchmarkSection } from './benchmarks-file.mjs';
import { CHROMIUM_ARGS, findChromium } from './ensure-chromium.mjs';
import { repoRoot, startStaticServer } from './serve-static.mjs';

const ANSWERS = 1000;
const FIRST_PAGE = 20;
const STEP = 100;
const RUNS = 3;

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function buildBaseline() {
  const bundle = await rollup({
    input: path.join(repoRoot, 'bench/baseline.js'),
    plugins: [
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } }),
      nodeResolve({ browser: true }),
      terser(),
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  return output[0].code;
}

/** One question with 1,000 answers by 50 members, bodies rendered from Markdown as the server would. */
async function makeSeed() {
  const now = Date.now();
  const members = Array.from({ length: 50 }, (_, i) => ({
    id: `m_${i}`,
    name: `Member ${i}`,
    roles: i === 0 ? ['staff'] : ['customer'],
    reputation: 0,
    trustLevel: 1,
  }));
  const iso = (minutesAgo) => new Date(now - minutesAgo * 60_000).toISOString();
  const question = {
    id: 'q_bench',
    topic: 'bench',
    title: 'How does the hip belt adjust for a short torso?',
    bodyHtml: await renderMarkdown('I am **160 cm** tall. Does the belt sit right?'),
    author: members[1],
    createdAt: iso(ANSWERS + 10),
    activeAt: iso(0),
    score: 3,
    upvotes: 3,
    downvotes: 0,
    myVote: 0,
    answerCount: ANSWERS,
    acceptedAnswerId: null,
  };
  const answers = [];
  for (let i = 0; i < ANSWERS; i++) {
    const md =
      `Answer ${i}: I adjusted the **torso length** to the second notch and it fits well. ` +
      `See the [manual](https://example.com/manual/${i}) and keep the \`load lifters\` at 45°.\n\n` +
      `- tip one\n- tip two`;
    answers.push({
      id: `a_${String(i).padStart(4, '0')}`,
      questionId: question.id,
      bodyHtml: await renderMarkdown(md),
      bodySource: md,
      author: members[i % members.length],
      createdAt: iso(ANSWERS - i),
      score: 0,
      upvotes: 0,
      downvotes: 0,
      myVote: 0,
      accepted: false,
    });
  }
  return { members, questions: [question], answers };
}

function kithPage(seedUrl, body, adapter = 'data-adapter="memory"') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script type="module" src="${seedUrl}"></script>
<script src="/dist/kith.js" ${adapter} data-site="bench" defer></script>
</head><body>${body}</body></html>`;
}

const seedModule = (seed) => `window.Kith = window.Kith || { q: [] };
for (const m of ['configure','identify','signOut']) Kith[m] = Kith[m] || ((...a) => Kith.q.push([m, a]));
Kith.configure({ adapterOptions: { seed: JSON.parse(${JSON.stringify(JSON.stringify(seed))}) } });
window.__longest = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask', buffered: true });`;

async function measureKith(context, server) {
  const page = await context.newPage();
  await page.goto(`${server.url}/bench/thread.html#kith-question-q_bench`);
  // First render: the deep-linked thread shows its first page of answers.
  const first = await page.evaluate(
    ({ FIRST_PAGE }) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const check = () => {
          const qa = document.querySelector('kith-qa');
          const n = qa?.shadowRoot?.querySelectorAll('.answer').length ?? 0;
          if (n >= FIRST_PAGE)
            requestAnimationFrame(() =>
              setTimeout(() =>
                resolve({
                  sinceNav: performance.now(),
                  sinceEval: performance.now() - t0,
                  longest: window.__longest,
                }),
              ),
            );
          else requestAnimationFrame(check);
        };
        check();
      }),
    { FIRST_PAGE },
  );
  await page.close();

  const page2 = await context.newPage();
  await page2.goto(`${server.url}/bench/thread-100.html#kith-question-q_bench`);
  const all = await page2.evaluate(
    ({ ANSWERS, STEP }) =>
      new Promise((resolve) => {
        const qa = document.querySelector('kith-qa');
        const count = () => qa?.shadowRoot?.querySelectorAll('.answer').length ?? 0;
        const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
        const waitFor = async (n) => {
          while (count() < n) await frame();
        };
        (async () => {
          await waitFor(STEP);
          const t0 = performance.now();
          for (let n = 2 * STEP; n <= ANSWERS; n += STEP) {
            const more = [...qa.shadowRoot.querySelectorAll('button.more')].pop();
            more.click();
            await waitFor(n);
          }
          await frame();
          resolve({ all: performance.now() - t0, rendered: count(), longest: window.__longest });
        })();
      }),
    { ANSWERS, STEP },
  );
  // "all" above covers pages 2..10; add the first page of 100 measured the same way as the baseline.
  await page2.close();
  return { firstSinceNav: first.sinceNav, ...all, longestFirst: first.longest };
}

async function measureBaseline(context, server, seed) {
  const page = await context.newPage();
  await page.goto(`${server.url}/bench/baseline.html`);
  const result = await page.evaluate(
    async ({ answers, FIRST_PAGE, STEP }) => {
      const { runBaseline } = await import('/bench/baseline.bundle.js');
      return runBaseline(answers, FIRST_PAGE, STEP);
    },
    { answers: seed.answers, FIRST_PAGE, STEP },
  );
  await page.close();
  return result;
}

async function countReads(context, server) {
  const page = await context.newPage();
  await page.goto(`${server.url}/bench/three.html`);
  const reads = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const done = () =>
          [...document.querySelectorAll('kith-qa')].every((el) =>
            el.shadowRoot?.querySelector('.question, .empty'),
          );
        const wait = () =>
          done() ? setTimeout(() => resolve(window.__reads), 300) : requestAnimationFrame(wait);
        wait();
      }),
  );
  await page.close();
  return reads;
}

async function main() {
  const sizeTable = execFileSync(
    process.execPath,
    [path.join(repoRoot, 'scripts/size.mjs'), '--table'],
    {
      encoding: 'utf8',
    },
  );
  const seed = await makeSeed();
  const baselineBundle = await buildBaseline();
  const pages = {
    '/bench/seed.js': seedModule(seed),
    '/bench/thread.html': kithPage('/bench/seed.js', `<kith-qa topic="bench"></kith-qa>`),
    '/bench/thread-100.html': kithPage(
      '/bench/seed.js',
      `<kith-qa topic="bench" page-size="100"></kith-qa>`,
    ),
    '/bench/baseline.html':
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body></body></html>',
    '/bench/baseline.bundle.js': baselineBundle,
    '/bench/count.js': `window.__reads = 0;
window.Kith = window.Kith || { q: [] };
for (const m of ['configure','identify','signOut']) Kith[m] = Kith[m] || ((...a) => Kith.q.push([m, a]));
const manifest = await (await fetch('/dist/kith-manifest.json')).json();
const { createMemoryAdapter } = await import('/dist/' + manifest.adapters.memory.file);
const inner = createMemoryAdapter({ site: 'bench3' });
const adapter = Object.assign(Object.create(inner), { read(r, c) { window.__reads++; return inner.read(r, c); } });
Kith.configure({ adapter });`,
    '/bench/three.html': kithPage(
      '/bench/count.js',
      '<kith-qa topic="one"></kith-qa><kith-qa topic="two"></kith-qa><kith-qa topic="three"></kith-qa>',
      '', // no data-adapter: the page's own script configures the counting adapter
    ),
  };
  const server = await startStaticServer({ root: repoRoot });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    await context.route(`${server.url}/bench/**`, (route) => {
      const p = new URL(route.request().url()).pathname;
      const body = pages[p];
      if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
      const type = p.endsWith('.html') ? 'text/html' : 'text/javascript';
      return route.fulfill({ contentType: `${type}; charset=utf-8`, body });
    });
    const kith = [];
    const base = [];
    for (let i = 0; i < RUNS; i++) {
      base.push(await measureBaseline(context, server, seed));
      kith.push(await measureKith(context, server));
    }
    const reads = await countReads(context, server);
    const k = {
      first: median(kith.map((r) => r.firstSinceNav)),
      all: median(kith.map((r) => r.all)),
      longest: Math.max(...kith.map((r) => r.longest)),
      longestFirst: Math.max(...kith.map((r) => r.longestFirst)),
      rendered: kith[0].rendered,
    };
    const b = {
      first: median(base.map((r) => r.first)),
      all: median(base.map((r) => r.all)),
    };
    const ms = (x) => `${x.toFixed(1)} ms`;
    const lines = [
      '## The SDK in the browser',
      '',
      `Produced by \`npm run bench\` (= \`npm run build && node --import tsx scripts/bench.mjs\`) on`,
      `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version},`,
      `headless Chromium from \`${findChromium()}\`. Medians of ${RUNS} runs. Compare runs on one machine only.`,
      '',
      '### Sizes',
      sizeTable.trim(),
      '',
      `### A thread of ${ANSWERS.toLocaleString('en-US')} answers`,
      '',
      '| measure | Kith `<kith-qa>` | bare lit-html + `unsafeHTML` | ratio | goal |',
      '|---|---:|---:|---:|---|',
      `| first page (${FIRST_PAGE} answers) | ${ms(k.first)} after navigation start (script tag, chunks, adapter read, sanitising, render) | ${ms(b.first)} render only | — | — |`,
      `| all ${ANSWERS} answers, pages 2–10 of ${STEP} ("Show more") | ${ms(k.all)} | ${ms(b.all)} (same steps) | ${(k.all / b.all).toFixed(2)}× | ≤ 1.3× |`,
      `| longest task while loading the page with the first ${FIRST_PAGE} answers (Long Tasks API) | ${ms(k.longestFirst)} | — | — | none ≥ 50 ms |`,
      `| longest task while rendering pages of ${STEP} answers | ${ms(k.longest)} | — | — | none ≥ 50 ms |`,
      '',
      `Kith rendered ${k.rendered} answers. Kith's time includes sanitising every body with DOMPurify`,
      `(the baseline's bodies were sanitised before timing) and one adapter read per page.`,
      '',
      '### Reads',
      '',
      `A page with three \`<kith-qa>\` elements made **${reads}** adapter read call(s) (goal: 1).`,
      '',
    ];
    writeBenchmarkSection('client', lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
