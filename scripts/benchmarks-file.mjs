/**
 * BENCHMARKS.md holds one section per benchmark script, between `<!-- bench:NAME -->` markers, so
 * `npm run bench` and `npm run bench:server` each rewrite only their own figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './serve-static.mjs';

const file = path.join(repoRoot, 'BENCHMARKS.md');
const HEADER = `# Kith benchmarks

Each section below was written by the command it names. Figures depend on the machine: compare runs
made on one machine only.
`;

export function writeBenchmarkSection(name, markdown) {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  if (!text.startsWith('# Kith benchmarks')) text = HEADER;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}
