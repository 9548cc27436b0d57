/** English messages of the Atom feed link, registered by its chunk (`elements/common/feed-link.ts`). */
export default {
  'feed.link': 'Subscribe via Atom feed',
} as const;
