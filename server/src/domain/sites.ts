/**
 * Sites: who may embed Kith (allowed origins, the CORS allow-list), the secret that signs member tokens,
 * and settings (rate limits now; escalation, vote budgets, badge rules later). Managed with
 * `npm run site -- …` and by staff at `/v1/site/settings`.
 */
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { insertEvent } from '../db/events.js';
import * as sitesDb from '../db/sites.js';
import type { SiteRow } from '../db/sites.js';
import { conflict, invalidField, notFound, validation } from '../errors.js';
import { SiteSettings, fieldErrors } from '../schemas.js';
import { assertStaff, type Member } from './auth.js';
import { escalationOf } from './escalation.js';
import { moderationOf } from './moderation-settings.js';
import { badgeRulesOf, pointsOf, trustLevelsOf } from './reputation.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

export type { SiteRow };

export interface RateLimits {
  writesPerMinutePerMember: number;
  writesPerMinutePerIp: number;
  readsPerMinutePerIp: number;
}

/** Generous defaults: a person never meets them, a script soon does. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  writesPerMinutePerMember: 30,
  writesPerMinutePerIp: 60,
  readsPerMinutePerIp: 600,
};

export function rateLimitsOf(site: SiteRow): RateLimits {
  const stored = (site.settings.rateLimits ?? {}) as Partial<RateLimits>;
  const pick = (key: keyof RateLimits): number => {
    const value = stored[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= 1
      ? value
      : DEFAULT_RATE_LIMITS[key];
  };
  return {
    writesPerMinutePerMember: pick('writesPerMinutePerMember'),
    writesPerMinutePerIp: pick('writesPerMinutePerIp'),
    readsPerMinutePerIp: pick('readsPerMinutePerIp'),
  };
}

/**
 * Settings as stored, with defaults filled in (what staff see): rate limits, points per reputation
 * reason, the badge rules in force (defaults with the site's over them) and trust level thresholds.
 */
export function effectiveSettings(site: SiteRow): Record<string, unknown> {
  return {
    ...site.settings,
    rateLimits: rateLimitsOf(site),
    reputation: pointsOf(site),
    badges: badgeRulesOf(site),
    trustLevels: trustLevelsOf(site),
    escalation: escalationOf(site),
    moderation: moderationOf(site),
  };
}

/** A partial change merged into the stored settings, one level deep for objects. */
export function mergeSettings(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const before = merged[key];
    merged[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      before &&
      typeof before === 'object'
        ? { ...(before as object), ...(value as object) }
        : value;
  }
  return merged;
}

export function parseSettings(value: unknown): Record<string, unknown> {
  const result = SiteSettings.safeParse(value);
  if (!result.success) {
    const fields = Object.fromEntries(
      Object.entries(fieldErrors(result.error)).map(([k, v]) => [`settings.${k}`, v]),
    );
    throw validation(Object.values(fields).join(' ') || 'Invalid settings.', fields);
  }
  return result.data as Record<string, unknown>;
}

// ---- origins --------------------------------------------------------------------------------------

/** `https://shop.example`, or `http://localhost:*` (any port). */
export function normalizeOrigin(value: string): string {
  const wildcard = /^(https?:\/\/[^/:]+):\*$/i.exec(value.trim());
  if (wildcard) return `${wildcard[1]!.toLowerCase()}:*`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalidField('origin', `"${value}" is not an origin like https://shop.example.`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname.length > 1 ||
    url.search ||
    url.hash
  ) {
    throw invalidField('origin', `"${value}" is not an origin like https://shop.example.`);
  }
  return url.origin;
}

export function originAllowed(site: SiteRow, origin: string): boolean {
  const lower = origin.toLowerCase();
  return site.allowedOrigins.some((allowed) => {
    if (allowed.endsWith(':*')) {
      const base = allowed.slice(0, -2).toLowerCase();
      return (
        lower === base ||
        (lower.startsWith(`${base}:`) && /^\d{1,5}$/.test(lower.slice(base.length + 1)))
      );
    }
    return allowed.toLowerCase() === lower;
  });
}

// ---- lookup, with a short cache ----------------------------------------------------------------------

/**
 * Sites are read on every request; a few seconds of caching spare the database. Changes through this
 * process clear the entry at once; changes by other instances or the CLI show within `ttlMs`.
 */
export class SiteDirectory {
  readonly #db: Queryable;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { site: SiteRow | null; until: number }>();
  readonly #loading = new Map<string, Promise<SiteRow | null>>();

  constructor(db: Queryable, ttlMs = 2000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  async get(id: string): Promise<SiteRow | null> {
    const now = Date.now();
    const hit = this.#cache.get(id);
    if (hit && hit.until > now) return hit.site;
    if (this.#ttlMs <= 0) return sitesDb.getSite(this.#db, id);
    // Requests arriving while the row is being read wait for that read instead of each making one.
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = sitesDb.getSite(this.#db, id).then(
        (site) => {
          if (this.#loading.get(id) === loading) {
            this.#loading.delete(id);
            if (this.#cache.size > 1000) this.#cache.clear();
            this.#cache.set(id, { site, until: now + this.#ttlMs });
          }
          return site;
        },
        (error: unknown) => {
          if (this.#loading.get(id) === loading) this.#loading.delete(id);
          throw error;
        },
      );
      this.#loading.set(id, loading);
    }
    return loading;
  }

  forget(id: string): void {
    this.#cache.delete(id);
    this.#loading.delete(id);
  }
}

// ---- staff: /v1/site/settings ---------------------------------------------------------------------

export function readSettings(site: SiteRow, member: Member): { settings: Record<string, unknown> } {
  assertStaff(member);
  return { settings: effectiveSettings(site) };
}

export async function changeSettings(
  ctx: WriteContext,
  patch: Record<string, unknown>,
): Promise<WriteOutcome<{ settings: Record<string, unknown> }>> {
  assertStaff(ctx.member);
  parseSettings(patch);
  return performWrite(ctx, 200, async (tx) => {
    const site = await sitesDb.lockSite(tx, ctx.site.id);
    if (!site) throw notFound(`Unknown site "${ctx.site.id}".`);
    const settings = parseSettings(mergeSettings(site.settings, patch));
    const updated = await sitesDb.updateSite(tx, site.id, { settings });
    await insertEvent(tx, {
      site: site.id,
      type: 'site.settings-changed',
      actor: ctx.member.id,
      targetType: 'site',
      targetId: site.id,
      payload: { change: patch },
    });
    return { settings: effectiveSettings(updated!) };
  });
}

// ---- the CLI and development setup ------------------------------------------------------------------

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function validSiteId(id: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(id)) {
    throw invalidField(
      'id',
      'A site id is 1–63 lowercase letters, digits, "-" or "_", starting with a letter or digit.',
    );
  }
  return id;
}

export async function createSite(
  db: Database,
  input: { id: string; origins?: string[]; settings?: Record<string, unknown>; secret?: string },
): Promise<SiteRow> {
  const site = await sitesDb.insertSite(db, {
    id: validSiteId(input.id),
    secret: input.secret ?? newSecret(),
    allowedOrigins: [...new Set((input.origins ?? []).map(normalizeOrigin))],
    settings: parseSettings(input.settings ?? {}),
  });
  if (!site) throw conflict(`The site "${input.id}" exists already.`);
  return site;
}

/**
 * `npm run site -- set ID key=value…`: `origins=a,b` replaces the allowed origins, `+origin=` adds one,
 * `-origin=` removes one, `secret=` sets the secret (`secret=new` makes one), and any other key is a
 * setting (`rateLimits.writesPerMinutePerMember=100`; numbers, true/false and JSON are parsed).
 */
export async function setSite(db: Database, id: string, assignments: string[]): Promise<SiteRow> {
  const site = await sitesDb.getSite(db, id);
  if (!site) throw notFound(`Unknown site "${id}".`);
  let origins = [...site.allowedOrigins];
  let secret: string | undefined;
  let settings: Record<string, unknown> = structuredClone(site.settings);
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw validation(`Expected key=value, got "${assignment}".`);
    const key = assignment.slice(0, eq).trim();
    const raw = assignment.slice(eq + 1).trim();
    if (key === 'origins') origins = raw ? raw.split(',').map(normalizeOrigin) : [];
    else if (key === '+origin') origins.push(normalizeOrigin(raw));
    else if (key === '-origin') origins = origins.filter((o) => o !== normalizeOrigin(raw));
    else if (key === 'secret') secret = raw === 'new' ? newSecret() : raw;
    else settings = setPath(settings, key.split('.'), parseValue(raw));
  }
  if (secret !== undefined && secret.length < 16)
    throw invalidField('secret', 'A secret has at least 16 characters.');
  const updated = await sitesDb.updateSite(db, id, {
    allowedOrigins: [...new Set(origins)],
    settings: parseSettings(settings),
    ...(secret !== undefined && { secret }),
  });
  return updated!;
}

function parseValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (/^[[{"]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      // a plain string after all
    }
  }
  return raw;
}

function setPath(
  target: Record<string, unknown>,
  path: string[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  if (!head) return target;
  if (!rest.length) return { ...target, [head]: value };
  const inner = target[head];
  const child =
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? (inner as Record<string, unknown>)
      : {};
  return { ...target, [head]: setPath(child, rest, value) };
}

/** Development: the site `demo` with the given secret and localhost origins (created or updated). */
export async function ensureDevSite(db: Database, secret: string): Promise<SiteRow> {
  const origins = ['http://localhost:*', 'http://127.0.0.1:*'];
  const existing = await sitesDb.getSite(db, 'demo');
  if (!existing) return createSite(db, { id: 'demo', secret, origins });
  const wanted = [...new Set([...existing.allowedOrigins, ...origins])];
  if (existing.secret === secret && wanted.length === existing.allowedOrigins.length)
    return existing;
  return (await sitesDb.updateSite(db, 'demo', { secret, allowedOrigins: wanted }))!;
}
