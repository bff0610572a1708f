import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import {
  authedClient,
  type Client,
  makePartner,
  type Receiver,
  startPartnerReceiver,
  startTestSandbox,
  type TestPartner,
} from './helpers.js';

// A receiver that never answers delays only its own partner's events: attempts in flight are capped per partner
// (16) and in all (64), and due rows are taken from the partners in turn. Time scale 1 throughout: the first retry
// is 30 s away, so every row gets exactly its first attempt within a test.

const PER_PARTNER = 16;
const OVERALL = 64;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** `count` investor.created events for the partner `api` is authenticated as, from one bulk create. */
async function events(api: Client, count: number): Promise<void> {
  const investors = Array.from({ length: count }, () => {
    const partnerInvestorId = `inv-${randomUUID()}`;
    return {
      partnerInvestorId,
      email: `${partnerInvestorId}@example.com`,
      firstName: 'Ada',
      lastName: 'Lovelace',
      dateOfBirth: '1990-01-01',
    };
  });
  const answer = await api.call('POST', '/v1/investors', { json: { investors } });
  expect(answer.status, answer.text).toBe(200);
}

/** Attempts recorded so far (each one's outcome is written when it ends) for one partner's rows, or for all. */
function recorded(sandbox: Sandbox, clientId?: string): number {
  return sandbox.admin
    .deliveries()
    .filter((row) => clientId === undefined || row.clientId === clientId)
    .reduce((sum, row) => sum + row.attempts.length, 0);
}

async function started(partners: TestPartner[], webhookTimeoutMs: number): Promise<Sandbox> {
  const sandbox = await startTestSandbox(partners, { timeScale: 1, webhookTimeoutMs });
  cleanups.push(() => sandbox.stop());
  return sandbox;
}

async function receiverFor(): Promise<{ partner: TestPartner; receiver: Receiver }> {
  const made = await startPartnerReceiver();
  cleanups.push(() => made.receiver.close());
  return made;
}

/**
 * One loopback server that never answers, each partner's webhooks on their own path (`/p<n>`). `onRequest` runs as
 * each request arrives, in the sandbox's own process: what the sandbox has recorded by then is read synchronously.
 */
async function hungServer(onRequest: (path: string) => void): Promise<string> {
  const open = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    onRequest(req.url ?? '');
    req.resume();
    open.add(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const res of open) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function untilEveryRowTried(sandbox: Sandbox, rows: number): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    const all = sandbox.admin.deliveries();
    if (all.length === rows && all.every((row) => row.attempts.length > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`not every row was attempted: ${recorded(sandbox)} attempts for ${rows} rows`);
}

describe('a partner whose receiver never answers', () => {
  it("delays only its own events: another partner's event goes out while all its attempts still hang", async () => {
    const hung = await receiverFor();
    const healthy = await receiverFor();
    hung.receiver.respond = () => 'hang';
    // Long enough that, were B's event queued behind A's hung attempts, it would go out only after they time out.
    const sandbox = await started([hung.partner, healthy.partner], 5_000);
    const aId = hung.partner.config.clientId;
    let seenByA = -1;
    let recordedForA = -1;
    healthy.receiver.respond = () => {
      // Where A stood the moment B's event arrived.
      seenByA = hung.receiver.received.length;
      recordedForA = recorded(sandbox, aId);
      return 200;
    };
    await events(await authedClient(sandbox, hung.partner), PER_PARTNER + 4);
    await hung.receiver.waitFor((got) => got.length === PER_PARTNER);
    await events(await authedClient(sandbox, healthy.partner), 1);
    await healthy.receiver.waitFor((got) => got.length === 1, 15_000);
    expect(seenByA).toBe(PER_PARTNER);
    expect(recordedForA).toBe(0);
    expect(hung.receiver.received.map((r) => r.status)).toEqual(Array(PER_PARTNER).fill(-1));
    // A's other 4 rows waited for room in A's own lane: they go out once A's attempts time out, none stranded.
    hung.receiver.respond = () => 200;
    await hung.receiver.waitFor((got) => got.length === PER_PARTNER + 4, 15_000);
    await untilEveryRowTried(sandbox, PER_PARTNER + 4 + 1);
    const mine = sandbox.admin.deliveries().filter((row) => row.clientId === aId);
    const outcomes = mine.map((row) => row.attempts.map((attempt) => attempt.ok));
    expect(outcomes.filter((ok) => ok.join() === 'false')).toHaveLength(PER_PARTNER);
    expect(outcomes.filter((ok) => ok.join() === 'true')).toHaveLength(4);
  }, 30_000);

  it('with many partners hung, keeps the overall cap and each partner cap, and attempts every row once', async () => {
    let partners: TestPartner[] = [];
    // Per arrival: how many attempts had started (requests seen) and ended (recorded) by then, all and per partner.
    const seen = new Map<string, number>();
    let seenAll = 0;
    const violations: string[] = [];
    let atCap = -1;
    let sandbox: Sandbox | undefined;
    const base = await hungServer((path) => {
      const n = Number(path.slice(2));
      const clientId = partners[n]!.config.clientId;
      seen.set(clientId, (seen.get(clientId) ?? 0) + 1);
      seenAll++;
      // An attempt starts only with room, and its request arrives after it started: the ones in flight are at most
      // those seen minus those whose end was already recorded.
      const endedAll = recorded(sandbox!);
      const ended = recorded(sandbox!, clientId);
      if (seenAll - endedAll > OVERALL) violations.push(`${seenAll} seen, ${endedAll} ended`);
      if (seen.get(clientId)! - ended > PER_PARTNER)
        violations.push(`p${n}: ${seen.get(clientId)} seen, ${ended} ended`);
      if (seenAll === OVERALL) atCap = endedAll;
    });
    partners = Array.from({ length: 5 }, (_, n) => makePartner({ webhookUrl: `${base}/p${n}` }));
    sandbox = await started(partners, 2_000);
    const clients = await Promise.all(partners.map((partner) => authedClient(sandbox!, partner)));
    for (const api of clients) await events(api, 20);
    await untilEveryRowTried(sandbox, 100);
    expect(violations).toEqual([]);
    // More than one partner's cap in flight at once: the 64th request came before any attempt had ended.
    expect(atCap).toBe(0);
    expect(seenAll).toBe(100);
    expect(sandbox.admin.deliveries().map((row) => row.attempts.length)).toEqual(Array(100).fill(1));
  }, 40_000);
});
