/** The spam guards and guests suite on PGlite (in memory; tables emptied between tests). */
import { openTestDatabase } from './helpers.js';
import { spamSuite } from './spam-suite.js';

spamSuite('PGlite', () => openTestDatabase('pglite'));
