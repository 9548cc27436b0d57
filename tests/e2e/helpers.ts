/**
 * Shared helpers for the end-to-end specs: member tokens, test pages served through `page.route`
 * (so each test picks its own HTML and headers), the build's manifest, and recorders for requests,
 * console errors and script executions.
 */
import { expect, type Page } from 'playwright/test';

export { memberToken, type Claims } from '../support/tokens.js';

/** Escapes text for an HTML attribute value or element content. */
export function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Serves `body` as `${origin}/e2e/${name}` with extra response headers (a CSP, say). */
export async function servePage(
  page: Page,
  origin: string,
  name: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const url = `${origin}/e2e/${name}`;
  const contentType = name.endsWith('.js')
    ? 'text/javascript; charset=utf-8'
    : 'text/html; charset=utf-8';
  await page.route(url, (route) =>
    route.fulfill({
      status: 200,
      contentType,
      headers: { 'Cache-Control': 'no-store', ...headers },
      body,
    }),
  );
  return url;
}

/** A plain HTML page: `head` and `body` inserted as they are. No inline script or style anywhere. */
export function html(head: string, body: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" />
    <title>Kith end-to-end</title>
    <link rel="icon" href="data:," />
    ${head}
  </head>
  <body>
    ${body}
  </body>
</html>
`;
}

export interface ManifestEntry {
  file: string;
  imports: string[];
}

/** One module graph of the script-tag build: the per-element chunks, or the bundle. */
export interface ManifestGraph {
  /** In the bundle, only the elements it does not define (they have an entry of their own). */
  elements: Record<string, ManifestEntry>;
  api: ManifestEntry;
  adapters: Record<string, ManifestEntry>;
  locales: Record<string, ManifestEntry>;
}

export interface Manifest extends ManifestGraph {
  /** The bundle: `all` defines every other element. */
  bundle: ManifestGraph & { all: ManifestEntry };
  /** Gzip bytes of each file a page loads on arrival, in both graphs. */
  sizes: Record<string, number>;
}

/** `dist/kith-manifest.json` of the build under test. */
export async function readManifest(origin: string): Promise<Manifest> {
  const response = await fetch(`${origin}/dist/kith-manifest.json`);
  expect(response.ok, 'dist/kith-manifest.json exists (run `npm run build` first)').toBe(true);
  return (await response.json()) as Manifest;
}

/** Every file an entry brings: itself and its static imports. */
export const filesOf = (entry: ManifestEntry | undefined): string[] =>
  entry ? [entry.file, ...entry.imports] : [];

/** Records the `dist/…` files the page requests, as paths relative to `dist/` (`chunks/x.js`). */
export function recordDistRequests(page: Page): string[] {
  const files: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/dist/')) files.push(pathname.slice('/dist/'.length));
  });
  return files;
}

/** Console errors and uncaught exceptions of the page, as text. */
export function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/** An API read the page sent: its path, and the read requests of a bootstrap (`kind`, …). */
export interface ApiRead {
  path: string;
  requests: ({ kind: string } & Record<string, unknown>)[] | null;
}

/** Records the page's `GET /v1/…` requests (a bootstrap's `requests` parameter parsed). */
export function recordApiReads(page: Page): ApiRead[] {
  const reads: ApiRead[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() !== 'GET' || !url.pathname.startsWith('/v1/')) return;
    const requests = url.searchParams.get('requests');
    reads.push({
      path: url.pathname,
      requests: requests ? (JSON.parse(requests) as ApiRead['requests']) : null,
    });
  });
  return reads;
}
