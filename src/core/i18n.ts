/**
 * Messages and formatting. English is built in; other catalogs load on demand as their own chunk, so a
 * page pays only for its own language. Plurals use `Intl.PluralRules`, times `Intl.RelativeTimeFormat`.
 */
import { atom } from 'nanostores';
import en from '../locales/en.js';

type Plural = { readonly zero?: string; readonly one?: string; readonly other: string };
export type Message = string | Plural;
export type MessageKey = keyof typeof en;
export type Catalog = {
  readonly [K in MessageKey]: (typeof en)[K] extends string ? string : Plural;
};

export const SUPPORTED_LOCALES = ['en', 'de'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

const loaders: Record<Exclude<SupportedLocale, 'en'>, () => Promise<{ default: Catalog }>> = {
  de: () => import('../locales/de.js'),
};

/** Catalogs loaded so far; elements re-render when one arrives. */
export const $catalogs = atom<Partial<Record<SupportedLocale, Catalog>>>({ en });

/** `de-AT` → `de`; unsupported → `null`. */
export function supportedLocale(tag: string | null | undefined): SupportedLocale | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(base!)
    ? (base as SupportedLocale)
    : null;
}

/** Locale from the element's attribute or config, then the page's `<html lang>`, then English. */
export function pickLocale(configured: string | null | undefined): SupportedLocale {
  return (
    supportedLocale(configured) ??
    supportedLocale(typeof document === 'undefined' ? null : document.documentElement.lang) ??
    'en'
  );
}

const pending = new Map<SupportedLocale, Promise<void>>();

/** Loads a catalog once; resolves when it is in `$catalogs`. */
export function loadLocale(locale: SupportedLocale): Promise<void> {
  if ($catalogs.get()[locale]) return Promise.resolve();
  let p = pending.get(locale);
  if (!p) {
    p = loaders[locale as Exclude<SupportedLocale, 'en'>]()
      .then((mod) => {
        $catalogs.set({ ...$catalogs.get(), [locale]: mod.default });
      })
      .catch((error: unknown) => {
        pending.delete(locale);
        console.error(`Kith: the "${locale}" messages could not be loaded.`, error);
      });
    pending.set(locale, p);
  }
  return p;
}

const pluralRules = new Map<string, Intl.PluralRules>();

function interpolate(
  text: string,
  params: Record<string, string | number>,
  locale: string,
): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

/** The message `key` in `locale` (English while the catalog loads), with `{params}` filled in. */
export function translate(
  locale: SupportedLocale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const catalog = $catalogs.get()[locale] ?? en;
  const message: Message = catalog[key] ?? en[key];
  if (typeof message === 'string') return interpolate(message, params, locale);
  const count = Number(params.count ?? 0);
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const form = count === 0 && message.zero ? 'zero' : rules.select(count);
  const text = (message as Record<string, string | undefined>)[form] ?? message.other;
  return interpolate(text, params, locale);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(locale: string, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(value);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "vor 3 Tagen"; under a minute, "just now". */
export function formatRelativeTime(locale: SupportedLocale, iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (!Number.isFinite(seconds)) return '';
  let format = relativeFormats.get(locale);
  if (!format) {
    relativeFormats.set(
      locale,
      (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })),
    );
  }
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return translate(locale, 'time.justNow');
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A full date and time, for the `title` of a relative time. */
export function formatDateTime(locale: SupportedLocale, iso: string): string {
  let format = dateFormats.get(locale);
  if (!format) {
    dateFormats.set(
      locale,
      (format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' })),
    );
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}
