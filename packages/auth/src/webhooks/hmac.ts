// HMAC-SHA256 over the Zest-Signature signed content `<t>.<raw body>`, keyed with the whole `whsec_…` secret as
// UTF-8 (docs/design-decisions.md#webhook-signature).
//
// Two implementations, same bytes out:
// - Web Crypto (`crypto.subtle`), which every supported runtime has. Each call hops to a worker thread, which on Node
//   costs roughly ten times a small HMAC, so it is the portable path, not the fast one.
// - node:crypto `createHmac`, synchronous and streaming (no copy of the body to prepend the timestamp). It is found at
//   run time through `process.getBuiltinModule` (Node >= 20.16, Bun, Deno), never through a static import, so bundlers
//   for browsers and workers do not see a Node module in the main entry. `./node` also registers it explicitly.

import { toHex, utf8 } from '../bytes.js';

export type HmacBackendName = 'node' | 'webcrypto';

/** The slice of node:crypto used here, typed structurally so the main entry needs no Node type definitions. */
export interface NodeCryptoHmac {
  createHmac(
    algorithm: 'sha256',
    key: string,
  ): { update(data: string | Uint8Array): { update(data: string | Uint8Array): { digest(encoding: 'hex'): string } } };
}

let preference: 'auto' | HmacBackendName = 'auto';
let registered: NodeCryptoHmac | undefined;
let probed: NodeCryptoHmac | null | undefined;

function probeNodeCrypto(): NodeCryptoHmac | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const getBuiltinModule = proc?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') return null;
  try {
    const mod = getBuiltinModule.call(proc, 'node:crypto') as Partial<NodeCryptoHmac> | undefined;
    return typeof mod?.createHmac === 'function' ? (mod as NodeCryptoHmac) : null;
  } catch {
    return null;
  }
}

function nodeCrypto(): NodeCryptoHmac | null {
  if (preference === 'webcrypto') return null;
  if (registered) return registered;
  if (probed === undefined) probed = probeNodeCrypto();
  return probed;
}

/** Called by `./node`, which imports node:crypto statically (works even where getBuiltinModule is missing). */
export function registerNodeCrypto(mod: NodeCryptoHmac): void {
  registered = mod;
}

/**
 * Chooses the implementation. Internal: tests and the benchmark use it to exercise the Web Crypto path on Node; it
 * is not exported from the package entry points.
 */
export function setHmacBackend(choice: 'auto' | HmacBackendName): void {
  if (choice === 'node' && !(registered ?? probeNodeCrypto())) {
    throw new Error('node:crypto is not available in this runtime');
  }
  preference = choice;
}

export function activeHmacBackend(): HmacBackendName {
  return nodeCrypto() ? 'node' : 'webcrypto';
}

// Imported HMAC keys, per secret. Small and bounded: a receiver has one secret, two during a rotation.
const KEY_CACHE_LIMIT = 16;
const keyCache = new Map<string, Promise<CryptoKey>>();

function importHmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (key) return key;
  key = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  // A failed import must not stick in the cache.
  key.catch(() => keyCache.delete(secret));
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(secret, key);
  return key;
}

/** The exact signed bytes for Web Crypto, which cannot stream: `<t>.` then the body, in one buffer. */
function signedContent(timestamp: string, payload: Uint8Array | string): Uint8Array<ArrayBuffer> {
  if (typeof payload === 'string') return utf8(`${timestamp}.${payload}`);
  // The timestamp is ASCII digits, so its UTF-8 length is its string length.
  const out = new Uint8Array(timestamp.length + 1 + payload.length);
  for (let i = 0; i < timestamp.length; i++) out[i] = timestamp.charCodeAt(i);
  out[timestamp.length] = 0x2e; // '.'
  out.set(payload, timestamp.length + 1);
  return out;
}

async function webCryptoMac(secret: string, content: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await importHmacKey(secret);
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, content)));
}

/**
 * Lowercase-hex HMAC-SHA256 of `<timestamp>.<payload>` for each secret, in order: the `v1` value a correct
 * signature carries. Hex rather than bytes because the header carries hex: comparing strings needs no decoding and
 * no allocation per candidate. Synchronous on the node:crypto path (no thread hop), a promise on Web Crypto.
 */
export function signedContentMacs(
  secrets: readonly string[],
  timestamp: string,
  payload: Uint8Array | string,
): string[] | Promise<string[]> {
  const node = nodeCrypto();
  if (node) {
    const prefix = `${timestamp}.`;
    if (secrets.length === 1)
      return [node.createHmac('sha256', secrets[0]!).update(prefix).update(payload).digest('hex')];
    return secrets.map((secret) => node.createHmac('sha256', secret).update(prefix).update(payload).digest('hex'));
  }
  const content = signedContent(timestamp, payload);
  return Promise.all(secrets.map((secret) => webCryptoMac(secret, content)));
}
