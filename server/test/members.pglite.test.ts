/** The members, reputation, badges and trust levels suite on PGlite (in memory; tables emptied between tests). */
import { openTestDatabase } from './helpers.js';
import { membersSuite } from './members-suite.js';

membersSuite('PGlite', () => openTestDatabase('pglite'));
