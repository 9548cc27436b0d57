/**
 * Messages and formatting. English is built in; other languages load on demand as their own chunks, so
 * a page pays only for its own language. The core catalog (`locales/en.ts`: sign-in, votes, roles,
 * forms, errors) is always here; each feature registers its own (`registerMessages`) from its element
 * module, so a page carries only the texts of the elements it shows. Plurals use `Intl.PluralRules`,
 * times `Intl.RelativeTimeFormat`.
 */
import { atom } from 'nanostores';
import en from '../locales/en.js';
import type composeEn from '../locales/compose/en.js';
import type editorEn from '../locales/editor/en.js';
import type feedEn from '../locales/feed/en.js';
import type ideasEn from '../locales/ideas/en.js';
import type ideasStaffEn from '../locales/ideas-staff/en.js';
import type inboxEn from '../locales/inbox/en.js';
import type insightsEn from '../locales/insights/en.js';
import type membersEn from '../locales/members/en.js';
import type membersOwnEn from '../locales/members/own/en.js';
import type membersProfileEn from '../locales/members/profile/en.js';
import type moderationEn from '../locales/moderation/en.js';
import type moderationQueueEn from '../locales/moderation/queue/en.js';
import type qaEn from '../locales/qa/en.js';
import type qaThreadEn from '../locales/qa-thread/en.js';
import type reviewsEn from '../locales/reviews/en.js';
import type starsEn from '../locales/stars/en.js';

type Plural = { readonly zero?: string; readonly one?: string; readonly other: string };
export type Message = string | Plural;
/** Every message of every feature, as English has them. */
type English = typeof en &
  typeof composeEn &
  typeof editorEn &
  typeof feedEn &
  typeof qaEn &
  typeof qaThreadEn &
  typeof ideasEn &
  typeof ideasStaffEn &
  typeof moderationEn &
  typeof moderationQueueEn &
  typeof starsEn &
  typeof reviewsEn &
  typeof membersEn &
  typeof membersProfileEn &
  typeof membersOwnEn &
  typeof inboxEn &
  typeof insightsEn;
export type MessageKey = keyof English;
/** A translation of the English catalog `T`: the same keys, plural where English is plural. */
export type CatalogOf<T> = { readonly [K in keyof T]: T[K] extends string ? string : Plural };
/** A translation of the core catalog. */
export type Catalog = CatalogOf<typeof en>;
/** The messages of one language known so far (features add theirs as they register). */
export type Messages = { readonly [K in MessageKey]?: Message };

export const SUPPORTED_LOCALES = ['en', 'de'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
type OtherLocale = Exclude<SupportedLocale, 'en'>;

/** How a catalog's translations load: one dynamic import per language. */
export type CatalogLoaders<T> = Record<OtherLocale, () => Promise<{ default: CatalogOf<T> }>>;

interface Feature {
  readonly en: Messages;
  readonly loaders: CatalogLoaders<unknown>;
  readonly pending: Map<OtherLocale, Promise<void>>;
}

const features: Feature[] = [];
/** Languages an element asked for: a feature registered later loads its translations at once. */
const requested = new Set<OtherLocale>();

/** Messages loaded so far, per language; elements re-render when more arrive. */
export const $catalogs = atom<Partial<Record<SupportedLocale, Messages>>>({ en });

function addMessages(locale: SupportedLocale, messages: Messages): void {
  const all = $catalogs.get();
  $catalogs.set({ ...all, [locale]: { ...all[locale], ...messages } });
}

function loadFeature(feature: Feature, locale: OtherLocale): Promise<void> {
  let p = feature.pending.get(locale);
  if (!p) {
    p = feature.loaders[locale]().then(
      (mod) => addMessages(locale, mod.default as Messages),
      (error: unknown) => {
        feature.pending.delete(locale);
        console.error(`Kith: the "${locale}" messages could not be loaded.`, error);
      },
    );
    feature.pending.set(locale, p);
  }
  return p;
}

/**
 * Adds a catalog: its English at once, its other languages when an element asks for them (or now, if
 * one already did). Registering the same English catalog again does nothing.
 */
export function registerMessages<T extends Messages>(english: T, loaders: CatalogLoaders<T>): void {
  if (features.some((f) => f.en === english)) return;
  const feature: Feature = { en: english, loaders, pending: new Map() };
  features.push(feature);
  if (english !== en) addMessages('en', english);
  for (const locale of requested) void loadFeature(feature, locale);
}

registerMessages(en, { de: () => import('../locales/de.js') });

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

/** Loads a language's catalogs (the core's and every registered feature's) once; resolves when in. */
export function loadLocale(locale: SupportedLocale): Promise<void> {
  if (locale === 'en') return Promise.resolve();
  requested.add(locale);
  return Promise.all(features.map((f) => loadFeature(f, locale))).then(() => undefined);
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
  const catalogs = $catalogs.get();
  // English while a translation loads; the key itself if no registered catalog has it.
  const message: Message = catalogs[locale]?.[key] ?? catalogs.en?.[key] ?? key;
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
