/**
 * The benchmark's baseline: a bare lit-html list of already-sanitised bodies rendered with
 * `unsafeHTML` — the least any Lit-based thread view could do. Built by scripts/bench.mjs.
 */
import { html, render } from 'lit-html';
import { unsafeHTML } from 'lit-html/directives/unsafe-html.js';
import DOMPurify from 'dompurify';

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));

export async function runBaseline(answers, firstPage, step) {
  const container = document.createElement('ol');
  document.body.append(container);
  // Sanitising happens before timing: the baseline gets its bodies for free.
  const bodies = answers.map((a) => ({
    id: a.id,
    html: DOMPurify.sanitize(a.bodyHtml),
    name: a.author.name,
  }));
  const view = (items) =>
    html`${items.map(
      (a) =>
        html`<li>
          <div>${unsafeHTML(a.html)}</div>
          <span>${a.name}</span>
        </li>`,
    )}`;
  await frame();
  const t0 = performance.now();
  render(view(bodies.slice(0, firstPage)), container);
  await frame();
  const first = performance.now() - t0;
  render(view(bodies.slice(0, step)), container);
  await frame();
  // Pages 2.. of `step`, as Kith's "Show more answers" adds them.
  const t1 = performance.now();
  for (let n = 2 * step; n <= bodies.length; n += step) {
    render(view(bodies.slice(0, n)), container);
    await frame();
  }
  const all = performance.now() - t1;
  return { first, all, rendered: container.children.length };
}
