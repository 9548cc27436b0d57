/** The reviews, flags and moderation suite on PGlite (in memory; tables emptied between tests). */
import { openTestDatabase } from './helpers.js';
import { reviewsSuite } from './reviews-suite.js';

reviewsSuite('PGlite', () => openTestDatabase('pglite'));
