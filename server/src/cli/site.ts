/**
 * `npm run site -- …`: manages sites in the database the environment names (DATABASE_URL, or PGlite in
 * KITH_DATA_DIR — stop a server using that data dir first).
 *
 *   create ID [--origin https://shop.example]…   prints the new site's secret
 *   set ID key=value…                            origins=a,b  +origin=…  -origin=…  secret=new
 *                                                rateLimits.writesPerMinutePerMember=100 …
 *   show ID                                      the site (secret hidden)
 *   list                                         every site
 */
import { parseArgs } from 'node:util';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';
import { getSite, listSites, type SiteRow } from '../db/sites.js';
import { createSite, effectiveSettings, setSite } from '../domain/sites.js';
import { ApiError } from '../errors.js';

const USAGE = `Usage:
  npm run site -- create ID [--origin https://shop.example]…
  npm run site -- set ID key=value…   (origins=a,b  +origin=URL  -origin=URL  secret=new  rateLimits.readsPerMinutePerIp=1200 …)
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
    options: { origin: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
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
