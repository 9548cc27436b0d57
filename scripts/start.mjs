/**
 * `npm start` (development): builds the SDK, then runs the reference server with KITH_DEV=1: the API
 * under /v1, the demo shop at /demo/ and the SDK at /dist/ from the same origin, data in PGlite
 * (`KITH_DATA_DIR`, default `.kith-data/`) unless DATABASE_URL names a PostgreSQL, the site `demo`
 * seeded on first start, and the development token endpoint. The server prints the demo's URL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { repoRoot } from './serve-static.mjs';

const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('\nnpm start: the build failed; not starting the server.');
  process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
  cwd: repoRoot,
  env: { ...process.env, KITH_DEV: '1' },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
