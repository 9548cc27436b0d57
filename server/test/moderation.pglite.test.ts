/** The moderation suite on PGlite (in memory; tables emptied between tests). */
import { openTestDatabase } from './helpers.js';
import { moderationSuite } from './moderation-suite.js';

moderationSuite('PGlite', () => openTestDatabase('pglite'));
