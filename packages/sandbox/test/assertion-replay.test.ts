// rejectReplayedAssertions: off by default (the API documentation does not say Zest checks it); when on, an
// assertion exchanged once is refused for as long as it is valid, keyed by jti or, without one, by its bytes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssertionReplayCache } from '../src/domain/oauth.js';
import type { Sandbox } from '../src/index.js';
import {
  assertion,
  claimsFor,
  ed25519Signer,
  exchange,
  makePartner,
  rawJwt,
  startTestSandbox,
  type TestPartner,
} from './helpers.js';

let partner: TestPartner;
let off: Sandbox;
let on: Sandbox;

beforeAll(async () => {
  partner = makePartner();
  off = await startTestSandbox([partner]);
  on = await startTestSandbox([partner], { rejectReplayedAssertions: true });
});
afterAll(async () => {
  for (const sandbox of [off, on]) {
    expect(sandbox.responseProblems).toEqual([]);
    await sandbox.stop();
  }
});

const withJti = (sandbox: Sandbox, jti: string) =>
  rawJwt({ alg: 'EdDSA', typ: 'JWT' }, claimsFor(sandbox, partner, { jti }), ed25519Signer(partner.privateKey));

async function outcome(sandbox: Sandbox, jwt: string): Promise<{ status: number; code?: string; detail?: string }> {
  const response = await exchange(sandbox, jwt);
  const body = (await response.json()) as { code?: string; detail?: string };
  return { status: response.status, code: body.code, detail: body.detail };
}

describe('assertion replay', () => {
  it('is accepted by default: the same assertion (with or without jti) exchanges more than once', async () => {
    const plain = await assertion(off, partner);
    const identified = withJti(off, randomUUID());
    for (const jwt of [plain, plain, identified, identified]) expect((await outcome(off, jwt)).status).toBe(201);
  });

  it('with rejectReplayedAssertions, refuses a second exchange of the same jti as the token endpoint refuses an invalid assertion', async () => {
    const jti = randomUUID();
    expect((await outcome(on, withJti(on, jti))).status).toBe(201);
    // Same jti in a freshly signed assertion (another exp): still a replay.
    const again = await outcome(
      on,
      rawJwt(
        { alg: 'EdDSA', typ: 'JWT' },
        claimsFor(on, partner, { jti, exp: Math.floor(Date.now() / 1000) + 90 }),
        ed25519Signer(partner.privateKey),
      ),
    );
    expect(again).toMatchObject({ status: 401, code: 'invalid_token' });
    expect(again.detail).toMatch(/replayed/);
    expect((await outcome(on, withJti(on, randomUUID()))).status).toBe(201);
  });

  it('with rejectReplayedAssertions, refuses the same bytes again when the assertion has no jti', async () => {
    const plain = await assertion(on, partner);
    expect((await outcome(on, plain)).status).toBe(201);
    expect(await outcome(on, plain)).toMatchObject({ status: 401, code: 'invalid_token' });
  });

  it('does not remember refused assertions (a bad one cannot burn a jti)', async () => {
    const jti = randomUUID();
    const wrongAudience = rawJwt(
      { alg: 'EdDSA', typ: 'JWT' },
      claimsFor(on, partner, { jti, aud: 'http://elsewhere.test' }),
      ed25519Signer(partner.privateKey),
    );
    expect((await outcome(on, wrongAudience)).status).toBe(401);
    expect((await outcome(on, withJti(on, jti))).status).toBe(201);
  });

  it('keeps memory bounded: an entry is forgotten once its assertion has expired', () => {
    const cache = new AssertionReplayCache();
    const t0 = 1_000_000;
    for (let i = 0; i < 1000; i++) expect(cache.claim(`k${i}`, t0 + 60_000, t0)).toBe(true);
    expect(cache.claim('k1', t0 + 60_000, t0 + 1)).toBe(false);
    expect(cache.size).toBe(1000);
    // After expiry, the next claim sweeps everything that expired, and an expired key may be used again.
    expect(cache.claim('fresh', t0 + 200_000, t0 + 60_000)).toBe(true);
    expect(cache.size).toBe(1);
    expect(cache.claim('k1', t0 + 200_000, t0 + 60_001)).toBe(true);
  });
});
