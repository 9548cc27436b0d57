/**
 * Everything in one import: `import 'kith-community'` defines every element and exposes the API.
 * For smaller bundles import one element (`kith-community/qa`) instead.
 */
import './elements/community/community.js';
import './elements/qa/qa.js';
import './elements/ideas/ideas.js';

export { Kith, installGlobal, applyScriptConfig, registerAdapter } from './kith-api.js';
export type { KithApi, KithConfig } from './kith-api.js';
export { KithQa } from './elements/qa/qa.js';
export { KithIdeas } from './elements/ideas/ideas.js';
export { KithCommunity } from './elements/community/community.js';
export * from './core/errors.js';
export type * from './core/types.js';
export type * from './core/adapter.js';
export type { KithEventDetails, KithEventName, KithEvent } from './core/events.js';
