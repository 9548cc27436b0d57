/** The analytics suite on PGlite (in memory; tables emptied between tests). */
import { openTestDatabase } from './helpers.js';
import { insightsSuite } from './insights-suite.js';

insightsSuite('PGlite', () => openTestDatabase('pglite'));
