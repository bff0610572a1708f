import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { PartnerConfig } from '@zestequity/partner-sandbox';

/** A partner application as both sides see it: the sandbox gets `config`, the SDK gets the credentials. */
export interface TestPartner {
  clientId: string;
  issuer: string;
  /** Ed25519, PKCS#8 PEM; generated per run, never written to disk. */
  privateKeyPem: string;
  webhookSecret: string;
  config(webhookUrl?: string): PartnerConfig;
  /** What `createZestClient({ auth })` takes. */
  credentials(): { clientId: string; issuer: string; privateKey: string };
}

export function makePartner(clientId = `client_rel_${randomBytes(3).toString('hex')}`): TestPartner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const issuer = `https://${clientId.replace(/_/g, '-')}.partner.example`;
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  return {
    clientId,
    issuer,
    privateKeyPem,
    webhookSecret,
    config: (webhookUrl) => ({ clientId, issuer, publicKeyPem, webhookSecret, ...(webhookUrl ? { webhookUrl } : {}) }),
    credentials: () => ({ clientId, issuer, privateKey: privateKeyPem }),
  };
}
