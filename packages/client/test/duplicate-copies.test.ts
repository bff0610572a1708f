// Two copies of the auth package in one app (the SDK depends on one version, the app installs another and npm nests
// a second copy), or two copies of the SDK: the SDK's errors must still be `instanceof` the other copy's ZestError
// (what the auth README promises: it catches everything either package throws) and the other copy's own classes.
// The other copies are the built packages copied to a temp directory, so their modules are evaluated again.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as AuthModule from '@zestequity/partner-auth';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import * as sdk from '../src/index.js';
import { answer, useLoopbacks } from './helpers.js';

type Sdk = typeof sdk;
/** This copy, as a value the tests index by class name. */
const here: Sdk = sdk;
const loopback = useLoopbacks();
const dirs: string[] = [];
let otherAuth: typeof AuthModule;
let otherSdk: Sdk;

/** `package` (its dist and package.json) copied to a temp dir that resolves dependencies from `modules`. */
async function copyOf<T>(packageRoot: string, modules: string): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'zest-copy-'));
  dirs.push(dir);
  cpSync(join(packageRoot, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(packageRoot, 'package.json'), join(dir, 'package.json'));
  symlinkSync(modules, join(dir, 'node_modules'), 'dir');
  return (await import(pathToFileURL(join(dir, 'dist/index.js')).href)) as T;
}

beforeAll(async () => {
  const clientRoot = fileURLToPath(new URL('..', import.meta.url));
  const authRoot = fileURLToPath(new URL('../node_modules/@zestequity/partner-auth', import.meta.url));
  otherAuth = await copyOf(authRoot, join(authRoot, 'node_modules'));
  otherSdk = await copyOf(clientRoot, join(clientRoot, 'node_modules'));
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One instance of each SDK error class of `from`. */
function samples(from: Sdk) {
  return {
    ZestApiError: new from.ZestApiError({ status: 404, code: 'not_found', detail: 'gone' }),
    ZestNetworkError: new from.ZestNetworkError('down', { attempts: 1 }),
    ZestTimeoutError: new from.ZestTimeoutError(5, 1),
    ZestUploadError: new from.ZestUploadError('empty', 'File is empty.'),
  };
}
const CLASSES = ['ZestApiError', 'ZestNetworkError', 'ZestTimeoutError', 'ZestUploadError'] as const;

describe('SDK errors and another copy of the auth package', () => {
  it('really is another copy', () => {
    expect(otherAuth.ZestError).not.toBe(sdk.ZestError);
    expect(otherSdk.ZestApiError).not.toBe(sdk.ZestApiError);
  });

  it('an error thrown through the public API is instanceof the other copy of ZestError', async () => {
    const server = await loopback((res) => answer(res, 404, { code: 'not_found', detail: 'No such SPV request' }));
    const zest = sdk.createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, throwOnError: true });
    const error: unknown = await zest.spvRequests.get('veh_missing').catch((e: unknown) => e);
    expect(error instanceof otherAuth.ZestError).toBe(true);
    expect(error instanceof otherSdk.ZestApiError).toBe(true);
    expect(error instanceof otherAuth.UnsupportedKeyError).toBe(false);
    expect(error instanceof otherSdk.ZestNetworkError).toBe(false);
    if (!(error instanceof otherSdk.ZestApiError)) throw new Error('not matched');
    expectTypeOf(error).toEqualTypeOf<sdk.ZestApiError>();
    expect(error.status).toBe(404);
  });

  it('every SDK error class is instanceof the other copy of ZestError, both ways', () => {
    for (const [name, error] of Object.entries(samples(sdk)))
      expect(error instanceof otherAuth.ZestError, name).toBe(true);
    for (const [name, error] of Object.entries(samples(otherSdk)))
      expect(error instanceof sdk.ZestError, name).toBe(true);
    const keyError = new otherAuth.UnsupportedKeyError('invalid_key', 'bad key');
    expect(keyError instanceof sdk.ZestError).toBe(true);
    for (const cls of CLASSES) expect(keyError instanceof here[cls], cls).toBe(false);
  });

  it('an SDK error from another SDK copy is instanceof its own class and the classes it extends, no other', () => {
    const made = samples(otherSdk);
    const expected: Record<(typeof CLASSES)[number], ReadonlyArray<(typeof CLASSES)[number]>> = {
      ZestApiError: ['ZestApiError'],
      ZestNetworkError: ['ZestNetworkError'],
      ZestTimeoutError: ['ZestTimeoutError', 'ZestNetworkError'],
      ZestUploadError: ['ZestUploadError'],
    };
    for (const name of CLASSES) {
      for (const cls of CLASSES) {
        expect(made[name] instanceof here[cls], `${name} instanceof ${cls}`).toBe(expected[name].includes(cls));
      }
    }
  });

  it('leaves ordinary instanceof alone for user subclasses and look-alikes', () => {
    class PartnerApiError extends sdk.ZestApiError {}
    const theirs = new otherSdk.ZestApiError({ status: 500, code: 'internal_error', detail: 'x' });
    expect(theirs instanceof PartnerApiError).toBe(false);
    const mine = new PartnerApiError({ status: 500, code: 'internal_error', detail: 'x' });
    expect(mine instanceof otherSdk.ZestApiError).toBe(true);
    expect(mine instanceof otherAuth.ZestError).toBe(true);
    const lookalike = Object.assign(new Error('x'), { name: 'ZestApiError', code: 'not_found', status: 404 });
    expect(lookalike instanceof sdk.ZestApiError).toBe(false);
    expect(lookalike instanceof otherAuth.ZestError).toBe(false);
  });
});
