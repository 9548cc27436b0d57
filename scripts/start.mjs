/**
 * `npm start`: builds, then serves the repository root (so `/demo/` and `/dist/` are both reachable)
 * on 127.0.0.1:$PORT (default 8787; the next free port if that one is busy).
 * The reference server replaces this once it exists.
 */
import { spawnSync } from 'node:child_process';
import { repoRoot, startStaticServer } from './serve-static.mjs';

const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('\nnpm start: the build failed; not starting the server.');
  process.exit(build.status ?? 1);
}

const host = process.env.HOST || '127.0.0.1';
const first = Number(process.env.PORT ?? 8787);
let server;
for (let port = first; port < first + 20 && !server; port++) {
  try {
    server = await startStaticServer({ root: repoRoot, port, host });
  } catch (error) {
    if (error.code !== 'EADDRINUSE') throw error;
    console.error(`Port ${port} is busy, trying ${port + 1}…`);
  }
}
if (!server) {
  console.error(`npm start: ports ${first}–${first + 19} are all busy; set PORT.`);
  process.exit(1);
}

console.log(`\nKith demo: ${server.url}/demo/`);
console.log('Press Ctrl+C to stop.');

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close().then(() => process.exit(0));
  });
}
