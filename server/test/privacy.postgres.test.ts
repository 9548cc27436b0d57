/** Trust level 0, held flags, export and erasure on a real PostgreSQL: a throwaway cluster for this file. */
import { openTestDatabase } from './helpers.js';
import { privacySuite } from './privacy-suite.js';

privacySuite('PostgreSQL', () => openTestDatabase('postgres'));
