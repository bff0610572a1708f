import { type Breakage, type Sandbox, type SandboxOptions, startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner, startTestSandbox, type TestPartner } from '@zestequity/testing';
import type { WebhookReceiver } from '../src/index.js';
import { type ContractTestOptions, startWebhookReceiver } from '../src/index.js';

export const CLIENT_ID = 'client_contract_tests';
export const ISSUER = 'https://partner.example';
export const SECOND_CLIENT_ID = 'client_contract_tests_second';
export const SECOND_ISSUER = 'https://second-partner.example';

export interface SandboxTarget {
  sandbox: Sandbox;
  /** Undefined for a target started with `{ receiver: false }`: the suite then reads the sandbox's delivery log. */
  receiver: WebhookReceiver | undefined;
  partner: TestPartner;
  /** Another tenant of the same sandbox (no webhook URL: its events are not this run's). */
  second: TestPartner;
  options(extra?: Partial<ContractTestOptions>): ContractTestOptions;
  stop(): Promise<void>;
}

/**
 * The sandbox in-process on a free loopback port, delivering this partner's webhooks to a loopback receiver, or,
 * with `{ receiver: false }`, to none (its deliveries are `skipped` rows of the delivery log, signed by the admin API).
 */
export async function startSandboxTarget(
  breakages: Breakage[] = [],
  extra: Partial<SandboxOptions> = {},
  { receiver: withReceiver = true }: { receiver?: boolean } = {},
): Promise<SandboxTarget> {
  const partner = makeTestPartner({ clientId: CLIENT_ID, issuer: ISSUER });
  const second = makeTestPartner({ clientId: SECOND_CLIENT_ID, issuer: SECOND_ISSUER });
  const receiver = withReceiver ? await startWebhookReceiver('127.0.0.1:0') : undefined;
  const { sandbox } = await startTestSandbox(startSandbox, {
    partner,
    otherPartners: [second],
    ...(receiver ? { webhookUrl: receiver.url } : {}),
    timeScale: 100,
    breakages,
    // Breakages deliberately answer off the contract: the sandbox must send them, not turn them into 500s.
    validateResponses: false,
    ...extra,
  });
  return {
    sandbox,
    receiver,
    partner,
    second,
    options: (extra = {}) => ({
      baseUrl: sandbox.url,
      clientId: CLIENT_ID,
      issuer: ISSUER,
      privateKey: partner.privateKeyPem,
      secondPartner: second.credentials,
      webhookSecret: partner.webhookSecret,
      ...(receiver ? { webhookReceiver: receiver } : {}),
      webhookWaitMs: 5000,
      requestTimeoutMs: 10_000,
      ...extra,
    }),
    async stop() {
      await sandbox.stop();
      await receiver?.stop();
    },
  };
}
