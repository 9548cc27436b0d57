/**
 * Attribute validation shared by every element: an invalid value warns once in the console, naming the
 * attribute, and the documented default is used instead.
 */
const warned = new Set<string>();

export function warnOnce(tag: string, attribute: string, value: unknown, fallback: string): void {
  const message = `<${tag}>: invalid ${attribute}="${String(value)}"; using ${fallback}.`;
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`Kith ${message}`);
}

export function oneOf<T extends string>(
  tag: string,
  attribute: string,
  value: string | null | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === null || value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  warnOnce(tag, attribute, value, `"${fallback}"`);
  return fallback;
}

export function intInRange(
  tag: string,
  attribute: string,
  value: number | string | null | undefined,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === null || value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  warnOnce(tag, attribute, value, String(fallback));
  return fallback;
}

/** An http(s) or relative URL; anything else (e.g. `javascript:`) is refused with a warning. */
export function safeUrl(
  tag: string,
  attribute: string,
  value: string | null | undefined,
): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, document.baseURI);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // fall through to the warning
  }
  warnOnce(tag, attribute, value, 'none');
  return null;
}

/** The page's URL without query or hash: the default `page-url`. */
export function currentPageUrl(): string {
  return location.origin + location.pathname;
}
