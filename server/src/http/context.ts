/** What every request handler can reach: the app's dependencies and per-request variables. */
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { SiteRow } from '../db/sites.js';
import type { Member } from '../domain/auth.js';
import type { ReadLimiter } from '../domain/rate-limits.js';
import type { SiteDirectory } from '../domain/sites.js';

export interface Deps {
  db: Database;
  sites: SiteDirectory;
  /** Read limits, counted in memory and shared through the database once a second. */
  reads: ReadLimiter;
  log: Logger;
  /** `KITH_DEV=1`: the dev token endpoint exists. */
  dev: boolean;
  /** How many proxies in front of the server to believe in `X-Forwarded-For` (0: none). */
  trustProxy: number;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** Set by `requireSite`. */
    site: SiteRow;
    /** Set by `requireMember` (always) and `optionalMember` (when a valid token came). */
    member: Member | null;
    clientIp: string;
  };
}
