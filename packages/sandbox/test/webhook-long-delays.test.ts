import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { authedClient, createInvestor, startPartnerReceiver, startTestSandbox } from './helpers.js';

/**
 * `setTimeout` cannot wait longer than 2^31-1 ms (~24.8 days): a longer delay fires after 1 ms, with a
 * TimeoutOverflowWarning. A time scale below 1 stretches the retry schedule and the attempt timeout past that, and so
 * can `webhookTimeoutMs`; the sandbox must then wait (as long as a timer can), not fire at once.
 */
const cleanups: (() => Promise<void>)[] = [];
const overflowWarnings: Error[] = [];
const onWarning = (warning: Error) => {
  if (warning.name === 'TimeoutOverflowWarning') overflowWarnings.push(warning);
};
process.on('warning', onWarning);
afterAll(() => {
  process.off('warning', onWarning);
});
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
  overflowWarnings.length = 0;
});

async function setup(options: { timeScale?: number; webhookTimeoutMs?: number }) {
  const { partner, receiver } = await startPartnerReceiver();
  const sandbox = await startTestSandbox([partner], options);
  cleanups.push(async () => {
    await sandbox.stop();
    await receiver.close();
  });
  return { sandbox, receiver, api: await authedClient(sandbox, partner) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhook delays longer than a timer can wait', () => {
  it('a tiny timeScale schedules the retry far ahead without overflowing timers or re-arming in a loop', async () => {
    const { sandbox, receiver, api } = await setup({ timeScale: 1e-8 });
    receiver.respond = () => 500;
    await createInvestor(api, 'acme-inv-tiny-scale');
    await receiver.waitFor((all) => all.length >= 1, 5000);
    for (let i = 0; i < 300 && (sandbox.admin.deliveries()[0]?.attempts.length ?? 0) === 0; i++) await sleep(10);
    // A window in which an overflowing timer would have fired (and warned) hundreds of times.
    await sleep(300);
    expect(overflowWarnings).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    const [row] = sandbox.admin.deliveries();
    expect(row!.status).toBe('pending');
    expect(row!.attempts).toHaveLength(1);
    expect(row!.attempts[0]).toMatchObject({ ok: false, statusCode: 500 });
    // 30 s stretched a billion times: decades away, not now.
    expect(row!.nextAttemptAt! - Date.now()).toBeGreaterThan(2 ** 31);
  });

  it('a webhookTimeoutMs past the timer cap keeps waiting for a slow receiver instead of failing at once', async () => {
    const { sandbox, receiver, api } = await setup({ timeScale: 100_000, webhookTimeoutMs: 1e12 });
    receiver.respond = () => 'hang';
    await createInvestor(api, 'acme-inv-long-timeout');
    await receiver.waitFor((all) => all.length >= 1, 5000);
    await sleep(300);
    expect(overflowWarnings).toEqual([]);
    const [row] = sandbox.admin.deliveries();
    // Still waiting for the answer: no attempt has been recorded as failed.
    expect(row!.status).toBe('pending');
    expect(row!.attempts).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });
});
