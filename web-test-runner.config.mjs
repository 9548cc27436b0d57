/**
 * Element tests in real Chromium (`npm run test:browser`). TypeScript goes through esbuild (standard
 * decorators and `accessor` included, no type check: `npm run typecheck` does that).
 */
import rollupReplace from '@rollup/plugin-replace';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from './scripts/ensure-chromium.mjs';

const replace = fromRollup(rollupReplace);

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['tests/elements/**/*.test.ts'],
  nodeResolve: true,
  plugins: [
    // nanostores reads process.env.NODE_ENV, which browsers don't have.
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"development"' } }),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
};
