import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type TestPartner, token, useSandbox } from './helpers.js';
import { rawExchange } from './raw-http.js';

/**
 * A request-target in absolute-form (`GET http://host/path HTTP/1.1`, what clients send through a forward proxy) is
 * served like its path (RFC 9112 section 3.2.2); it used to be a 404. The host it names replaces the Host header, so
 * the DNS-rebinding guard judges that host.
 */
let sandbox: Sandbox;
let partner: TestPartner;
useSandbox((started) => ({ sandbox, partner } = started));

/** One raw request on its own connection; the status line's code and the body. */
async function rawRequest(lines: string[]): Promise<{ status: number; body: string }> {
  const text = await rawExchange(sandbox.port, [...lines, 'Connection: close', '', ''].join('\r\n'));
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

describe('absolute-form request targets', () => {
  it('are served as their path and query, with or without a port, in either case of scheme', async () => {
    const { port } = new URL(sandbox.url);
    for (const target of [
      `http://127.0.0.1:${port}/public/hc`,
      `HTTP://localhost:${port}/public/hc`,
      `http://127.0.0.1:${port}/public/hc?probe=1`,
    ]) {
      const answer = await rawRequest([`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`]);
      expect(answer.status, target).toBe(200);
    }
    const bearer = await token(sandbox, partner);
    const listed = await rawRequest([
      `GET http://127.0.0.1:${port}/v1/spv-requests?perPage=1 HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      `Authorization: Bearer ${bearer}`,
    ]);
    expect(listed.status, listed.body).toBe(200);
    expect(JSON.parse(listed.body)).toMatchObject({ limit: 1 });
  });

  it('are judged by the host they name, not the Host header', async () => {
    const { port } = new URL(sandbox.url);
    const foreign = await rawRequest([`GET http://evil.example/public/hc HTTP/1.1`, `Host: 127.0.0.1:${port}`]);
    expect(foreign.status).toBe(403);
    const named = await rawRequest([`GET http://localhost:${port}/public/hc HTTP/1.1`, 'Host: evil.example']);
    expect(named.status).toBe(200);
  });
});
