import { describe, expect, it } from 'vitest';
import { type Sandbox, storedPeople } from '../src/index.js';
import { authedClient, type Client, client, createInvestor, type TestPartner, useSandbox } from './helpers.js';

// The sandbox clock moves forward on request, but never past 9999-01-01T00:00:00Z: beyond the year 9999 the
// timestamps it stamps would not be RFC 3339 any more, and beyond year 275760 JavaScript cannot hold the instant.

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;
useSandbox((started) => ({ sandbox, partner, api } = started));

const admin = () => client(sandbox);
const clock = async () => (await admin().call('GET', '/sandbox/clock')).body as { now: string; offsetSeconds: number };

describe('the sandbox clock', () => {
  it('refuses a step past its end with a 400 that says what remains, and stays usable', async () => {
    for (const advanceSeconds of [1e15, 1e308, Number.MAX_VALUE, 8e12]) {
      const answer = await admin().call('POST', '/sandbox/clock', { json: { advanceSeconds } });
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toMatch(
        /^advanceSeconds must be a number from 0 to \d+ \(the sandbox clock stops at 9999-01-01T00:00:00\.000Z\)\.$/,
      );
    }
    expect((await clock()).offsetSeconds).toBe(0);
    expect(() => sandbox.admin.advanceClock(1e15)).toThrow(RangeError);
    expect(() => sandbox.admin.advanceClock(Number.NaN)).toThrow(RangeError);
    expect((await clock()).offsetSeconds).toBe(0);
    expect((await api.call('GET', '/v1/spv-requests')).status).toBe(200);
  });

  it('goes right up to its end, where records are still stamped with valid timestamps', async () => {
    const remaining = Math.floor((Date.UTC(9999, 0, 1) - Date.parse((await clock()).now)) / 1000) - 60;
    expect((await admin().call('POST', '/sandbox/clock', { json: { advanceSeconds: remaining } })).status).toBe(200);
    const now = (await clock()).now;
    expect(now).toMatch(/^9998-12-31T23:5\d:\d\d\.\d{3}Z$/);
    expect((await admin().call('POST', '/sandbox/clock', { json: { advanceSeconds: 3600 } })).status).toBe(400);
    expect((await clock()).now.startsWith('9998-12-31T23:5')).toBe(true);
    // The partner's token expired some eight thousand years ago; a fresh one works, and what it creates is stamped
    // in the last minute before the end (the response check of every answer is on in these tests).
    const fresh = await authedClient(sandbox, partner);
    await createInvestor(fresh);
    const [person] = [...storedPeople(sandbox.store)].slice(-1);
    expect(person!.createdAt).toMatch(/^9998-12-31T23:5\d:\d\d\.\d{3}Z$/);
  });
});
