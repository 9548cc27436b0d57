/** The members, reputation, badges and trust levels suite on a real PostgreSQL: a throwaway cluster for this file. */
import { openTestDatabase } from './helpers.js';
import { membersSuite } from './members-suite.js';

membersSuite('PostgreSQL', () => openTestDatabase('postgres'));
