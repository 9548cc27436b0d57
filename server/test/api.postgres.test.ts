/** The API suite on a real PostgreSQL: a throwaway cluster started for this file. */
import { openTestDatabase } from './helpers.js';
import { apiSuite } from './suite.js';

apiSuite('PostgreSQL', () => openTestDatabase('postgres'));
