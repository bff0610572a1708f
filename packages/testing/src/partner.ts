import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { type CreateAssertionOptions, createAssertion } from '@zestequity/partner-auth';

/**
 * What the sandbox takes per partner (its `PartnerConfig`), written out here so this package never depends on the
 * sandbox: the sandbox's own tests use these fixtures, and a dependency back would be a cycle in the build graph.
 * Every field mirrors `PartnerConfig`; anything that passes `config` to `startSandbox` type-checks the match.
 */
export interface TestPartnerConfig {
  clientId: string;
  issuer: string;
  /** Ed25519 public key, SPKI PEM. */
  publicKeyPem: string;
  webhookUrl?: string;
  webhookSecret?: string;
  tenantSlug?: string;
  name?: string;
}

/** The SDK's `auth` credentials (`createZestClient({ auth })`) for this partner. */
export interface TestCredentials {
  clientId: string;
  issuer: string;
  /** PKCS#8 PEM. */
  privateKey: string;
}

/** A partner application as both sides see it: the server gets `config`, the caller gets the private key. */
export interface TestPartner {
  clientId: string;
  issuer: string;
  /** The `whsec_…` secret deliveries to this partner are signed with. */
  webhookSecret: string;
  publicKeyPem: string;
  /** PKCS#8 PEM; generated for this process, never written anywhere. */
  privateKeyPem: string;
  privateKey: KeyObject;
  /** The sandbox's partner entry. Add a `webhookUrl` with `{ ...partner.config, webhookUrl }` once a receiver listens. */
  config: TestPartnerConfig;
  credentials: TestCredentials;
  /** A JWT-bearer assertion signed with this partner's key, made by the auth package (so never a second signer). */
  assertion(audience: string, options?: Pick<CreateAssertionOptions, 'lifetimeSeconds' | 'now'>): Promise<string>;
}

export type TestPartnerOptions = Partial<Omit<TestPartnerConfig, 'publicKeyPem'>>;

/**
 * A partner with a freshly generated Ed25519 key pair and webhook secret. Every call makes new keys and, unless
 * given, a new client id, so partners from different tests never collide in one sandbox.
 */
export function makeTestPartner(options: TestPartnerOptions = {}): TestPartner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const clientId = options.clientId ?? `client_test_${randomBytes(4).toString('hex')}`;
  // An issuer is the partner's own base URL: a host name, where underscores are not allowed.
  const issuer = options.issuer ?? `https://${clientId.replace(/_/g, '-')}.partner.example`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('hex')}`;
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    clientId,
    issuer,
    webhookSecret,
    publicKeyPem,
    privateKeyPem,
    privateKey,
    config: { ...options, clientId, issuer, publicKeyPem, webhookSecret },
    credentials: { clientId, issuer, privateKey: privateKeyPem },
    assertion: (audience, extra = {}) => createAssertion({ clientId, issuer, audience, privateKey, ...extra }),
  };
}
