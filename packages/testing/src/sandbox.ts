import { makeTestPartner, type TestPartner, type TestPartnerConfig } from './partner.js';

/** The part of the sandbox's options this module fills in; the rest pass through untouched. */
export interface SandboxStartOptions {
  port?: number;
  host?: string;
  partners?: TestPartnerConfig[];
  validateResponses?: boolean;
}

/** The part of a started sandbox this module needs. */
export interface StartedSandbox {
  url: string;
  stop(): Promise<void>;
}

export type TestSandboxOptions<O extends SandboxStartOptions> = Omit<O, 'partners'> & {
  /** The partner the test acts as; default a fresh one. */
  partner?: TestPartner;
  /** Where the sandbox POSTs `partner`'s webhooks (a receiver started before the sandbox). */
  webhookUrl?: string;
  /** More tenants of the same sandbox. */
  otherPartners?: TestPartner[];
};

/**
 * A compile-time check that a `TestPartnerConfig` is a valid partner entry for this `start`: should the sandbox's
 * `PartnerConfig` gain a required field, every call fails to type-check (the options demand an impossible key)
 * instead of the cast below hiding it.
 */
export type ConfigFits<O> =
  NonNullable<O> extends { partners?: (infer P)[] }
    ? TestPartnerConfig extends P
      ? unknown
      : { partnerConfigDoesNotFitThisSandbox: never }
    : unknown;

export interface TestSandbox<S extends StartedSandbox> {
  url: string;
  partner: TestPartner;
  otherPartners: TestPartner[];
  /** The sandbox itself (admin helpers, `responseProblems`, …). */
  sandbox: S;
  stop(): Promise<void>;
}

/**
 * Starts a sandbox on a free loopback port with the spec check on every response and webhook payload (a mismatch is
 * a loud 500), registered with a test partner. `start` is the sandbox's `startSandbox`, passed in rather than
 * imported so this package does not depend on the sandbox (whose own tests use it); every other option passes
 * through, and the caller's own `port`, `host` or `validateResponses` win.
 */
// `O` may include `undefined`: the sandbox's `startSandbox(options = {})` has an optional parameter.
export async function startTestSandbox<O extends SandboxStartOptions | undefined, S extends StartedSandbox>(
  start: (options: O) => Promise<S>,
  options: NoInfer<TestSandboxOptions<NonNullable<O>> & ConfigFits<O>> = {} as TestSandboxOptions<NonNullable<O>> &
    ConfigFits<O>,
): Promise<TestSandbox<S>> {
  const { partner = makeTestPartner(), otherPartners = [], webhookUrl, ...rest } = options;
  const sandbox = await start({
    port: 0,
    host: '127.0.0.1',
    validateResponses: true,
    ...rest,
    partners: [webhookUrl ? { ...partner.config, webhookUrl } : partner.config, ...otherPartners.map((p) => p.config)],
  } as unknown as O);
  return { url: sandbox.url, partner, otherPartners, sandbox, stop: () => sandbox.stop() };
}
