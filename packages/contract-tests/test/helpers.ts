import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Breakage, type Sandbox, type SandboxOptions, startSandbox } from '@zestequity/partner-sandbox';
import type { WebhookReceiver } from '../src/index.js';
import { type ContractTestOptions, startWebhookReceiver } from '../src/index.js';

export const CLIENT_ID = 'client_contract_tests';
export const ISSUER = 'https://partner.example';
export const SECOND_CLIENT_ID = 'client_contract_tests_second';
export const SECOND_ISSUER = 'https://second-partner.example';

/** A partner identity made for one test file: a fresh Ed25519 key pair and webhook secret, never committed. */
export function makePartner() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    webhookSecret: `whsec_${randomBytes(24).toString('hex')}`,
  };
}

export interface SandboxTarget {
  sandbox: Sandbox;
  receiver: WebhookReceiver;
  partner: ReturnType<typeof makePartner>;
  /** Another tenant of the same sandbox (no webhook URL: its events are not this run's). */
  second: ReturnType<typeof makePartner>;
  options(extra?: Partial<ContractTestOptions>): ContractTestOptions;
  stop(): Promise<void>;
}

/** The sandbox in-process on a free loopback port, delivering this partner's webhooks to a loopback receiver. */
export async function startSandboxTarget(
  breakages: Breakage[] = [],
  extra: Partial<SandboxOptions> = {},
): Promise<SandboxTarget> {
  const partner = makePartner();
  const second = makePartner();
  const receiver = await startWebhookReceiver('127.0.0.1:0');
  const sandbox = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    partners: [
      {
        clientId: CLIENT_ID,
        issuer: ISSUER,
        publicKeyPem: partner.publicKeyPem,
        webhookUrl: receiver.url,
        webhookSecret: partner.webhookSecret,
      },
      { clientId: SECOND_CLIENT_ID, issuer: SECOND_ISSUER, publicKeyPem: second.publicKeyPem },
    ],
    timeScale: 100,
    breakages,
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
      secondPartner: { clientId: SECOND_CLIENT_ID, issuer: SECOND_ISSUER, privateKey: second.privateKeyPem },
      webhookSecret: partner.webhookSecret,
      webhookReceiver: receiver,
      webhookWaitMs: 5000,
      requestTimeoutMs: 10_000,
      ...extra,
    }),
    async stop() {
      await sandbox.stop();
      await receiver.stop();
    },
  };
}
