/**
 * `npm run site -- …`: manages sites in the database the environment names (DATABASE_URL, or PGlite in
 * KITH_DATA_DIR — stop a server using that data dir first).
 *
 *   create ID [--origin https://shop.example]…   prints the new site's secret
 *   set ID key=value…                            origins=a,b  +origin=…  -origin=…  secret=new
 *                                                rateLimits.writesPerMinutePerMember=100 …
 *   board ID SLUG [--vote-budget N|none]         an idea board: shows it, or sets its vote budget
 *   show ID                                      the site (secret hidden)
 *   list                                         every site
 */
import { parseArgs } from 'node:util';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';
import { selectBoard } from '../db/boards.js';
import { getSite, listSites, type SiteRow } from '../db/sites.js';
import { applyBoardConfig } from '../domain/boards.js';
import { createSite, effectiveSettings, setSite } from '../domain/sites.js';
import { ApiError, invalidField, notFound } from '../errors.js';

const USAGE = `Usage:
  npm run site -- create ID [--origin https://shop.example]…
  npm run site -- set ID key=value…   (origins=a,b  +origin=URL  -origin=URL  secret=new  rateLimits.readsPerMinutePerIp=1200 …)
  npm run site -- board ID SLUG [--vote-budget N|none]
  npm run site -- show ID
  npm run site -- list`;

function describe(site: SiteRow): string {
  return [
    `site      ${site.id}`,
    `origins   ${site.allowedOrigins.join(' ') || '(none: no browser origin may call the API)'}`,
    `settings  ${JSON.stringify(effectiveSettings(site))}`,
    `created   ${site.createdAt}`,
  ].join('\n');
}

async function run(db: Database, argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      origin: { type: 'string', multiple: true },
      'vote-budget': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id, ...rest] = positionals;
  switch (command) {
    case 'create': {
      if (!id) throw new Error(`create needs a site id.\n${USAGE}`);
      const site = await createSite(db, { id, origins: values.origin ?? [] });
      console.error(describe(site));
      console.error('secret (sign member tokens with it; keep it on your server):');
      console.log(site.secret);
      return;
    }
    case 'set': {
      if (!id || !rest.length)
        throw new Error(`set needs a site id and key=value pairs.\n${USAGE}`);
      const before = await getSite(db, id);
      const site = await setSite(db, id, rest);
      console.log(describe(site));
      if (before && before.secret !== site.secret) console.log(`secret    ${site.secret}`);
      return;
    }
    case 'board': {
      const slug = rest[0];
      if (!id || !slug) throw new Error(`board needs a site id and a board slug.\n${USAGE}`);
      if (!(await getSite(db, id))) throw notFound(`Unknown site "${id}".`);
      const budget = values['vote-budget'];
      if (budget !== undefined) {
        const voteBudget = budget === 'none' ? null : Number(budget);
        if (
          voteBudget !== null &&
          !(Number.isInteger(voteBudget) && voteBudget >= 1 && voteBudget <= 1000)
        )
          throw invalidField(
            'voteBudget',
            'A vote budget is a whole number from 1 to 1000, or none.',
          );
        await db.transaction((tx) => applyBoardConfig(tx, id, null, slug, { voteBudget }));
      }
      const board = await selectBoard(db, id, slug);
      if (!board) throw new Error(`The site "${id}" has no board "${slug}" yet.`);
      console.log(
        [
          `board       ${board.slug}`,
          `vote budget ${board.voteBudget ?? 'none'}`,
          `statuses    ${board.statuses.map((s) => s.slug).join(' ')}`,
        ].join('\n'),
      );
      return;
    }
    case 'show': {
      const site = id ? await getSite(db, id) : null;
      if (!site) throw new Error(id ? `Unknown site "${id}".` : `show needs a site id.\n${USAGE}`);
      console.log(describe(site));
      return;
    }
    case 'list': {
      const sites = await listSites(db);
      if (!sites.length) console.log('(no sites yet: npm run site -- create ID)');
      for (const site of sites) console.log(`${describe(site)}\n`);
      return;
    }
    default:
      if (values.help) {
        console.log(USAGE);
        return;
      }
      throw new Error(`${command ? `unknown command "${command}"` : 'no command'}.\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  let db: Database | undefined;
  try {
    db = await openDatabase(process.env);
    await migrate(db);
    await run(db, process.argv.slice(2));
  } catch (error) {
    const message =
      error instanceof ApiError && error.fields
        ? `${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`site: ${message}`);
    process.exitCode = 1;
  } finally {
    await db?.close();
  }
}

await main();
