/** The escalation and webhooks suite on a real PostgreSQL: a throwaway cluster for this file. */
import { openTestDatabase } from './helpers.js';
import { webhooksSuite } from './webhooks-suite.js';

webhooksSuite('PostgreSQL', () => openTestDatabase('postgres'));
