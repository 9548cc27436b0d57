/** The notifications and follows suite on PGlite (in memory; tables emptied between tests). */
import { openTestDatabase } from './helpers.js';
import { notificationsSuite } from './notifications-suite.js';

notificationsSuite('PGlite', () => openTestDatabase('pglite'));
