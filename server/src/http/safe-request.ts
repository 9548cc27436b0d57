/**
 * Outgoing requests to addresses that vendors choose (webhooks), safe against SSRF: only http(s), no
 * credentials in the URL, and never to a private, loopback, link-local, CGNAT, multicast, reserved or
 * unspecified address (nor such an IPv4 address inside IPv6) — checked when the URL is saved
 * ({@link assertPublicUrl}) and again when connecting ({@link safePost}, through the socket's own DNS
 * lookup, so a name that resolved to a public address then cannot rebind to 127.0.0.1 later). The
 * development server (`KITH_DEV=1`) allows any address. Redirects are never followed; response bodies
 * are read up to a small cap and dropped.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';

export const MAX_URL_LENGTH = 2000;
/** Bytes of a response read (and discarded) before the connection is closed. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** A refused or failed outgoing request; `message` is fit for the delivery log and for staff. */
export class UnsafeUrlError extends Error {}

const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata at 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const BLOCKED_V6: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const blocked = new net.BlockList();
for (const [address, prefix] of BLOCKED_V4) blocked.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of BLOCKED_V6) blocked.addSubnet(address, prefix, 'ipv6');

/** The 8 groups of an IPv6 address (with a dotted IPv4 tail expanded), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    const tail = `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
    text = text.slice(0, -dotted[1]!.length) + tail;
  }
  const [head, tail, ...rest] = text.split('::');
  if (rest.length) return null;
  const split = (s: string | undefined) => (s ? s.split(':') : []);
  const left = split(head);
  const right = split(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  if (fill < 0) return null;
  const groups = [...left, ...Array<string>(fill).fill('0'), ...right].map((g) =>
    /^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN,
  );
  return groups.length === 8 && groups.every((g) => !Number.isNaN(g)) ? groups : null;
}

const v4From = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 address carries and routes to: IPv4-mapped (`::ffff:a.b.c.d`), NAT64
 * (`64:ff9b::/96`) and 6to4 (`2002:AABB:CCDD::`).
 */
function embeddedIpv4(groups: number[]): string | null {
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4From(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6))
    return v4From(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4From(groups[1]!, groups[2]!);
  return null;
}

/** True for an address a webhook may not reach (see the module comment); also for non-addresses. */
export function isForbiddenAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const groups = ipv6Groups(address);
  if (!groups) return true;
  const v4 = embeddedIpv4(groups);
  if (v4 !== null) return isForbiddenAddress(v4);
  return blocked.check(address.split('%')[0]!, 'ipv6');
}

/** Parses and checks a URL's form: http(s), no credentials, at most 2000 characters. */
export function parseWebhookUrl(value: string): URL {
  if (value.length > MAX_URL_LENGTH) {
    throw new UnsafeUrlError(`A webhook URL has at most ${MAX_URL_LENGTH} characters.`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UnsafeUrlError(
      `"${value.slice(0, 100)}" is not a URL like https://example.com/hooks.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeUrlError('A webhook URL starts with https:// (or http://).');
  }
  if (url.username || url.password) {
    throw new UnsafeUrlError(
      'A webhook URL may not carry a user name or password: verify the signature instead.',
    );
  }
  return url;
}

/** The host without IPv6 brackets. */
const bareHost = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

const refusal = (host: string, address: string): UnsafeUrlError =>
  new UnsafeUrlError(
    `${host === address ? address : `${host} (${address})`} is a private, loopback or reserved ` +
      'address: webhooks go to public addresses only.',
  );

/**
 * Checks a URL before it is saved: its form, and every address its host resolves to now (the
 * connection checks again). `allowPrivate` (development) skips the address checks.
 */
export async function assertPublicUrl(value: string, allowPrivate: boolean): Promise<URL> {
  const url = parseWebhookUrl(value);
  if (allowPrivate) return url;
  const host = bareHost(url);
  if (net.isIP(host)) {
    if (isForbiddenAddress(host)) throw refusal(host, host);
    return url;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    throw new UnsafeUrlError(`The host ${host} could not be resolved.`);
  }
  const bad = addresses.find((a) => isForbiddenAddress(a.address));
  if (bad) throw refusal(host, bad.address);
  if (!addresses.length) throw new UnsafeUrlError(`The host ${host} could not be resolved.`);
  return url;
}

/** A DNS lookup for sockets that fails when any address of the name is forbidden. */
const safeLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 4);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isForbiddenAddress(a.address));
    if (bad || !list.length) {
      const refused = bad
        ? refusal(hostname, bad.address)
        : new UnsafeUrlError(`${hostname} has no address.`);
      return callback(refused as NodeJS.ErrnoException, '', 4);
    }
    if (options.all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export interface SafePostResult {
  status: number;
}

/**
 * POSTs `body` to `url` and resolves with the response's status once its body was read (up to a cap)
 * or dropped; rejects with a short reason (timeout, refused address, connection error). The timeout
 * covers the whole exchange. Redirects count as responses (they are not followed).
 */
export function safePost(
  value: string,
  options: {
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
    allowPrivate: boolean;
  },
): Promise<SafePostResult> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = parseWebhookUrl(value);
    } catch (error) {
      reject(error as Error);
      return;
    }
    const host = bareHost(url);
    // Sockets skip the lookup for literal addresses: those are checked here.
    if (!options.allowPrivate && net.isIP(host) && isForbiddenAddress(host)) {
      reject(refusal(host, host));
      return;
    }
    const send = url.protocol === 'https:' ? https.request : http.request;
    let settled = false;
    const finish = (error: Error | null, status?: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ status: status! });
    };
    const request = send(url, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
      agent: false,
      ...(!options.allowPrivate && { lookup: safeLookup }),
    });
    const timer = setTimeout(() => {
      finish(new UnsafeUrlError(`No response within ${options.timeoutMs} ms (timeout).`));
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish(
        error instanceof UnsafeUrlError
          ? error
          : new UnsafeUrlError(error.code ? `${error.code}: ${error.message}` : error.message),
      );
    });
    request.on('response', (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) {
          finish(null, response.statusCode ?? 0);
          request.destroy();
        }
      });
      response.on('end', () => finish(null, response.statusCode ?? 0));
      response.on('error', () => finish(null, response.statusCode ?? 0));
    });
    request.end(options.body);
  });
}
