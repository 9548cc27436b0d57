/**
 * Sessions: an adapter plus who is using it. Elements resolve their config into a session; every store
 * is keyed by its session, so a page can hold elements for two sites or two members at once and
 * `Kith.identify()` simply moves elements to a new session.
 */
import type { KithAdapter, AdapterFactory } from '../core/adapter.js';
import type { KithConfig } from '../core/config.js';
import { ConfigError } from '../core/errors.js';
import { decodeClaims } from '../core/token.js';
import type { MemberClaims } from '../core/types.js';

export interface Session {
  /** Identifies adapter, site and member: the prefix of every store key of this session. */
  readonly key: string;
  readonly adapter: KithAdapter;
  readonly site: string | null;
  readonly token: string | null;
  /** The token's claims, unverified: for showing and hiding UI only. */
  readonly member: MemberClaims | null;
}

const factories = new Map<string, AdapterFactory | (() => Promise<AdapterFactory>)>([
  ['memory', () => import('../adapters/memory.js').then((m) => m.createMemoryAdapter)],
  ['rest', () => import('../adapters/rest.js').then((m) => m.createRestAdapter)],
]);

/** Makes an adapter available by name for `data-adapter` / `Kith.configure({ adapter })`. */
export function registerAdapter(name: string, factory: AdapterFactory): void {
  factories.set(name, factory);
  adapters.clear();
}

const adapters = new Map<string, Promise<KithAdapter>>();
const instanceIds = new WeakMap<KithAdapter, number>();
let nextInstanceId = 1;

function adapterName(config: KithConfig): string {
  if (config.adapter && typeof config.adapter === 'string') return config.adapter;
  if (config.api) return 'rest';
  throw new ConfigError(
    'no community server is set. Add data-api="https://…/v1" to the Kith script tag, or data-adapter="memory" for a demo.',
  );
}

async function createAdapter(name: string, config: KithConfig): Promise<KithAdapter> {
  const entry = factories.get(name);
  if (!entry) {
    throw new ConfigError(
      `unknown adapter "${name}". Use "memory", or register yours with registerAdapter().`,
    );
  }
  // A registered factory takes options; a lazy entry is a loader returning the factory.
  const factory = entry.length === 0 ? await (entry as () => Promise<AdapterFactory>)() : entry;
  return (factory as AdapterFactory)({
    ...config.adapterOptions,
    api: config.api ?? null,
    site: config.site ?? null,
  });
}

/** The session for a resolved config. Rejects with a `ConfigError` when no backend is configured. */
export async function sessionFor(config: KithConfig): Promise<Session> {
  let adapter: KithAdapter;
  let adapterKey: string;
  if (config.adapter && typeof config.adapter === 'object') {
    adapter = config.adapter;
    let id = instanceIds.get(adapter);
    if (!id) instanceIds.set(adapter, (id = nextInstanceId++));
    adapterKey = `instance#${id}`;
  } else {
    const name = adapterName(config);
    adapterKey = `${name}|${config.api ?? ''}|${config.site ?? ''}`;
    let pending = adapters.get(adapterKey);
    if (!pending) {
      pending = createAdapter(name, config);
      adapters.set(adapterKey, pending);
      pending.catch(() => adapters.delete(adapterKey));
    }
    adapter = await pending;
  }
  const token = config.memberToken ?? null;
  const member = decodeClaims(token);
  return {
    key: `${adapterKey}|${member?.sub ?? ''}`,
    adapter,
    site: config.site ?? null,
    token: member ? token : null,
    member,
  };
}
