/** The escalation and webhooks suite on PGlite (in memory; tables emptied between tests). */
import { openTestDatabase } from './helpers.js';
import { webhooksSuite } from './webhooks-suite.js';

webhooksSuite('PGlite', () => openTestDatabase('pglite'));
