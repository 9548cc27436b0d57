/** `npm run token`: prints a verifiable member token without opening the database. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { verifyMemberToken } from '../src/domain/auth.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kith-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'cli-test-secret-0123456789abcdefghij';

describe('npm run token', () => {
  it('signs with KITH_DEV_SECRET: roles, purchases, email, site and lifetime as asked', async () => {
    const { code, stdout, stderr } = await runCli(
      'token.ts',
      [
        '--member',
        'm_1',
        '--name',
        'Ada',
        '--roles',
        'staff,expert',
        '--purchases',
        'sku-1,sku-2',
        '--site',
        'acme',
        '--ttl',
        '600',
        '--email',
        'ada@example.com',
      ],
      { KITH_DEV_SECRET: SECRET, KITH_DATA_DIR: path.join(dir, 'none') },
    );
    assert.equal(code, 0, stderr);
    const token = stdout.trim();
    const member = await verifyMemberToken(token, { id: 'acme', secret: SECRET });
    assert.deepEqual(member, {
      id: 'm_1',
      name: 'Ada',
      avatar: null,
      roles: ['staff', 'expert'],
      purchases: ['sku-1', 'sku-2'],
      groups: [],
      email: 'ada@example.com',
    });
    const claims = decodeJwt(token);
    assert.equal(claims.exp! - claims.iat!, 600);
  });

  it('reads the secret from $KITH_DATA_DIR/dev-site.secret, and says so when there is none', async () => {
    writeFileSync(path.join(dir, 'dev-site.secret'), `${SECRET}\n`);
    const ok = await runCli('token.ts', ['--member', 'm_2', '--name', 'Ben'], {
      KITH_DATA_DIR: dir,
      KITH_DEV_SECRET: '',
    });
    assert.equal(ok.code, 0, ok.stderr);
    const member = await verifyMemberToken(ok.stdout.trim(), { id: 'demo', secret: SECRET });
    assert.deepEqual(member.roles, ['customer']);

    const missing = await runCli('token.ts', ['--member', 'm_2', '--name', 'Ben'], {
      KITH_DATA_DIR: path.join(dir, 'empty'),
      KITH_DEV_SECRET: '',
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no dev site secret.*KITH_DEV_SECRET.*dev-site\.secret/s);
    assert.equal(missing.stdout, '');
  });
});

describe('npm run site -- board', () => {
  it('sets and removes an idea board’s vote budget, refusing a bad one', async () => {
    const env = { KITH_DATA_DIR: path.join(dir, 'boards') };
    const created = await runCli('site.ts', ['create', 'shop'], env);
    assert.equal(created.code, 0, created.stderr);
    const set = await runCli('site.ts', ['board', 'shop', 'roadmap', '--vote-budget', '5'], env);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /board\s+roadmap/);
    assert.match(set.stdout, /vote budget 5/);
    assert.match(set.stdout, /statuses\s+open under-review planned in-progress done declined/);
    const bad = await runCli('site.ts', ['board', 'shop', 'roadmap', '--vote-budget', '0'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /whole number from 1 to 1000/);
    const none = await runCli(
      'site.ts',
      ['board', 'shop', 'roadmap', '--vote-budget', 'none'],
      env,
    );
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /vote budget none/);
  });
});
