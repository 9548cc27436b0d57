/**
 * Everything in one import: `import 'kith-community'` defines every element and exposes the API.
 * For smaller bundles import one element (`kith-community/qa`) instead.
 */
import './elements/community/community.js';
import './elements/qa/qa.js';
import './elements/ideas/ideas.js';
import './elements/reviews/reviews.js';
import './elements/rating/rating.js';
import './elements/badge/badge.js';
import './elements/leaderboard/leaderboard.js';
import './elements/inbox/inbox.js';
import './elements/star-input/star-input.js';

export { Kith, installGlobal, applyScriptConfig, registerAdapter } from './kith-api.js';
export type { KithApi, KithConfig } from './kith-api.js';
export { KithQa } from './elements/qa/qa.js';
export { KithIdeas } from './elements/ideas/ideas.js';
export { KithReviews } from './elements/reviews/reviews.js';
export { KithRating } from './elements/rating/rating.js';
export { KithBadge } from './elements/badge/badge.js';
export { KithLeaderboard } from './elements/leaderboard/leaderboard.js';
export { KithInbox } from './elements/inbox/inbox.js';
export { KithModeration } from './elements/moderation/moderation.js';
export { KithInsights } from './elements/insights/insights.js';
export { KithStarInput } from './elements/star-input/star-input.js';
export { KithCommunity } from './elements/community/community.js';
export * from './core/errors.js';
export type * from './core/types.js';
export type * from './core/adapter.js';
export type { KithEventDetails, KithEventName, KithEvent } from './core/events.js';
