/** The notifications and follows suite on a real PostgreSQL: a throwaway cluster for this file. */
import { openTestDatabase } from './helpers.js';
import { notificationsSuite } from './notifications-suite.js';

notificationsSuite('PostgreSQL', () => openTestDatabase('postgres'));
