/**
 * End-to-end tests (`npm run test:e2e`) against the built SDK in Debian's Chromium.
 *
 * No `webServer`: a test file starts its own server on a free port and stops it afterwards, so workers
 * never fight over a port and each test picks the headers it needs (a strict CSP, say):
 *
 *   import { startStaticServer } from '../../scripts/serve-static.mjs';
 *   let server: Awaited<ReturnType<typeof startStaticServer>>;
 *   test.beforeAll(async () => { server = await startStaticServer(); });
 *   test.afterAll(() => server.close());
 *   // await page.goto(`${server.url}/demo/`);
 *
 * The tests expect a fresh `dist/`: `npm test` builds once before this step; alone, run
 * `npm run build && npm run test:e2e`.
 */
import { defineConfig } from 'playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/ensure-chromium.mjs';

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
});
