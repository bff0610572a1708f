import { createPrivateKey, createPublicKey } from 'node:crypto';
import { verifyAssertion } from '@zestequity/partner-auth';
import { describe, expect, it } from 'vitest';
import { makeTestPartner } from '../src/index.js';

describe('makeTestPartner', () => {
  it('signs assertions that the auth package verifies with the public key it hands the server', async () => {
    const partner = makeTestPartner();
    const jwt = await partner.assertion('http://127.0.0.1:1234');
    const verified = await verifyAssertion({
      assertion: jwt,
      audience: 'http://127.0.0.1:1234',
      publicKey: partner.config.publicKeyPem,
      issuer: partner.config.issuer,
    });
    expect(verified.clientId).toBe(partner.config.clientId);
  });

  it('gives the SDK the private half of the key the server registers', () => {
    const partner = makeTestPartner();
    const derived = createPublicKey(createPrivateKey(partner.credentials.privateKey))
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(derived).toBe(partner.config.publicKeyPem);
    expect(createPrivateKey(partner.credentials.privateKey).asymmetricKeyType).toBe('ed25519');
    expect(partner.credentials).toEqual({
      clientId: partner.config.clientId,
      issuer: partner.config.issuer,
      privateKey: partner.privateKeyPem,
    });
  });

  it('makes new keys, ids and webhook secrets on every call', () => {
    const a = makeTestPartner();
    const b = makeTestPartner();
    expect(a.publicKeyPem).not.toBe(b.publicKeyPem);
    expect(a.clientId).not.toBe(b.clientId);
    expect(a.webhookSecret).not.toBe(b.webhookSecret);
    expect(a.webhookSecret).toMatch(/^whsec_/);
  });

  it('derives an issuer that is a valid host name from the client id, and keeps what it is given', () => {
    expect(new URL(makeTestPartner({ clientId: 'client_a_b' }).issuer).hostname).toBe('client-a-b.partner.example');
    const given = makeTestPartner({
      clientId: 'client_x',
      issuer: 'https://x.example',
      webhookUrl: 'http://127.0.0.1:9/hook',
      tenantSlug: 'tn_x',
    });
    expect(given.config).toMatchObject({
      clientId: 'client_x',
      issuer: 'https://x.example',
      webhookUrl: 'http://127.0.0.1:9/hook',
      tenantSlug: 'tn_x',
    });
  });

  it('does not sign for another audience than asked', async () => {
    const partner = makeTestPartner();
    const jwt = await partner.assertion('http://127.0.0.1:1234');
    await expect(
      verifyAssertion({
        assertion: jwt,
        audience: 'http://127.0.0.1:9999',
        publicKey: partner.publicKeyPem,
        issuer: partner.issuer,
      }),
    ).rejects.toThrow();
  });
});
