/** The spam guards and guests suite on a real PostgreSQL: a throwaway cluster for this file. */
import { openTestDatabase } from './helpers.js';
import { spamSuite } from './spam-suite.js';

spamSuite('PostgreSQL', () => openTestDatabase('postgres'));
