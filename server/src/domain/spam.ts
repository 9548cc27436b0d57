/**
 * The spam guards, and how a post is stored: {@link guardPost} runs at the start of every post's write
 * transaction (question, answer, idea, comment, review), with the site's `moderation` settings
 * (domain/moderation-settings.ts):
 *
 * - honeypot: the compose form's hidden field came back filled → refused with a neutral message (a bot
 *   learns nothing from it);
 * - minimum time: sent sooner than `minSubmitSeconds` after the form opened (`guard.elapsedMs`) →
 *   refused. A member's write without `guard` (an API client) is not timed; a guest's must carry it;
 * - banned words (`bannedWords`: whole words or phrases, any case) in the title or body → refused,
 *   naming the word;
 * - links: more than `linkLimits` allows at the author's trust level → refused; staff are exempt.
 *   Counted in the rendered HTML, so a level-0 author's links, written as text, count none. Reviews
 *   are plain text and have none;
 * - duplicates: the same author posting the same text (title and body, case and whitespace ignored)
 *   of the same kind within `duplicateWindowHours` → 409. Checked under the member's write lock
 *   (`performWrite` takes it first), so two copies sent at once cannot both pass; an idempotent retry
 *   is answered with the first response before it gets here. Not for reviews (one per member and
 *   product: posting again edits).
 *
 * Refusals roll the write back: nothing is stored, not even the member. A guest's post is stored
 * `held`, for the moderation queue (domain/guests.ts).
 */
import { createHash } from 'node:crypto';
import type { ComposeGuard, PostNotice, TrustLevel } from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import { hasRecentCopy, type TextHashedKind } from '../db/spam.js';
import { ApiError, conflict } from '../errors.js';
import { isStaff } from './auth.js';
import { moderationOf } from './moderation-settings.js';
import type { WriteContext } from './writes.js';

/** Neutral on purpose: a bot that filled the honeypot or skipped the form is not told which. */
export const NOT_ACCEPTED = 'This post could not be accepted.';
export const TOO_FAST =
  'That was fast — please take a moment to check your post and send it again.';
export const DUPLICATE = 'You posted this already.';

export type PostKind = TextHashedKind | 'review';

export interface PostToGuard {
  kind: PostKind;
  title?: string | undefined;
  /** As written: Markdown, or a review's plain text. */
  body: string;
  /**
   * The post as `renderPostFor` rendered it: its HTML, where links are counted, and the author's trust
   * level; `null` for plain text (reviews).
   */
  rendered: { html: string; authorLevel: TrustLevel } | null;
  guard?: ComposeGuard | undefined;
}

/** How to store the post that passed. */
export interface GuardedPost {
  /** `held` for a guest's post: it waits for a moderator. */
  visibility: 'visible' | 'held';
  /** For the duplicate check of later posts; `null` for reviews. */
  textHash: string | null;
  /** For the write's response (`held`). */
  notices: PostNotice[];
}

/** Refused content: 422, `validation`, with the field when there is one. */
function refused(message: string, field?: string): ApiError {
  return new ApiError(422, 'validation', message, field ? { fields: { [field]: message } } : {});
}

/** Runs the guards above for a post the member (or guest) is writing; throws when one refuses. */
export async function guardPost(
  tx: Queryable,
  ctx: WriteContext,
  post: PostToGuard,
): Promise<GuardedPost> {
  const settings = moderationOf(ctx.site);
  const guest = ctx.member.guest !== undefined;
  const guard = post.guard ?? {};
  if (guard.honeypot) throw refused(NOT_ACCEPTED);
  if (guest && guard.elapsedMs === undefined) throw refused(NOT_ACCEPTED);
  if (guard.elapsedMs !== undefined && guard.elapsedMs < settings.minSubmitSeconds * 1000) {
    throw refused(TOO_FAST);
  }

  const banned = bannedWordsMatcher(settings.bannedWords);
  for (const [field, text] of [
    ['title', post.title],
    ['body', post.body],
  ] as const) {
    const word = text && banned(text);
    if (word) throw refused(`“${word}” is not allowed here.`, field);
  }

  if (post.rendered !== null && !isStaff(ctx.member)) {
    const links = countLinks(post.rendered.html);
    if (links > 0) {
      const limit = settings.linkLimits[post.rendered.authorLevel];
      if (limit !== null && links > limit) throw refused(linkLimitMessage(limit), 'body');
    }
  }

  let textHash: string | null = null;
  if (post.kind !== 'review') {
    textHash = hashOfText(post.title ?? '', post.body);
    const hours = settings.duplicateWindowHours;
    if (
      hours > 0 &&
      !guest &&
      (await hasRecentCopy(tx, {
        site: ctx.site.id,
        kind: post.kind,
        author: ctx.member.id,
        textHash,
        hours,
      }))
    ) {
      throw conflict(DUPLICATE);
    }
  }

  return guest
    ? { visibility: 'held', textHash, notices: ['held'] }
    : { visibility: 'visible', textHash, notices: [] };
}

function linkLimitMessage(limit: number): string {
  if (limit === 0) return 'Links are not allowed in a post at your trust level yet.';
  return `At most ${limit} ${limit === 1 ? 'link' : 'links'} in a post at your trust level.`;
}

/** Links in sanitised HTML (its serialisation writes every anchor as `<a …href="…">`). */
export function countLinks(html: string): number {
  return html.match(/<a\s[^>]*?\bhref=/gi)?.length ?? 0;
}

/** Text compared without case, compatibility forms (full-width letters…) or runs of whitespace. */
function normalized(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The duplicate check's key: a hash of the normalised title and body. */
export function hashOfText(title: string, body: string): string {
  return createHash('sha256')
    .update(normalized(`${title}\n${body}`))
    .digest('base64url');
}

// ---- banned words --------------------------------------------------------------------------------

/** A letter, digit, combining mark or `_` next to a match makes it part of a longer word. */
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';

type Matcher = (text: string) => string | null;

/** Compiled lists by their words (sites share few lists; a list changes with the settings). */
const matchers = new Map<string, Matcher>();

/**
 * A function that finds the first banned word or phrase in a text and returns it as the site wrote it:
 * whole words only ("ass" does not match "class"), any case, any whitespace between a phrase's words.
 */
export function bannedWordsMatcher(words: readonly string[]): Matcher {
  const key = JSON.stringify(words);
  let matcher = matchers.get(key);
  if (matcher) return matcher;
  const byForm = new Map<string, string>();
  for (const word of words) {
    const form = normalized(word);
    if (form && !byForm.has(form)) byForm.set(form, word.trim());
  }
  if (!byForm.size) {
    matcher = () => null;
  } else {
    // Longest first, so that a phrase is named rather than a word it starts with.
    const alternatives = [...byForm.keys()]
      .sort((a, b) => b.length - a.length)
      .map((form) => form.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&').replace(/ /g, '\\s+'));
    const pattern = new RegExp(
      `(?<!${WORD_CHAR})(?:${alternatives.join('|')})(?!${WORD_CHAR})`,
      'iu',
    );
    matcher = (text) => {
      const found = pattern.exec(text.normalize('NFKC'));
      return found ? (byForm.get(normalized(found[0])) ?? found[0]) : null;
    };
  }
  if (matchers.size >= 100) matchers.clear();
  matchers.set(key, matcher);
  return matcher;
}
