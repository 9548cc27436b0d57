/**
 * `npm run token -- --member ID --name NAME [--roles staff,expert] [--purchases a,b] [--site demo]
 * [--ttl 3600] [--email ada@example.com]`: prints a member token, signed with the dev site's secret
 * (`KITH_DEV_SECRET`, or `$KITH_DATA_DIR/dev-site.secret`). It does not open the database, so it works
 * while the server runs. `--email` adds the email claim (notification mail goes there).
 */
import { parseArgs } from 'node:util';
import type { Role } from '../../../src/core/types.js';
import { readDevSecret } from '../dev.js';
import { MAX_TOKEN_LIFETIME_SECONDS, ROLES, emailClaim, signMemberToken } from '../domain/auth.js';
import { dataDirFromEnv, devSecretPath } from '../paths.js';

const USAGE = `Usage: npm run token -- --member ID --name NAME [--roles staff,expert] [--purchases sku-1,sku-2] [--site demo] [--ttl 3600] [--email ada@example.com]`;

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(1);
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        member: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        purchases: { type: 'string' },
        site: { type: 'string', default: 'demo' },
        ttl: { type: 'string', default: '3600' },
        avatar: { type: 'string' },
        email: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.member) fail(`--member is required.\n${USAGE}`);
  const roles = list(values.roles);
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length) fail(`unknown role(s) ${unknown.join(', ')}; use ${ROLES.join(', ')}.`);
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_LIFETIME_SECONDS) {
    fail(`--ttl is a whole number of seconds, 1 to ${MAX_TOKEN_LIFETIME_SECONDS}.`);
  }
  if (values.email !== undefined && emailClaim(values.email) === null) {
    fail(`--email is not a usable address: "${values.email}".`);
  }
  const dataDir = dataDirFromEnv();
  const secret = readDevSecret(process.env, dataDir);
  if (!secret) {
    fail(
      `no dev site secret. Set KITH_DEV_SECRET, or start the server once in development ` +
        `(npm start, KITH_DEV=1) to create ${devSecretPath(dataDir)}.`,
    );
  }
  const token = await signMemberToken(secret, {
    site: values.site!,
    member: values.member,
    name: values.name || values.member,
    roles: roles as Role[],
    purchases: list(values.purchases),
    ...(values.avatar && { avatar: values.avatar }),
    ...(values.email && { email: values.email.trim() }),
    ttlSeconds: ttl,
  });
  console.log(token);
}

await main();
