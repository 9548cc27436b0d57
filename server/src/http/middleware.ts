/**
 * Route middleware, in the order a request meets it: the site (`?site=`), the member (token), the rate
 * limit. Handlers stay thin: they translate HTTP into a domain call and back.
 */
import type { MiddlewareHandler } from 'hono';
import { bearerToken, verifyMemberToken } from '../domain/auth.js';
import { moderationOf } from '../domain/moderation-settings.js';
import { limitWrite } from '../domain/rate-limits.js';
import { invalidField, notFound, unauthorized } from '../errors.js';
import { clientIp } from './client-ip.js';
import type { AppEnv, Deps } from './context.js';

export interface RouteMiddleware {
  /** Loads the site named by `?site=`; 400 without one, 404 for an unknown one. */
  site: MiddlewareHandler<AppEnv>;
  /** A valid member token is required (401 otherwise). */
  member: MiddlewareHandler<AppEnv>;
  /** A token is optional: a valid one fills `myVote`; a missing or unusable one reads as signed out. */
  viewer: MiddlewareHandler<AppEnv>;
  /**
   * A post (ask, answer, idea, comment, review): as `member`, except that where the site allows guests
   * a request without `Authorization` goes on signed out (the guest is made from the body,
   * `http/responses.ts` `postContext`).
   */
  memberOrGuest: MiddlewareHandler<AppEnv>;
  readLimit: MiddlewareHandler<AppEnv>;
  writeLimit: MiddlewareHandler<AppEnv>;
  /** A write that counts as `cost` writes against the limits (a photo upload). */
  costlyWriteLimit(cost: number): MiddlewareHandler<AppEnv>;
  /** Every read route's chain: site, optional member, read limit. */
  read: MiddlewareHandler<AppEnv>[];
  /** Every write route's chain (except the staff-free dev token): site, member, write limit. */
  write: MiddlewareHandler<AppEnv>[];
  /** The five post routes' chain: site, member or guest, write limit (per IP for guests). */
  post: MiddlewareHandler<AppEnv>[];
}

export function routeMiddleware(deps: Deps): RouteMiddleware {
  const ip = (c: Parameters<MiddlewareHandler<AppEnv>>[0]): string => {
    let value = c.get('clientIp');
    if (!value) {
      value = clientIp(c, deps.trustProxy);
      c.set('clientIp', value);
    }
    return value;
  };
  const writeLimit =
    (cost: number): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      await limitWrite(deps.db, c.get('site'), ip(c), c.get('member')?.id ?? null, cost);
      await next();
    };
  const mw: Omit<RouteMiddleware, 'read' | 'write' | 'post'> = {
    site: async (c, next) => {
      const id = c.req.query('site');
      if (!id) throw invalidField('site', 'Which site? Add ?site=<id>.');
      const site = id.length <= 63 ? await deps.sites.get(id) : null;
      if (!site) throw notFound(`Unknown site "${id.slice(0, 63)}".`);
      c.set('site', site);
      await next();
    },
    member: async (c, next) => {
      const token = bearerToken(c.req.header('authorization'));
      if (token === null)
        throw unauthorized('Please sign in: this needs a member token (Authorization: Bearer …).');
      if (token === '') throw unauthorized('The Authorization header must be "Bearer <token>".');
      c.set('member', await verifyMemberToken(token, c.get('site')));
      await next();
    },
    viewer: async (c, next) => {
      const token = bearerToken(c.req.header('authorization'));
      let member = null;
      if (token) {
        try {
          member = await verifyMemberToken(token, c.get('site'));
        } catch {
          member = null; // reads never fail because of the token
        }
      }
      c.set('member', member);
      await next();
    },
    memberOrGuest: async (c, next) => {
      if (c.req.header('authorization') !== undefined || !moderationOf(c.get('site')).guests) {
        return mw.member(c, next);
      }
      c.set('member', null);
      await next();
    },
    readLimit: async (c, next) => {
      deps.reads.limit(c.get('site'), ip(c));
      await next();
    },
    writeLimit: writeLimit(1),
    costlyWriteLimit: writeLimit,
  };
  return {
    ...mw,
    read: [mw.site, mw.viewer, mw.readLimit],
    write: [mw.site, mw.member, mw.writeLimit],
    post: [mw.site, mw.memberOrGuest, mw.writeLimit],
  };
}
