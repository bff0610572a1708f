import { createPublicKey, type KeyObject } from 'node:crypto';
import { SandboxOptionsError } from './options.js';

/** A partner as the sandbox is told about it (config file or `startSandbox({ partners })`). */
export interface PartnerConfig {
  clientId: string;
  /** The `iss` the partner puts in its assertions (its own API base URL). */
  issuer: string;
  /** The partner's Ed25519 public key, SPKI PEM. */
  publicKeyPem: string;
  /** Where webhooks are POSTed; without one, events are recorded in the outbox as `skipped`. */
  webhookUrl?: string;
  /** The `whsec_…` secret deliveries are signed with; required when `webhookUrl` is set. */
  webhookSecret?: string;
  /** The partner tenant (`tenantSlug` on SPV requests); default derived from the client id. */
  tenantSlug?: string;
  /** Display name, returned in `GET /v1/oauth2/info` metadata. */
  name?: string;
}

export interface Partner extends Required<Pick<PartnerConfig, 'clientId' | 'issuer' | 'publicKeyPem' | 'tenantSlug'>> {
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  name: string;
  publicKey: KeyObject;
}

export function defaultTenantSlug(clientId: string): string {
  return (
    clientId
      .replace(/^client[_-]?/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'partner'
  );
}

/** Validates and normalises partner configs; a bad entry fails start-up with a message naming it. */
/**
 * A webhook URL deliveries can go to: http(s), without a user name or password (they would be sent in the clear in
 * every delivery and shown in the admin views). `name` is what the message calls it.
 */
export function checkWebhookUrl(value: string, name: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SandboxOptionsError(`${name} is not a URL: ${JSON.stringify(value.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SandboxOptionsError(`${name} must be http(s)`);
  if (url.username || url.password) throw new SandboxOptionsError(`${name} must not carry a user name or password`);
}

export function loadPartners(configs: PartnerConfig[]): Map<string, Partner> {
  const partners = new Map<string, Partner>();
  const tenants = new Map<string, string>();
  configs.forEach((config, index) => {
    const where = `partners[${index}]`;
    // webhookUrl too: a number there failed start-up with "value.slice is not a function".
    for (const field of ['tenantSlug', 'name', 'webhookSecret', 'webhookUrl'] as const) {
      const value = config?.[field];
      if (value !== undefined && value !== null && typeof value !== 'string')
        throw new SandboxOptionsError(`${where}.${field} must be a string`);
    }
    if (!config || typeof config.clientId !== 'string' || config.clientId === '')
      throw new SandboxOptionsError(`${where}.clientId is required`);
    if (partners.has(config.clientId)) throw new SandboxOptionsError(`${where}: duplicate clientId ${config.clientId}`);
    if (typeof config.issuer !== 'string' || config.issuer === '')
      throw new SandboxOptionsError(`${where}.issuer is required`);
    // createPublicKey derives the public half from a private key, so a pasted private key used to be accepted
    // silently: refused, so that the partner notices its private key is sitting in a config file.
    if (typeof config.publicKeyPem === 'string' && /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(config.publicKeyPem))
      throw new SandboxOptionsError(
        `${where}.publicKeyPem holds a private key; give the public key (SPKI PEM, BEGIN PUBLIC KEY) and keep the private key with the partner`,
      );
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey(config.publicKeyPem);
    } catch (error) {
      throw new SandboxOptionsError(`${where}.publicKeyPem is not a PEM public key: ${(error as Error).message}`);
    }
    if (publicKey.asymmetricKeyType !== 'ed25519') {
      throw new SandboxOptionsError(
        `${where}.publicKeyPem is a ${publicKey.asymmetricKeyType} key; Zest accepts Ed25519 keys only`,
      );
    }
    if (config.webhookUrl) {
      checkWebhookUrl(config.webhookUrl, `${where}.webhookUrl`);
      if (!config.webhookSecret)
        throw new SandboxOptionsError(`${where}.webhookSecret is required when webhookUrl is set`);
    }
    // Records are partitioned by tenant: two partners on one tenant would read each other's SPV requests.
    const tenantSlug = config.tenantSlug ?? defaultTenantSlug(config.clientId);
    const sharing = tenants.get(tenantSlug);
    if (sharing !== undefined)
      throw new SandboxOptionsError(
        `${where} would share tenant "${tenantSlug}" with ${sharing}; give each partner its own tenantSlug`,
      );
    tenants.set(tenantSlug, config.clientId);
    partners.set(config.clientId, {
      clientId: config.clientId,
      issuer: config.issuer,
      publicKeyPem: config.publicKeyPem,
      publicKey,
      webhookUrl: config.webhookUrl || undefined,
      webhookSecret: config.webhookSecret || undefined,
      tenantSlug,
      name: config.name ?? config.clientId,
    });
  });
  return partners;
}
