// What a second, stateful and protocol-level probe of the sandbox found (restarts on a store file, raw HTTP/1.1
// exchanges), each pinned down here so it stays fixed.
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { malformedRequestError } from '../src/pipeline/malformed.js';
import {
  approvedSpv,
  type Client,
  client,
  createInvestor,
  makePartner,
  spvRequestBody,
  startTestSandbox,
  type TestPartner,
  token,
  useSandbox,
  useTempDir,
} from './helpers.js';
import { rawExchange } from './raw-http.js';

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;

useSandbox((started) => ({ sandbox, partner, api } = started));

const dir = useTempDir('zest-sandbox-stateful-probe-');

/**
 * Writes `text` to `host:port` without half-closing (a half-close makes Node drop the requests still running) and
 * resolves with what came back until the server closed, or after 5 s; undefined when nothing listens there.
 */
function exchangeWith(host: string, port: number, text: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => socket.write(text));
    socket.setTimeout(5000, () => socket.destroy());
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', () => resolve(undefined));
  });
}

/** The status lines of every answer in a raw exchange, in order (an answer starts right after the previous body). */
const statusLines = (text: string) => [...text.matchAll(/HTTP\/1\.1 \d{3} [^\r]*/g)].map((match) => match[0]);

/** The status line and the JSON body of the first answer in a raw exchange. */
function firstAnswer(text: string): { statusLine: string; head: string; body: any } {
  const headEnd = text.indexOf('\r\n\r\n');
  const head = text.slice(0, headEnd);
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
  const body = text.slice(headEnd + 4, headEnd + 4 + length);
  return { statusLine: head.split('\r\n', 1)[0]!, head, body: body ? JSON.parse(body) : undefined };
}

describe('the sandbox clock across a restart on a store file', () => {
  it('keeps its offset: an expired token stays expired and a lapsed idempotency key stays lapsed', async () => {
    const storeFile = join(dir, 'clock.db');
    const owner = makePartner();
    const first = await startTestSandbox([owner], { storeFile });
    const accessToken = await token(first, owner);
    const created = await client(first, accessToken).call('POST', '/v1/spv-requests', {
      json: spvRequestBody(),
      idempotencyKey: 'clock-restart-key',
    });
    expect(created.status).toBe(201);
    // Past the token's hour and the key's 24 hours, through the admin route as a partner's test would.
    const moved = await client(first).call('POST', '/sandbox/clock', { json: { advanceSeconds: 25 * 3600 } });
    expect(moved.status).toBe(200);
    await first.stop();

    const second = await startTestSandbox([owner], { storeFile });
    try {
      const clock = await client(second).call('GET', '/sandbox/clock');
      expect(clock.body.offsetSeconds).toBeGreaterThanOrEqual(25 * 3600);
      // Before the fix the offset was lost: the clock went back a day and the old token was accepted again.
      const stale = await client(second, accessToken).call('GET', '/v1/spv-requests');
      expect(stale.status).toBe(401);
      expect(stale.body.code).toBe('invalid_token');
      // ...and the lapsed key replayed the old answer instead of running the request again.
      const again = await client(second, await token(second, owner)).call('POST', '/v1/spv-requests', {
        json: spvRequestBody(),
        idempotencyKey: 'clock-restart-key',
      });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      expect(again.body.spvRequestSlug).not.toBe(created.body.spvRequestSlug);
    } finally {
      await second.stop();
    }
  });
});

describe('raw HTTP/1.1 refusals carry the partner envelope', () => {
  it('answers an HTTP/1.1 request without a Host header with 400 invalid_request (RFC 9112 section 3.2)', async () => {
    // Node's own answer was a 400 with an empty body.
    const answer = firstAnswer(await rawExchange(sandbox.port, 'GET /public/hc HTTP/1.1\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.head).toMatch(/\r\ncontent-type: application\/json/i);
    expect(answer.body).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining('Host') });
    expect(answer.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an Expect other than 100-continue with 417 in the envelope, and reads nothing of the body', async () => {
    const accessToken = await token(sandbox, partner);
    const body = JSON.stringify({ investors: [] });
    const text = await rawExchange(
      sandbox.port,
      'POST /v1/investors HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${accessToken}\r\nExpect: 200-ok\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    // Node's own answer was a 417 with no body and no Content-Type.
    const answer = firstAnswer(text);
    expect(answer.statusLine).toBe('HTTP/1.1 417 Expectation Failed');
    expect(answer.head).toMatch(/\r\ncontent-type: application\/json/i);
    expect(answer.body).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining('200-ok') });
  });

  it('still sends 100 Continue and then the answer for Expect: 100-continue', async () => {
    const accessToken = await token(sandbox, partner);
    const body = JSON.stringify({ investors: [] });
    const text = await rawExchange(
      sandbox.port,
      'POST /v1/investors HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n' +
        `Authorization: Bearer ${accessToken}\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(text.startsWith('HTTP/1.1 100 Continue\r\n\r\n')).toBe(true);
    const answer = firstAnswer(text.slice('HTTP/1.1 100 Continue\r\n\r\n'.length));
    expect(answer.statusLine).toBe('HTTP/1.1 200 OK');
    expect(answer.body).toEqual({ results: [] });
  });
});

describe('an Idempotency-Key retried on another spelling of the same path', () => {
  it('replays the answer when only the percent-encoding of a path parameter differs', async () => {
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const personId = await createInvestor(api);
    const json = {
      subscriptions: [{ zestPersonId: personId, lumpSum: { currency: 'USD', value: '100.00' }, shareClassSlug }],
    };
    const key = `encoded-path-${spvSlug}`;
    const first = await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, { json, idempotencyKey: key });
    expect(first.status).toBe(201);
    // `%5F` is `_` (an unreserved character, RFC 3986 section 6.2.2.2): the same SPV, the same body, the same key.
    const encoded = spvSlug.replace('_', '%5F');
    expect(encoded).not.toBe(spvSlug);
    const retry = await api.call('POST', `/v1/spvs/${encoded}/subscriptions`, { json, idempotencyKey: key });
    // Hashed over the path as sent, this was 409 "already used with a different request body", nothing replayed.
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.text).toBe(first.text);
    // Another SPV under the same key is still another request.
    const other = await approvedSpv(sandbox, api);
    const elsewhere = await api.call('POST', `/v1/spvs/${other.spvSlug}/subscriptions`, { json, idempotencyKey: key });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('conflict');
  });
});

describe('a malformed request after good ones on the same connection', () => {
  it('answers the requests before it first, then refuses it in the envelope', async () => {
    const accessToken = await token(sandbox, partner);
    const body = JSON.stringify(spvRequestBody());
    const create =
      'POST /v1/spv-requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
      `Authorization: Bearer ${accessToken}\r\nIdempotency-Key: pipelined-then-garbage\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const text = await exchangeWith(
      '127.0.0.1',
      sandbox.port,
      `GET /public/hc HTTP/1.1\r\nHost: localhost\r\n\r\n${create}NOT A REQUEST\r\n\r\n`,
    );
    if (text === undefined) throw new Error('no connection');
    // Before the fix only the 400 came back, although the SPV request had been created.
    expect(statusLines(text)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 201 Created', 'HTTP/1.1 400 Bad Request']);
    const created = JSON.parse(text.slice(text.indexOf('{"spvRequestSlug"'), text.indexOf('HTTP/1.1 400')));
    const replay = await client(sandbox, accessToken).call('POST', '/v1/spv-requests', {
      json: spvRequestBody(),
      idempotencyKey: 'pipelined-then-garbage',
    });
    expect(replay.body.spvRequestSlug).toBe(created.spvRequestSlug);
    expect(text.slice(text.indexOf('HTTP/1.1 400'))).toMatch(/"code":"invalid_request"/);
  });

  it('answers a request that asked to close the connection and ignores what follows it (RFC 9112 section 9.6)', async () => {
    const text = await exchangeWith(
      '127.0.0.1',
      sandbox.port,
      'GET /public/hc HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\nGET /public/hc HTTP/1.1\r\n\r\n',
    );
    // It used to get only a 400 for the bytes after it.
    expect(statusLines(text ?? '')).toEqual(['HTTP/1.1 200 OK']);
  });

  it('still refuses a body Node cannot parse at once, in the envelope', async () => {
    const text = await rawExchange(
      sandbox.port,
      'POST /v1/investors HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n\r\nzz\r\n',
    );
    expect(statusLines(text)).toEqual(['HTTP/1.1 400 Bad Request']);
    expect(text).toMatch(/"code":"invalid_request"/);
  });
});

describe('the Host header', () => {
  it('refuses a request with two Host headers with 400 (RFC 9112 section 3.2)', async () => {
    // Node keeps only the first; the request used to be served by it.
    const answer = firstAnswer(
      await rawExchange(sandbox.port, 'GET /public/hc HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n'),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toMatchObject({
      code: 'invalid_request',
      detail: expect.stringContaining('more than one Host'),
    });
  });
});

describe('the IPv6 loopback listener', () => {
  it('answers a malformed request in the envelope too', async (context) => {
    const text = await exchangeWith('::1', sandbox.port, 'NOT A REQUEST\r\n\r\n');
    // Best effort: where ::1 is not available the sandbox listens on 127.0.0.1 only.
    if (text === undefined) return context.skip();
    // Only the IPv4 server had the handler; the IPv6 one answered Node's bare 400.
    const answer = firstAnswer(text);
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toMatchObject({ code: 'invalid_request' });
  });

  it('says so when another program holds the port on ::1, instead of leaving localhost to it silently', async (context) => {
    const other = createServer((_req, res) => res.end('not the sandbox'));
    const taken = await new Promise<number | undefined>((resolve) => {
      other.once('error', () => resolve(undefined));
      other.listen(0, '::1', () => resolve((other.address() as AddressInfo).port));
    });
    if (taken === undefined) return context.skip();
    const lines: string[] = [];
    try {
      const started = await startTestSandbox([], { port: taken, log: (line) => lines.push(line) });
      await started.stop();
    } finally {
      other.close();
    }
    expect(lines.filter((line) => line.includes('::1'))).toEqual([
      `zest-sandbox: port ${taken} on ::1 is in use by another program, so the sandbox answers on 127.0.0.1 only; a client that resolves localhost to ::1 reaches that program instead (use http://127.0.0.1:${taken})`,
    ]);
  });
});

describe('requests Node cannot read', () => {
  it('answers header fields over the limit with 431 in the envelope, as Node itself would (not 400)', async () => {
    const answer = firstAnswer(
      await rawExchange(
        sandbox.port,
        `GET /public/hc HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
      ),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.body).toMatchObject({ code: 'invalid_request' });
  });

  it('makes a request not received in time a 408, which clients retry, and anything unknown a 400', () => {
    // Node's request timeout takes a minute on a real socket; the mapping is what the server writes for it.
    const timeout = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    expect(malformedRequestError(timeout)).toMatchObject({ status: 408, code: 'invalid_request' });
    const extensions = Object.assign(new Error('Chunk extensions overflow'), { code: 'HPE_CHUNK_EXTENSIONS_OVERFLOW' });
    expect(malformedRequestError(extensions)).toMatchObject({ status: 413, code: 'payload_too_large' });
    for (const code of ['HPE_INVALID_METHOD', 'toString', undefined]) {
      const other = Object.assign(new Error('Parse Error'), { code });
      expect(malformedRequestError(other)).toMatchObject({ status: 400, code: 'invalid_request' });
    }
  });
});
