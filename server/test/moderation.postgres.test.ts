/** The moderation suite on a real PostgreSQL: a throwaway cluster for this file. */
import { openTestDatabase } from './helpers.js';
import { moderationSuite } from './moderation-suite.js';

moderationSuite('PostgreSQL', () => openTestDatabase('postgres'));
