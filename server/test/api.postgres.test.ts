/** The API suite on a real PostgreSQL: a throwaway cluster started for this file. */
import { migrate } from '../src/db/migrate.js';
import { PostgresDatabase } from '../src/db/postgres.js';
import { startPostgres } from './pg-cluster.js';
import { apiSuite } from './suite.js';

apiSuite('PostgreSQL', async () => {
  const cluster = await startPostgres();
  try {
    const db = await PostgresDatabase.open({ connectionString: cluster.url, max: 10 });
    await migrate(db);
    return {
      db,
      close: async () => {
        await db.close();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
});
