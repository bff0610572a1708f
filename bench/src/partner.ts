import { generateKeyPairSync } from 'node:crypto';
import type { PartnerConfig } from '@zestequity/partner-sandbox';
import type { Credentials } from './onboard.js';

/** A fresh Ed25519 partner for one benchmark run; the key only ever lives in memory and child environments. */
export function benchPartner(): { config: PartnerConfig; credentials: Credentials } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const clientId = 'client_bench';
  const issuer = 'https://bench.partner.example';
  return {
    config: { clientId, issuer, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    credentials: { clientId, issuer, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
  };
}
