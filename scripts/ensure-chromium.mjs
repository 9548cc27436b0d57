/**
 * Finds the Chromium that the browser and end-to-end tests drive. Playwright's own browser download
 * does not work on every machine, so Kith uses the system's Chromium:
 *
 *   1. `KITH_CHROMIUM` (a path to a Chromium or Chrome binary), then
 *   2. `/usr/bin/chromium`, `/usr/bin/chromium-browser`;
 *   3. none found, running as root on Debian/Ubuntu: `apt-get update && apt-get install -y chromium`;
 *   4. otherwise: exits with a message saying what to install.
 *
 *   node scripts/ensure-chromium.mjs     prints the path (used by `npm test`)
 *   import { findChromium } from './scripts/ensure-chromium.mjs'   (test configs)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags for Chromium in containers and CI: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

function fail(message) {
  console.error(`\nChromium not found. ${message}\n`);
  process.exit(1);
}

function lookup() {
  const fromEnv = process.env.KITH_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail(`KITH_CHROMIUM is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  return CANDIDATES.find((p) => existsSync(p));
}

function install() {
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (!isRoot || !isDebian) {
    fail(
      'Install it and run again:\n' +
        '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium\n' +
        '  (Ubuntu without the deb: install chromium-browser, or Google Chrome)\n' +
        'or point KITH_CHROMIUM at a Chromium/Chrome binary: KITH_CHROMIUM=/path/to/chrome npm test',
    );
  }
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    console.error(`Chromium not found; running: apt-get ${args.join(' ')}`);
    const r = spawnSync('apt-get', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) {
      fail(
        `\`apt-get ${args.join(' ')}\` failed (exit ${r.status}); install the "chromium" package.`,
      );
    }
  }
}

/**
 * The path of a Chromium binary; installs one when it may (root on Debian), else exits the process
 * with instructions.
 * @param {{ install?: boolean }} [options] `install: false` only looks (returns undefined if none).
 * @returns {string}
 */
export function findChromium({ install: mayInstall = true } = {}) {
  let found = lookup();
  if (!found && mayInstall) {
    install();
    found = lookup();
    if (!found) fail(`apt-get finished but none of ${CANDIDATES.join(', ')} exists.`);
  }
  return /** @type {string} */ (found);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`Chromium: ${findChromium()}`);
}
