import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  $globalConfig,
  $scriptConfig,
  configFromDataset,
  configure,
  mergeConfig,
} from '../../src/core/config.js';
import {
  ConflictError,
  ForbiddenError,
  KithError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
  toKithError,
} from '../../src/core/errors.js';
import {
  $catalogs,
  formatRelativeTime,
  loadLocale,
  pickLocale,
  registerMessages,
  supportedLocale,
  translate,
} from '../../src/core/i18n.js';
import { decodeClaims, isExpired, isStaff } from '../../src/core/token.js';
import en from '../../src/locales/en.js';
import de from '../../src/locales/de.js';
import editorEn from '../../src/locales/editor/en.js';
import editorDe from '../../src/locales/editor/de.js';
import ideasEn from '../../src/locales/ideas/en.js';
import ideasDe from '../../src/locales/ideas/de.js';
import ideasStaffEn from '../../src/locales/ideas-staff/en.js';
import ideasStaffDe from '../../src/locales/ideas-staff/de.js';
import qaEn from '../../src/locales/qa/en.js';
import qaDe from '../../src/locales/qa/de.js';
import { token } from './helpers.js';

describe('config precedence', () => {
  it('takes each key from the highest layer that sets it; null is a value', () => {
    const merged = mergeConfig(
      { theme: 'dark' },
      { site: 'scope', memberToken: null },
      { site: 'global', locale: 'de' },
      { site: 'script', api: 'https://x/v1', memberToken: 'tok' },
    );
    assert.deepEqual(merged, {
      theme: 'dark',
      site: 'scope',
      memberToken: null,
      locale: 'de',
      api: 'https://x/v1',
    });
  });

  it('reads the script tag data-* and drops empty or invalid values', () => {
    const config = configFromDataset({
      api: ' https://c.example/v1 ',
      site: '',
      memberToken: 'abc',
      adapter: 'memory',
      theme: 'purple',
      locale: 'de',
    });
    assert.deepEqual(config, {
      api: 'https://c.example/v1',
      site: undefined,
      memberToken: 'abc',
      adapter: 'memory',
      locale: 'de',
      theme: undefined,
    });
  });

  it('configure() merges later calls key by key', () => {
    $globalConfig.set({});
    $scriptConfig.set({});
    configure({ site: 'a', theme: 'light' });
    configure({ theme: 'dark' });
    assert.deepEqual($globalConfig.get(), { site: 'a', theme: 'dark' });
  });
});

describe('typed errors', () => {
  it('carry stable codes, retryability and details', () => {
    assert.equal(new NetworkError().code, 'network');
    assert.equal(new NetworkError().retryable, true);
    assert.equal(new RateLimitedError(12).retryAfter, 12);
    assert.equal(new RateLimitedError(12).retryable, true);
    assert.deepEqual(new ValidationError('bad', { title: 'too long' }).fields, {
      title: 'too long',
    });
    assert.equal(new UnauthorizedError('x', { expired: true }).expired, true);
    assert.equal(new ForbiddenError().retryable, false);
    assert.equal(new NotFoundError().name, 'NotFoundError');
    assert.ok(new ConflictError() instanceof KithError);
  });

  it('wraps unknown failures as network errors, keeping the cause', () => {
    const cause = new TypeError('Failed to fetch');
    const wrapped = toKithError(cause);
    assert.ok(wrapped instanceof NetworkError);
    assert.equal(wrapped.cause, cause);
    const own = new ForbiddenError();
    assert.equal(toKithError(own), own);
  });
});

describe('member token claims', () => {
  it('decodes claims without verifying, defaulting roles to customer', () => {
    const claims = decodeClaims(token('m_1', 'Ada Lovelace', []));
    assert.equal(claims?.sub, 'm_1');
    assert.equal(claims?.name, 'Ada Lovelace');
    assert.deepEqual(claims?.roles, ['customer']);
  });

  it('keeps only known roles and recognises staff', () => {
    const claims = decodeClaims(token('m_2', 'S', ['staff', 'root' as never]));
    assert.deepEqual(claims?.roles, ['staff']);
    assert.equal(isStaff(claims), true);
    assert.equal(isStaff(decodeClaims(token('m_3', 'E', ['expert']))), false);
  });

  it('refuses malformed tokens and reports expiry', () => {
    assert.equal(decodeClaims('not-a-token'), null);
    assert.equal(decodeClaims('a.b.c'), null);
    assert.equal(decodeClaims(''), null);
    const old = decodeClaims(token('m_1', 'A', [], { exp: 1000 }))!;
    assert.equal(isExpired(old), true);
    assert.equal(isExpired(decodeClaims(token('m_1'))!), false);
  });
});

describe('i18n', () => {
  const catalogs = {
    core: [en, de],
    editor: [editorEn, editorDe],
    qa: [qaEn, qaDe],
    ideas: [ideasEn, ideasDe],
    'ideas-staff': [ideasStaffEn, ideasStaffDe],
  } as const;

  it('has the same keys in every language of every catalog', () => {
    for (const [name, [english, german]] of Object.entries(catalogs)) {
      assert.deepEqual(Object.keys(german).sort(), Object.keys(english).sort(), name);
    }
  });

  it('has each key in one catalog only', () => {
    const keys = Object.values(catalogs).flatMap(([english]) => Object.keys(english));
    assert.deepEqual(
      keys.filter((key, i) => keys.indexOf(key) !== i),
      [],
    );
  });

  it('normalises locales and falls back to English', () => {
    assert.equal(supportedLocale('de-AT'), 'de');
    assert.equal(supportedLocale('fr'), null);
    assert.equal(pickLocale('xx'), 'en');
    assert.equal(pickLocale('de'), 'de');
  });

  it('fills parameters and picks plural forms', async () => {
    // A feature's texts come with its element module; until then a key stands for itself.
    assert.equal(translate('en', 'qa.count', { count: 1 }), 'qa.count');
    registerMessages(qaEn, { de: () => import('../../src/locales/qa/de.js') });
    assert.equal(translate('en', 'qa.count', { count: 1 }), '1 question');
    assert.equal(translate('en', 'qa.count', { count: 1200 }), '1,200 questions');
    // German is English until its catalog is loaded, then German.
    assert.equal(translate('de', 'qa.heading'), 'Questions & answers');
    await loadLocale('de');
    assert.ok($catalogs.get().de);
    assert.equal(translate('de', 'qa.count', { count: 1200 }), '1.200 Fragen');
    assert.equal(translate('de', 'qa.count', { count: 1 }), '1 Frage');
    assert.equal(
      translate('de', 'error.vote', { reason: '' }).trim(),
      'Ihre Stimme wurde nicht gespeichert.',
    );
  });

  it('loads the translations of a feature registered after its language was asked for', async () => {
    await loadLocale('de');
    registerMessages(ideasEn, { de: () => import('../../src/locales/ideas/de.js') });
    assert.equal(translate('de', 'ideas.heading'), 'Ideas');
    await loadLocale('de');
    assert.equal(translate('de', 'ideas.heading'), 'Ideen');
  });

  it('formats relative times in the locale', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    assert.equal(formatRelativeTime('en', '2026-01-07T12:00:00Z', now), '3 days ago');
    assert.equal(formatRelativeTime('de', '2026-01-07T12:00:00Z', now), 'vor 3 Tagen');
    assert.equal(formatRelativeTime('en', '2026-01-10T11:59:50Z', now), 'just now');
  });
});
