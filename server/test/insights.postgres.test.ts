/** The analytics suite on a real PostgreSQL: a throwaway cluster for this file. */
import { openTestDatabase } from './helpers.js';
import { insightsSuite } from './insights-suite.js';

insightsSuite('PostgreSQL', () => openTestDatabase('postgres'));
