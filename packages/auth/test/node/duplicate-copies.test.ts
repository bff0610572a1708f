// Two copies of this package in one program (the SDK depends on one version, the app installs another and npm nests
// a second copy): `instanceof` must still hold across them. The second copy is the built package copied to a temp
// directory, so its modules are evaluated again and its classes are distinct objects from the ones in src.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import * as here from '../../src/index.js';

type Auth = typeof here;
const root = fileURLToPath(new URL('../..', import.meta.url));
let dir = '';
let other: Auth;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'partner-auth-copy-'));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  // The copy resolves jose and its other dependencies where an installed copy would: a node_modules beside it.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  other = (await import(pathToFileURL(join(dir, 'dist/index.js')).href)) as Auth;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One instance of each error class of `auth`. */
function samples(auth: Auth) {
  return {
    ZestError: new auth.ZestError('some_code', 'base'),
    UnsupportedKeyError: new auth.UnsupportedKeyError('invalid_key', 'bad key'),
    AssertionVerificationError: new auth.AssertionVerificationError('expired', 'late', { claim: 'exp' }),
    TokenExchangeError: new auth.TokenExchangeError({ code: 'timeout', message: 'slow' }),
    WebhookVerificationError: new auth.WebhookVerificationError('signature_mismatch', 'forged'),
  };
}
const SUBCLASSES = [
  'UnsupportedKeyError',
  'AssertionVerificationError',
  'TokenExchangeError',
  'WebhookVerificationError',
] as const;

describe('errors from another copy of the package', () => {
  it('really is another copy', () => {
    expect(other.ZestError).not.toBe(here.ZestError);
    expect(Object.getPrototypeOf(new other.ZestError('c', 'm'))).not.toBe(here.ZestError.prototype);
  });

  it('are instanceof ZestError of this copy, and the other way round', () => {
    for (const [name, error] of Object.entries(samples(other)))
      expect(error instanceof here.ZestError, name).toBe(true);
    for (const [name, error] of Object.entries(samples(here)))
      expect(error instanceof other.ZestError, name).toBe(true);
  });

  it('are instanceof the same subclass of this copy, and of no other subclass', () => {
    for (const [from, to] of [
      [other, here],
      [here, other],
    ] as const) {
      const made = samples(from);
      for (const name of SUBCLASSES) {
        for (const cls of SUBCLASSES)
          expect(made[name] instanceof to[cls], `${name} instanceof ${cls}`).toBe(name === cls);
      }
      // A base instance is no subclass's instance.
      for (const cls of SUBCLASSES) expect(made.ZestError instanceof to[cls], cls).toBe(false);
    }
  });

  it('leave ordinary instanceof alone: Error, unrelated values, subclasses defined by users', () => {
    const error = new other.UnsupportedKeyError('invalid_key', 'bad key');
    expect(error instanceof Error).toBe(true);
    class PartnerError extends here.ZestError {}
    class PartnerKeyError extends here.UnsupportedKeyError {}
    // A user subclass has no brand of its own: only its own instances (by prototype) are its instances.
    expect(error instanceof PartnerError).toBe(false);
    expect(error instanceof PartnerKeyError).toBe(false);
    expect(new here.UnsupportedKeyError('invalid_key', 'k') instanceof PartnerKeyError).toBe(false);
    const mine = new PartnerKeyError('invalid_key', 'mine');
    expect(mine instanceof PartnerKeyError).toBe(true);
    expect(mine instanceof other.UnsupportedKeyError).toBe(true);
    expect(mine instanceof other.ZestError).toBe(true);
    expect(new PartnerError('x', 'y') instanceof other.ZestError).toBe(true);
    expect(new PartnerError('x', 'y') instanceof other.UnsupportedKeyError).toBe(false);
    // Look-alikes without the brand are not matched.
    for (const value of [
      new Error('plain'),
      Object.assign(new Error('coded'), { code: 'invalid_key', name: 'UnsupportedKeyError' }),
      { code: 'invalid_key', reason: 'invalid_key' },
      Object.create(null),
      null,
      undefined,
      'UnsupportedKeyError',
      42,
    ]) {
      expect(value instanceof here.ZestError).toBe(false);
      expect(value instanceof here.UnsupportedKeyError).toBe(false);
    }
  });

  it('keeps the brand out of keys, JSON and the error fields', () => {
    const error = new other.WebhookVerificationError('signature_mismatch', 'forged');
    expect(Object.keys(error)).toEqual(['name', 'code', 'reason']);
    expect(JSON.stringify(error)).toBe(
      '{"name":"WebhookVerificationError","code":"signature_mismatch","reason":"signature_mismatch"}',
    );
  });

  it('narrows with instanceof in TypeScript', () => {
    const error: unknown = new other.AssertionVerificationError('invalid_claim', 'bad', { claim: 'iat' });
    if (!(error instanceof here.AssertionVerificationError)) throw new Error('not matched');
    expectTypeOf(error).toEqualTypeOf<here.AssertionVerificationError>();
    expect(error.claim).toBe('iat');
    const base: unknown = error;
    if (base instanceof here.ZestError) expectTypeOf(base).toEqualTypeOf<here.ZestError>();
  });
});
