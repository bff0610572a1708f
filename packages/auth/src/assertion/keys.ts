// Turns the key forms people hold (PEM text, JWK, Web Crypto CryptoKey, Node KeyObject) into an Ed25519 CryptoKey,
// and refuses everything else with a reason. Zest accepts EdDSA assertions only, so an RSA or EC key is a
// configuration mistake worth a precise message, not an exotic input to support.

import { type CryptoKey, importJWK, type JWK } from 'jose';
import { UnsupportedKeyError } from '../errors.js';
import { pkcs8Algorithm, spkiAlgorithm } from './der.js';

/**
 * A Node.js `KeyObject`, described structurally so this entry point needs neither node:crypto nor Node's type
 * definitions. It is converted through its JWK export, which every Node >= 16 supports.
 */
export interface KeyObjectLike {
  readonly type: string;
  readonly asymmetricKeyType?: string | undefined;
  export(options: { format: 'jwk' }): unknown;
}

/** An Ed25519 private key: PKCS#8 PEM text, a private JWK, a Web Crypto CryptoKey, or a Node KeyObject. */
export type PrivateKeyInput = string | JWK | CryptoKey | KeyObjectLike;

/** An Ed25519 public key: SPKI PEM text, a public JWK, a Web Crypto CryptoKey, or a Node KeyObject. */
export type PublicKeyInput = string | JWK | CryptoKey | KeyObjectLike;

type Kind = 'private' | 'public';

const ZEST_ONLY = 'Zest accepts EdDSA (Ed25519) keys only';

function refuseAlgorithm(algorithm: string): never {
  throw new UnsupportedKeyError('unsupported_algorithm', `Unsupported key algorithm: ${algorithm}. ${ZEST_ONLY}.`);
}

function isCryptoKey(value: object): value is CryptoKey {
  // Duck-typed: `instanceof CryptoKey` fails across realms and on runtimes that expose no global constructor.
  const v = value as Partial<CryptoKey>;
  return (
    typeof v.algorithm === 'object' &&
    v.algorithm !== null &&
    typeof v.type === 'string' &&
    Array.isArray(v.usages) &&
    typeof v.extractable === 'boolean'
  );
}

function isKeyObject(value: object): value is KeyObjectLike {
  const v = value as Partial<KeyObjectLike>;
  return typeof v.export === 'function' && typeof v.type === 'string' && !isCryptoKey(value);
}

function isBytes(value: object): boolean {
  return value instanceof Uint8Array || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function derLike(value: object): boolean {
  const view = value as ArrayBufferView;
  return new Uint8Array(view.buffer ?? value, view.byteOffset, view.byteLength)[0] === 0x30;
}

function pemBody(pem: string, label: string): Uint8Array<ArrayBuffer> {
  // Found with indexOf, not a lazy regex: on many BEGIN lines without an END the regex took quadratic time (a
  // megabyte of them blocked the process for half a minute).
  const begin = `-----BEGIN ${label}-----`;
  const start = pem.indexOf(begin);
  const stop = start === -1 ? -1 : pem.indexOf(`-----END ${label}-----`, start + begin.length);
  const base64 = stop === -1 ? undefined : pem.slice(start + begin.length, stop).replace(/\s+/g, '');
  if (!base64) throw new UnsupportedKeyError('invalid_key', `The PEM has no ${label} block.`);
  try {
    const binary = atob(base64);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch (cause) {
    throw new UnsupportedKeyError('invalid_key', `The ${label} PEM block is not valid base64.`, { cause });
  }
}

async function importPem(pem: string, kind: Kind): Promise<CryptoKey> {
  // Private (PKCS#8) and public (SPKI) PEMs go through the same checks; only the block expected and its reader differ.
  const isPrivate = kind === 'private';
  const [expected, other] = isPrivate ? ['PRIVATE KEY', 'PUBLIC KEY'] : ['PUBLIC KEY', 'PRIVATE KEY'];
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  if (!label) {
    const hint = /\.(pem|key)$/i.test(pem.trim())
      ? ' It looks like a file path: pass the file contents, or use loadPrivateKey() from "@zestequity/partner-auth/node".'
      : '';
    throw new UnsupportedKeyError(
      'unsupported_key_type',
      `Expected PEM text starting with "-----BEGIN ${expected}-----".${hint}`,
    );
  }
  switch (label) {
    case 'RSA PRIVATE KEY':
    case 'RSA PUBLIC KEY':
      return refuseAlgorithm('RSA');
    case 'EC PRIVATE KEY':
      return refuseAlgorithm('EC (ECDSA)');
    case 'OPENSSH PRIVATE KEY':
      throw new UnsupportedKeyError(
        'unsupported_key_type',
        'OpenSSH key files are not PKCS#8. Convert with `ssh-keygen -p -m PKCS8 -f <file>` (Ed25519 keys only).',
      );
    case 'ENCRYPTED PRIVATE KEY':
      throw new UnsupportedKeyError(
        'invalid_key',
        'The private key PEM is encrypted. Decrypt it first (`openssl pkcs8 -in <file> -out <plain.pem>`).',
      );
    case 'CERTIFICATE':
      throw new UnsupportedKeyError('unsupported_key_type', 'Pass the public key (SPKI PEM), not a certificate.');
  }
  if (label === other) {
    throw new UnsupportedKeyError(
      'wrong_key_kind',
      isPrivate
        ? 'This is a public key; signing an assertion needs the Ed25519 private key (PKCS#8 PEM).'
        : 'This is a private key; verification needs the public key (SPKI PEM, "-----BEGIN PUBLIC KEY-----").',
    );
  }
  if (label !== expected) {
    throw new UnsupportedKeyError('unsupported_key_type', `Unsupported PEM block "${label}"; expected ${expected}.`);
  }
  const der = pemBody(pem, label);
  const algorithm = (isPrivate ? pkcs8Algorithm : spkiAlgorithm)(der);
  if (algorithm === undefined)
    throw new UnsupportedKeyError('invalid_key', `The ${isPrivate ? 'PKCS#8' : 'SPKI'} PEM is not valid DER.`);
  if (algorithm !== 'Ed25519') refuseAlgorithm(algorithm);
  // The DER already read is imported, not the PEM text: jose's PEM reader requires the block at the very first
  // character, so a key with a leading newline (an environment variable) or an OpenSSL preamble was refused.
  return wrapImport(() =>
    crypto.subtle.importKey(isPrivate ? 'pkcs8' : 'spki', der, 'Ed25519', !isPrivate, [isPrivate ? 'sign' : 'verify']),
  );
}

function checkJwk(jwk: JWK, kind: Kind): void {
  if (typeof jwk.kty !== 'string') {
    throw new UnsupportedKeyError(
      'unsupported_key_type',
      'Expected a JWK (an object with "kty"), a PEM string, a CryptoKey or a KeyObject.',
    );
  }
  if (jwk.kty === 'oct') refuseAlgorithm('symmetric secret (HMAC)');
  if (jwk.kty === 'RSA') refuseAlgorithm('RSA');
  if (jwk.kty === 'EC') refuseAlgorithm(`EC (${jwk.crv ?? 'ECDSA'})`);
  if (jwk.kty !== 'OKP') refuseAlgorithm(`JWK kty "${jwk.kty}"`);
  if (jwk.crv !== 'Ed25519') refuseAlgorithm(`OKP curve ${jwk.crv ?? '(none)'}`);
  if (jwk.alg !== undefined && jwk.alg !== 'EdDSA' && jwk.alg !== 'Ed25519') {
    throw new UnsupportedKeyError('unsupported_algorithm', `The JWK is marked alg "${jwk.alg}"; ${ZEST_ONLY}.`);
  }
  const hasPrivatePart = typeof jwk.d === 'string';
  if (kind === 'private' && !hasPrivatePart) {
    throw new UnsupportedKeyError(
      'wrong_key_kind',
      'This JWK is a public key (no "d"); signing needs the private key.',
    );
  }
  if (kind === 'public' && hasPrivatePart) {
    throw new UnsupportedKeyError(
      'wrong_key_kind',
      'This JWK holds a private key; pass only the public part (kty, crv, x).',
    );
  }
}

async function wrapImport(load: () => Promise<unknown>): Promise<CryptoKey> {
  try {
    return (await load()) as CryptoKey;
  } catch (cause) {
    throw new UnsupportedKeyError('invalid_key', `The Ed25519 key could not be imported: ${(cause as Error).message}`, {
      cause,
    });
  }
}

function checkCryptoKey(key: CryptoKey, kind: Kind): void {
  const name = (key.algorithm as { name?: string }).name;
  if (name !== 'Ed25519') refuseAlgorithm(name === 'HMAC' ? 'symmetric secret (HMAC)' : String(name));
  if (key.type !== kind) {
    throw new UnsupportedKeyError('wrong_key_kind', `This CryptoKey is a ${key.type} key; a ${kind} key is needed.`);
  }
  const usage = kind === 'private' ? 'sign' : 'verify';
  if (!key.usages.includes(usage)) {
    throw new UnsupportedKeyError(
      'invalid_key',
      `This CryptoKey does not allow "${usage}"; import it with that usage.`,
    );
  }
}

function checkKeyObject(key: KeyObjectLike, kind: Kind): void {
  if (key.type === 'secret') refuseAlgorithm('symmetric secret (HMAC)');
  if (key.asymmetricKeyType !== 'ed25519') refuseAlgorithm(String(key.asymmetricKeyType));
  if (key.type !== kind) {
    throw new UnsupportedKeyError('wrong_key_kind', `This KeyObject is a ${key.type} key; a ${kind} key is needed.`);
  }
}

/**
 * Checks the form of a key without importing it, so constructors that cannot await (createTokenProvider) still fail
 * fast on an obviously wrong key. PEM content is checked later, at import.
 */
export function checkKeyShape(input: unknown, kind: Kind): void {
  if (typeof input === 'string') return;
  if (typeof input !== 'object' || input === null) {
    throw new UnsupportedKeyError(
      'unsupported_key_type',
      `Expected an Ed25519 ${kind} key (PEM string, JWK, CryptoKey or KeyObject), got ${input === null ? 'null' : typeof input}.`,
    );
  }
  if (isBytes(input)) {
    // 0x30 opens an ASN.1 SEQUENCE: most likely a DER key (PKCS#8 or SPKI), not an HMAC secret.
    if (derLike(input)) {
      throw new UnsupportedKeyError(
        'unsupported_algorithm',
        'These bytes look like a DER-encoded key: DER bytes are not accepted; pass the PEM text or a KeyObject.',
      );
    }
    refuseAlgorithm('raw bytes, i.e. an HMAC (HS256) secret');
  }
  if (isCryptoKey(input)) checkCryptoKey(input, kind);
  else if (isKeyObject(input)) checkKeyObject(input, kind);
  else checkJwk(input as JWK, kind);
}

async function importKey(input: unknown, kind: Kind): Promise<CryptoKey> {
  checkKeyShape(input, kind);
  if (typeof input === 'string') return importPem(input, kind);
  if (isCryptoKey(input as object)) return input as CryptoKey;
  const jwk = isKeyObject(input as object)
    ? ((input as KeyObjectLike).export({ format: 'jwk' }) as JWK)
    : (input as JWK);
  const material: JWK =
    kind === 'private' ? { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d } : { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  return wrapImport(() => importJWK(material, 'EdDSA', { extractable: kind === 'public' }));
}

/** Imports an Ed25519 private key for signing, or throws {@link UnsupportedKeyError} saying why not. */
export function importEd25519PrivateKey(input: PrivateKeyInput): Promise<CryptoKey> {
  return importKey(input, 'private');
}

// Verifiers look the same client key up on every request; importing SPKI each time is wasted work.
const PUBLIC_KEY_CACHE_LIMIT = 64;
const publicPemCache = new Map<string, Promise<CryptoKey>>();
const publicObjectCache = new WeakMap<object, Promise<CryptoKey>>();

/** Imports an Ed25519 public key for verification (cached per PEM string or key object). */
export function importEd25519PublicKey(input: PublicKeyInput): Promise<CryptoKey> {
  if (typeof input === 'string') {
    let key = publicPemCache.get(input);
    if (!key) {
      key = importKey(input, 'public');
      key.catch(() => publicPemCache.delete(input));
      if (publicPemCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicPemCache.delete(publicPemCache.keys().next().value!);
      publicPemCache.set(input, key);
    }
    return key;
  }
  if (typeof input === 'object' && input !== null) {
    let key = publicObjectCache.get(input);
    if (!key) {
      key = importKey(input, 'public');
      key.catch(() => publicObjectCache.delete(input));
      publicObjectCache.set(input, key);
    }
    return key;
  }
  return importKey(input, 'public');
}
