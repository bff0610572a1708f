// Every option startSandbox cannot start with is one typed error (SandboxOptionsError, code `invalid_options`), the
// same for a bad number, URL, host, partner, fault or breakage, so an embedding test runner branches once.
import { generateKeyPairSync } from 'node:crypto';
import { SpecModelError } from '@zestequity/spec-model';
import { describe, expect, it } from 'vitest';
import { type Breakage, type SandboxOptions, SandboxOptionsError, startSandbox } from '../src/index.js';
import { makePartner } from './helpers.js';

const partner = makePartner();
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });

const BAD: [string, SandboxOptions, RegExp][] = [
  ['timeScale 0', { timeScale: 0 }, /timeScale must be/],
  ['timeScale NaN', { timeScale: Number.NaN }, /timeScale must be/],
  ['webhookTimeoutMs -1', { webhookTimeoutMs: -1 }, /webhookTimeoutMs must be/],
  ['tokenLifetimeSeconds 1.5', { tokenLifetimeSeconds: 1.5 }, /tokenLifetimeSeconds must be/],
  ['baseUrl ftp', { baseUrl: 'ftp://files.example' }, /baseUrl: .* is not an absolute http/],
  ['host with a scheme', { host: 'http://127.0.0.1' }, /is not an address or host name to listen on/],
  ['allowedHosts with a path', { allowedHosts: ['evil.example/x'] }, /allowedHosts/],
  ['partner without clientId', { partners: [{ ...partner.config, clientId: '' }] }, /clientId is required/],
  ['duplicate partner', { partners: [partner.config, partner.config] }, /duplicate clientId/],
  [
    'partner with a private key',
    { partners: [{ ...partner.config, publicKeyPem: partner.privateKeyPem }] },
    /holds a private key/,
  ],
  ['partner with an EC key', { partners: [{ ...partner.config, publicKeyPem: String(ecKey) }] }, /Ed25519 keys only/],
  [
    'partner with a bad webhook URL',
    { partners: [{ ...partner.config, webhookUrl: 'ftp://x.example' }] },
    /must be http\(s\)/,
  ],
  ['unknown fault', { faults: { explode: { probability: 1 } } as never }, /is not a fault/],
  ['fault probability 2', { faults: { serviceUnavailable: { probability: 2 } } }, /probability must be/],
  ['unknown breakage', { breakages: ['everything' as Breakage] }, /unknown breakage everything/],
];

describe('SandboxOptionsError', () => {
  it.each(BAD)('%s is refused with SandboxOptionsError and code invalid_options', async (_, options, message) => {
    const error = await startSandbox({ port: 0, ...options }).then(
      async (sandbox) => {
        await sandbox.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SandboxOptionsError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as SandboxOptionsError).code).toBe('invalid_options');
    expect((error as Error).name).toBe('SandboxOptionsError');
    expect((error as Error).message).toMatch(message);
  });

  it('a spec the sandbox cannot serve is a SpecModelError naming the spot, not a plain Error', async () => {
    for (const spec of [{}, { openapi: '3.1.0', paths: {}, components: { schemas: {} } }]) {
      const error = await startSandbox({ port: 0, spec: spec as never }).then(
        async (sandbox) => sandbox.stop(),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SpecModelError);
      expect((error as SpecModelError).code).toBe('invalid_spec');
      expect((error as SpecModelError).pointer).toBe('#/components/schemas/SpvRequestStatus');
    }
  });

  it('is not raised for options that start', async () => {
    const sandbox = await startSandbox({
      port: 0,
      partners: [partner.config],
      timeScale: 2,
      baseUrl: 'http://x.example',
    });
    await sandbox.stop();
  });
});
