import { makeTestPartner, type TestPartner } from '@zestequity/testing';

/** A fresh Ed25519 partner for one benchmark run; the key only ever lives in memory and child environments. */
export function benchPartner(): TestPartner {
  return makeTestPartner({ clientId: 'client_bench', issuer: 'https://bench.partner.example' });
}
