/**
 * A site's moderation settings (`settings.moderation`), with defaults: how many open flags hold a post
 * for review, community guidelines, guests, and the spam guards (minimum time to submit, links per
 * post by trust level, the duplicate window, banned words). Read by the moderation rules, the spam
 * guards and the public `community` read.
 */
import type { CommunityInfo, TrustLevel } from '../../../src/core/types.js';
import type { SiteRow } from '../db/sites.js';

export interface ModerationSettings {
  /** Open flags from different members that hold a post for review (a trust level 3+ flag: one). */
  flagsToHold: number;
  /** Plain text shown in every compose form, or `null`. */
  guidelines: string | null;
  /** Signed-out visitors may post; their posts wait in the queue. */
  guests: boolean;
  /** Seconds between opening a compose form and sending it, below which a post is refused. */
  minSubmitSeconds: number;
  /** Links a post may have, per trust level (0–4); `null`: no limit. */
  linkLimits: Record<TrustLevel, number | null>;
  /** The same member posting the same text again within this many hours is refused (0: off). */
  duplicateWindowHours: number;
  /** Words or phrases (case-insensitive, whole words) a post may not contain. */
  bannedWords: string[];
}

export const DEFAULT_MODERATION: ModerationSettings = {
  flagsToHold: 3,
  guidelines: null,
  guests: false,
  minSubmitSeconds: 3,
  linkLimits: { 0: 0, 1: 2, 2: 5, 3: null, 4: null },
  duplicateWindowHours: 24,
  bannedWords: [],
};

/** The site's settings over the defaults (fields stored with a wrong type fall back to the default). */
export function moderationOf(site: SiteRow): ModerationSettings {
  const stored = (site.settings.moderation ?? {}) as Partial<Record<string, unknown>>;
  const int = (key: 'flagsToHold' | 'minSubmitSeconds' | 'duplicateWindowHours', min: number) => {
    const value = stored[key];
    return typeof value === 'number' && Number.isInteger(value) && value >= min
      ? value
      : DEFAULT_MODERATION[key];
  };
  const limits = (stored.linkLimits ?? {}) as Partial<Record<string, unknown>>;
  const linkLimits = { ...DEFAULT_MODERATION.linkLimits };
  for (const level of [0, 1, 2, 3, 4] as const) {
    const value = limits[String(level)];
    if (value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
      linkLimits[level] = value;
    }
  }
  const guidelines = typeof stored.guidelines === 'string' ? stored.guidelines.trim() : '';
  return {
    flagsToHold: int('flagsToHold', 1),
    guidelines: guidelines || null,
    guests: stored.guests === true,
    minSubmitSeconds: int('minSubmitSeconds', 0),
    linkLimits,
    duplicateWindowHours: int('duplicateWindowHours', 0),
    bannedWords: Array.isArray(stored.bannedWords)
      ? stored.bannedWords.filter((w): w is string => typeof w === 'string' && w.trim() !== '')
      : [],
  };
}

/** What every compose form needs to know (the public `community` read). */
export function communityInfo(site: SiteRow): CommunityInfo {
  const { guidelines, guests, minSubmitSeconds } = moderationOf(site);
  return { guidelines, guests, minSubmitSeconds };
}
