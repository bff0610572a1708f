import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { makeTestPartner, startTestSandbox, type TestPartnerConfig } from '../src/index.js';

// The real sandbox is exercised where it is a dependency (client, bench, examples). Here a real loopback server
// stands in for it, so this package keeps no dependency on the sandbox (whose own tests use these fixtures).
interface Options {
  port?: number;
  host?: string;
  partners?: TestPartnerConfig[];
  validateResponses?: boolean;
  timeScale?: number;
}

// An optional parameter, as the real `startSandbox(options = {})` has: the options must still type-check against it.
async function fakeStart(options: Options = {}) {
  const server = createServer((_req, res) => res.end(JSON.stringify(options.partners?.map((p) => p.clientId))));
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    options,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

describe('startTestSandbox', () => {
  it('starts on a free loopback port with response checks on, registers the partner and stops', async () => {
    const started = await startTestSandbox(fakeStart, { timeScale: 50 });
    try {
      expect(started.sandbox.options).toMatchObject({
        port: 0,
        host: '127.0.0.1',
        validateResponses: true,
        timeScale: 50,
      });
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(started.url)).json()).toEqual([started.partner.clientId]);
      expect(started.sandbox.options.partners).toEqual([started.partner.config]);
    } finally {
      await started.stop();
    }
    await expect(fetch(started.url)).rejects.toThrow();
  });

  it("registers the given partner first, then the other tenants; the caller's options win", async () => {
    const partner = makeTestPartner();
    const other = makeTestPartner();
    const started = await startTestSandbox(fakeStart, { partner, otherPartners: [other], validateResponses: false });
    try {
      expect(started.partner).toBe(partner);
      expect(started.sandbox.options.partners).toEqual([partner.config, other.config]);
      expect(started.sandbox.options.validateResponses).toBe(false);
    } finally {
      await started.stop();
    }
  });

  it("registers a webhook URL for the test's partner only", async () => {
    const other = makeTestPartner();
    const started = await startTestSandbox(fakeStart, {
      webhookUrl: 'http://127.0.0.1:9/hook',
      otherPartners: [other],
    });
    try {
      expect(started.sandbox.options.partners).toEqual([
        { ...started.partner.config, webhookUrl: 'http://127.0.0.1:9/hook' },
        other.config,
      ]);
      expect(started.sandbox.options).not.toHaveProperty('webhookUrl');
    } finally {
      await started.stop();
    }
  });

  it('refuses, at compile time, a sandbox whose partner entries need a field a test partner lacks', async () => {
    const strict = async (
      options: { port?: number; host?: string; partners?: (TestPartnerConfig & { region: string })[] } = {},
    ) => fakeStart(options);
    // @ts-expect-error the test partner's config has no `region`
    const started = await startTestSandbox(strict, {});
    await started.stop();
  });
});
