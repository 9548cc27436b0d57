/** Trust level 0, held flags, export and erasure on PGlite (in memory; tables emptied between tests). */
import { openTestDatabase } from './helpers.js';
import { privacySuite } from './privacy-suite.js';

privacySuite('PGlite', () => openTestDatabase('pglite'));
