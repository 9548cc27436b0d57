/** The reviews, flags and moderation suite on a real PostgreSQL: a throwaway cluster for this file. */
import { openTestDatabase } from './helpers.js';
import { reviewsSuite } from './reviews-suite.js';

reviewsSuite('PostgreSQL', () => openTestDatabase('postgres'));
