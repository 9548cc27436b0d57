/** The API suite on PGlite (in memory: one instance for the file, tables emptied between tests). */
import { PgliteDatabase } from '../src/db/pglite.js';
import { migrate } from '../src/db/migrate.js';
import { apiSuite } from './suite.js';

apiSuite('PGlite', async () => {
  const db = await PgliteDatabase.open({ dataDir: null });
  await migrate(db);
  return { db, close: () => db.close() };
});
