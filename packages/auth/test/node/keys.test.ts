import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAssertion,
  loadPrivateKey,
  loadPublicKey,
  UnsupportedKeyError,
  verifyAssertion,
} from '../../src/node.js';
import { ed25519 } from '../helpers/keys.js';

// Keys generated now, written to a temporary directory, removed afterwards.
let dir: string;
const pair = ed25519();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zest-auth-keys-'));
  await writeFile(join(dir, 'ed25519-private.pem'), pair.privatePem);
  await writeFile(join(dir, 'ed25519-public.pem'), pair.publicPem);
  await writeFile(
    join(dir, 'rsa-private.pem'),
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
  );
  await writeFile(join(dir, 'garbage.pem'), 'not a key');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadPrivateKey / loadPublicKey', () => {
  it('load Ed25519 PEM files into KeyObjects that sign and verify assertions', async () => {
    const privateKey = await loadPrivateKey(join(dir, 'ed25519-private.pem'));
    const publicKey = await loadPublicKey(join(dir, 'ed25519-public.pem'));
    const assertion = await createAssertion({
      clientId: 'c',
      issuer: 'https://p.example',
      audience: 'http://localhost:8080',
      privateKey,
    });
    await expect(verifyAssertion({ assertion, audience: 'http://localhost:8080', publicKey })).resolves.toMatchObject({
      clientId: 'c',
    });
  });

  it('refuse other algorithms, unreadable files and the wrong kind with typed errors', async () => {
    await expect(loadPrivateKey(join(dir, 'rsa-private.pem'))).rejects.toMatchObject({
      reason: 'unsupported_algorithm',
    });
    await expect(loadPrivateKey(join(dir, 'garbage.pem'))).rejects.toBeInstanceOf(UnsupportedKeyError);
    await expect(loadPrivateKey(join(dir, 'ed25519-public.pem'))).rejects.toBeInstanceOf(UnsupportedKeyError);
    await expect(loadPrivateKey(join(dir, 'missing.pem'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuse a key file of the other kind as wrong_key_kind, never deriving a public key from a private file', async () => {
    await expect(loadPrivateKey(join(dir, 'ed25519-public.pem'))).rejects.toMatchObject({
      reason: 'wrong_key_kind',
      message: expect.stringContaining('holds a public key'),
    });
    await expect(loadPublicKey(join(dir, 'ed25519-private.pem'))).rejects.toMatchObject({
      reason: 'wrong_key_kind',
      message: expect.stringContaining('holds a private key'),
    });
  });
});
