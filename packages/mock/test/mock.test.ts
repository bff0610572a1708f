import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { type AddressInfo, connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSpecPath, MockOptionsError, type RunningMock, startMock } from '../src/index.js';

// The expectations come from the bundled spec itself, so the test follows the spec instead of restating it.
const spec = JSON.parse(readFileSync(bundledSpecPath, 'utf8'));

function resolve<T>(node: any): T {
  while (node && typeof node.$ref === 'string') {
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce((acc: any, key: string) => acc[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return node;
}

function firstExample(operation: any, status: string) {
  const content = resolve<any>(operation.responses[status]).content['application/json'];
  const examples = content.examples ?? {};
  const first = resolve<any>(Object.values(examples)[0]);
  return first?.value ?? content.example;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const auth = { authorization: 'Bearer test-token' };
let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ port: 0 });
}, 60_000);
afterAll(async () => {
  await mock?.stop();
});

describe('startMock', () => {
  it('serves the spec example for a valid request', async () => {
    const res = await fetch(`${mock.url}/v1/spv-requests/svr_a1b2c3`, { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(firstExample(spec.paths['/v1/spv-requests/{slug}'].get, '200'));
  });

  it('honours Prefer: code= to serve a declared error example', async () => {
    const res = await fetch(`${mock.url}/v1/spv-requests/svr_missing`, { headers: { ...auth, prefer: 'code=404' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(firstExample(spec.paths['/v1/spv-requests/{slug}'].get, '404'));
  });

  it('refuses an invalid body with the 422 HTTPValidationError shape the service declares', async () => {
    const res = await fetch(`${mock.url}/v1/investors`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ investors: [{ partnerInvestorId: 'acme-inv-1', email: 'not-an-email' }] }),
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(Array.isArray(body.detail)).toBe(true);
    expect(body.detail.length).toBeGreaterThan(0);
    expect(body.detail.map((d: { loc: unknown[] }) => d.loc.join('.'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/investors\.0/)]),
    );
  });

  it('answers a body that is not JSON with the framework 422 at `body`, as the sandbox does', async () => {
    for (const body of ['{', '{"investors": [}', 'not json at all']) {
      const res = await fetch(`${mock.url}/v1/investors`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(422);
      const answer = await res.json();
      expect(answer.detail).toEqual([expect.objectContaining({ loc: ['body'], type: 'json_invalid' })]);
    }
  });

  it('refuses a JSON body whose bytes are not UTF-8, as the sandbox does, and passes real UTF-8 through', async () => {
    const post = (bytes: Buffer) =>
      fetch(`${mock.url}/v1/investors`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: new Uint8Array(bytes),
      });
    const row = (name: string) =>
      `{"investors":[{"partnerInvestorId":"p1","email":"a@example.com","firstName":"${name}","lastName":"B","dateOfBirth":"1990-01-01"}]}`;
    for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const [head, tail] = row('@').split('@');
      const res = await post(Buffer.concat([Buffer.from(head!), Buffer.from(bad), Buffer.from(tail!)]));
      expect(res.status).toBe(422);
      expect((await res.json()).detail).toEqual([
        { loc: ['body'], msg: 'The JSON body is not valid UTF-8.', type: 'json_invalid' },
      ]);
    }
    const fine = await post(Buffer.from(row('Zoë Ørsted'), 'utf8'));
    expect(fine.status).toBe(200);
  });

  it('names query parameters as the spec does, and a missing body at `body`', async () => {
    const res = await fetch(`${mock.url}/v1/spv-requests?perPage=0&page=0`, { headers: auth });
    expect(res.status).toBe(422);
    const { detail } = await res.json();
    const locs = detail.map((d: { loc: unknown[] }) => d.loc.join('.'));
    expect(locs).toEqual(expect.arrayContaining(['query.perPage', 'query.page']));
    for (const d of detail) expect(d.msg).not.toMatch(/perpage/);
    const missing = await fetch(`${mock.url}/v1/investors`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(missing.status).toBe(422);
    expect((await missing.json()).detail[0].loc).toEqual(['body']);
  });

  it('answers a create without Idempotency-Key with 400 invalid_request in the partner envelope', async () => {
    // docs/design-decisions.md#missing-idempotency-key
    const body = firstExample(
      { responses: { x: { content: spec.paths['/v1/spv-requests'].post.requestBody.content } } },
      'x',
    );
    const res = await fetch(`${mock.url}/v1/spv-requests`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.code).toBe('invalid_request');
    expect(error.errorId).toMatch(UUID);
  });

  it('answers a missing bearer token with 401 invalid_token in the partner envelope', async () => {
    const res = await fetch(`${mock.url}/v1/oauth2/info`);
    expect(res.status).toBe(401);
    const error = await res.json();
    expect(error).toMatchObject({ code: 'invalid_token' });
    expect(error.errorId).toMatch(UUID);
  });

  it('answers a request without a bearer token with its own envelope: a detail that says so, a fresh errorId', async () => {
    // Prism served the operation's 401 example: "The access token has expired.", with the same errorId every time.
    const operation = spec.paths['/v1/spv-requests/{slug}'].get;
    const schema = resolve<any>(resolve<any>(operation.responses['401']).content['application/json'].schema);
    const codes = resolve<any>(schema.properties.code).enum as string[];
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /no access token/],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, /does not carry a Bearer token/],
      [{ authorization: 'Bearer' }, /carries no access token/],
    ];
    for (const [headers, detail] of cases) {
      const ids: string[] = [];
      for (let call = 0; call < 2; call++) {
        const res = await fetch(`${mock.url}/v1/spv-requests/svr_1`, { headers });
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const error = await res.json();
        // The operation's declared 401 schema: the partner envelope, nothing it does not declare.
        for (const key of schema.required) expect(error).toHaveProperty(key);
        expect(Object.keys(error).every((key) => key in schema.properties)).toBe(true);
        expect(codes).toContain(error.code);
        expect(error.code).toBe('invalid_token');
        expect(error.detail).toMatch(detail);
        expect(error.detail).not.toMatch(/expired/);
        expect(error.errorId).toMatch(UUID);
        ids.push(error.errorId);
      }
      expect(ids[0]).not.toBe(ids[1]);
    }
    // Asked for with a token, the 401 is still the spec's example.
    const asked = await fetch(`${mock.url}/v1/spv-requests/svr_1`, { headers: { ...auth, prefer: 'code=401' } });
    expect(asked.status).toBe(401);
    expect(await asked.json()).toEqual(firstExample(operation, '401'));
  });

  it('answers a missing token before the violations of the request itself, in the same envelope', async () => {
    const res = await fetch(`${mock.url}/v1/investors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'invalid_token', detail: expect.stringMatching(/no access token/) });
  });

  it('answers an unknown route with 404 not_found in the partner envelope', async () => {
    const res = await fetch(`${mock.url}/v2/nothing-here`, { headers: auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it('answers a path parameter that is not percent-encoded UTF-8 with 404, and stays up', async () => {
    // Prism itself threw on these and exited: every later request was a 502.
    for (const slug of ['%ZZ', '%E0%A4%A']) {
      const res = await fetch(`${mock.url}/v1/spv-requests/${slug}`, { headers: auth });
      expect(res.status).toBe(404);
      const error = await res.json();
      expect(error).toMatchObject({ code: 'not_found' });
      expect(error.errorId).toMatch(UUID);
    }
    const after = await fetch(`${mock.url}/v1/spv-requests/svr_a1b2c3`, { headers: auth });
    expect(after.status).toBe(200);
  });

  it('answers a Prefer header Prism cannot read with 400 invalid_request, never a 422 envelope', async () => {
    for (const prefer of ['code=abc', 'code=', 'code=404.0', 'dynamic=abc']) {
      const res = await fetch(`${mock.url}/v1/spv-requests/svr_a1b2c3`, { headers: { ...auth, prefer } });
      expect(res.status, prefer).toBe(400);
      const error = await res.json();
      expect(error).toMatchObject({ code: 'invalid_request', errorId: expect.stringMatching(UUID) });
      // One line in the mock's own words (it was Prism's validator tree: `optional property "code"\n└─ …`).
      expect(error.detail, prefer).toContain(`Prefer: ${prefer} `);
      expect(error.detail, prefer).toContain('code=<declared status>');
      expect(error.detail, prefer).toContain('example=<example name>');
      expect(error.detail, prefer).not.toMatch(/\n|└─|cannot decode/);
    }
    const query = await fetch(`${mock.url}/v1/spv-requests/svr_a1b2c3?__code=abc`, { headers: auth });
    expect(query.status).toBe(400);
    expect((await query.json()).detail).toMatch(/^__code=abc is not a status: [^\n]*$/);
  });

  it('answers a body of an undeclared content type with 400 invalid_request where 415 is not declared', async () => {
    const res = await fetch(`${mock.url}/v1/investors`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid_request', errorId: expect.stringMatching(UUID) });
    // Where 415 is declared, it names the content type the operation takes, not the spec example's.
    const upload = await fetch(`${mock.url}/v1/spvs/veh_x/subscription/per_1/forms`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(upload.status).toBe(415);
    const refusal = await upload.json();
    expect(refusal).toMatchObject({ code: 'unsupported_media_type', errorId: expect.stringMatching(UUID) });
    expect(refusal.detail).toContain('multipart/form-data');
  });

  it('refuses a JSON body over 10 MiB with 413 as soon as it is over, without waiting for (or keeping) the rest', async () => {
    // An upload that is never finished: the mock buffered it whole before looking, so it never answered.
    const { hostname, port } = new URL(mock.url);
    const answer = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const upload = httpRequest(
        {
          host: hostname,
          port,
          method: 'POST',
          path: '/v1/investors',
          headers: { ...auth, 'content-type': 'application/json' },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode, body }));
        },
      );
      upload.on('error', reject);
      upload.write(Buffer.alloc(11 * 1024 * 1024, 0x20));
      setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'payload_too_large', errorId: expect.stringMatching(UUID) });
    const after = await fetch(`${mock.url}/public/hc`);
    expect(after.status).toBe(200);
  }, 30_000);

  it('answers a request Node cannot parse (huge headers, not HTTP) in the partner envelope', async () => {
    const { hostname, port } = new URL(mock.url);
    const rawExchange = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(text));
        let answer = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => {
          answer += chunk;
        });
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    const cases = [
      [`GET /public/hc HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, 431],
      ['hello\r\n\r\n', 400],
    ] as const;
    for (const [text, status] of cases) {
      const answer = await rawExchange(text);
      expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject({ code: 'invalid_request', errorId: expect.stringMatching(UUID) });
    }
  });

  it('refuses options of the wrong type with MockOptionsError before starting Prism', async () => {
    const wrong: unknown[] = [null, { port: 'abc' }, { port: -1 }, { port: 70_000 }, { host: 5 }, { dynamic: 'yes' }];
    for (const options of wrong) {
      const started = Date.now();
      await expect(startMock(options as never), JSON.stringify(options)).rejects.toBeInstanceOf(MockOptionsError);
      await expect(startMock(options as never)).rejects.toMatchObject({ code: 'invalid_options' });
      // Prism takes seconds to start; a refusal that waited for it would not be this fast.
      expect(Date.now() - started).toBeLessThan(500);
    }
  });

  it('answers 503 service_unavailable in the envelope once Prism has died, without hanging', async () => {
    const before = children();
    const lonely = await startMock({ port: 0 });
    try {
      const prism = children().filter((pid) => !before.includes(pid));
      expect(prism).toHaveLength(1);
      process.kill(prism[0]!, 'SIGKILL');
      expect(await lonely.prismExited).toMatch(/^Prism exited \(SIGKILL\)/);
      const res = await fetch(`${lonely.url}/v1/spv-requests/svr_a1b2c3`, {
        headers: auth,
        signal: AbortSignal.timeout(5000),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'service_unavailable', errorId: expect.stringMatching(UUID) });
    } finally {
      await lonely.stop();
    }
  }, 60_000);

  it('stops cleanly and frees its port', async () => {
    const other = await startMock({ port: 0 });
    await other.stop();
    await expect(fetch(`${other.url}/public/hc`)).rejects.toThrow();
  }, 60_000);
});

describe('hostile requests to the proxy', () => {
  /** Sends raw bytes and reads until the mock closes the connection (or `ms` pass: then `closed` is false). */
  const raw = (text: string, ms = 3000) =>
    new Promise<{ answer: string; closed: boolean }>((resolve, reject) => {
      const target = new URL(mock.url);
      const socket = connect(Number(target.port), target.hostname, () => socket.write(text));
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ answer, closed: false });
      }, ms);
      socket.setEncoding('latin1').on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ answer, closed: true });
      });
      socket.on('error', reject);
    });

  it('reports the actual violations of a request with very many of them, not the spec example 422', async () => {
    // Over about 8 KB Prism cuts its violations header short; the proxy answered the canned 422 example
    // (`query.perPage`) for a body with hundreds of invalid rows.
    const investors = Array.from({ length: 300 }, (_, i) => ({ partnerInvestorId: `p${i}`, email: 'bad' }));
    const res = await fetch(`${mock.url}/v1/investors`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ investors }),
    });
    expect(res.status).toBe(422);
    const { detail } = await res.json();
    expect(detail.length).toBeGreaterThan(10);
    for (const item of detail) {
      expect(item.loc.slice(0, 2)).toEqual(['body', 'investors']);
      expect(typeof item.msg).toBe('string');
    }
    expect(detail[0].loc).toEqual(['body', 'investors', 0, expect.any(String)]);
  });

  it("closes an HTTP/1.0 client's connection after its answer instead of passing on Prism's keep-alive", async () => {
    for (const path of ['/v1/oauth2/info', '/v1/spv-requests?perPage=0']) {
      const { answer, closed } = await raw(`GET ${path} HTTP/1.0\r\nAuthorization: Bearer t\r\n\r\n`);
      expect(closed, path).toBe(true);
      expect(answer.toLowerCase()).not.toContain('keep-alive');
    }
    // HTTP/1.1 connections are still reused.
    const { answer, closed } = await raw(
      'GET /public/hc HTTP/1.1\r\nHost: x\r\n\r\nGET /public/hc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(closed).toBe(true);
    expect(answer.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
  });

  it('answers a missing (HTTP/1.1) or repeated Host header with 400 invalid_request in the envelope', async () => {
    // Node answered a missing Host with a bare 400 and no body; a repeated one was served by the first.
    for (const head of ['GET /public/hc HTTP/1.1\r\n', 'GET /public/hc HTTP/1.1\r\nHost: a\r\nHost: b\r\n']) {
      const { answer } = await raw(`${head}Connection: close\r\n\r\n`);
      expect(answer.startsWith('HTTP/1.1 400 '), head).toBe(true);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject({ code: 'invalid_request', errorId: expect.stringMatching(UUID) });
      expect(body.detail).toContain('Host header');
    }
    // HTTP/1.0 needs none.
    expect((await raw('GET /public/hc HTTP/1.0\r\n\r\n')).answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("puts Prism's CORS headers on the proxy's own answers too, as on everything Prism answers", async () => {
    const origin = { origin: 'http://partner.example' };
    const answers = [
      await fetch(`${mock.url}/v1/oauth2/info`, { headers: { ...auth, ...origin } }), // Prism's own answer
      await fetch(`${mock.url}/v2/nothing-here`, { headers: { ...auth, ...origin } }), // translated
      await fetch(`${mock.url}/v1/spv-requests?perPage=0`, { headers: { ...auth, ...origin } }), // rebuilt 422
      await fetch(`${mock.url}/v1/spv-requests/%ZZ`, { headers: { ...auth, ...origin } }), // answered before Prism
      await fetch(`${mock.url}/v1/oauth2/info`, { headers: { ...auth, ...origin, prefer: 'code=418' } }),
    ];
    for (const res of answers) {
      expect(res.headers.get('access-control-allow-origin'), String(res.status)).toBe('http://partner.example');
      expect(res.headers.get('access-control-allow-credentials'), String(res.status)).toBeNull();
      await res.arrayBuffer();
    }
  });

  it('allows no credentialed CORS requests (the mock takes bearer tokens), and still lets a page send one', async () => {
    // The preflight a browser sends before a cross-origin request with an Authorization header: answered by Prism.
    const preflight = await fetch(`${mock.url}/v1/oauth2/info`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://partner.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://partner.example');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const answer = await fetch(`${mock.url}/v1/oauth2/info`, {
      headers: { ...auth, origin: 'http://partner.example' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://partner.example');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    await answer.arrayBuffer();
  });
});

describe('malformed Accept and Content-Type headers', () => {
  // Prism parses both with libraries that throw on a malformed value: uncaught, the throw made Prism exit (every
  // later request 503), or (a body's charset) answered 500. Its own mock, so a regression takes down no other test.
  let own: RunningMock;
  let died: string | undefined;
  beforeAll(async () => {
    own = await startMock({ port: 0 });
    void own.prismExited.then((why) => {
      died = why;
    });
  }, 60_000);
  afterAll(async () => {
    await own?.stop();
  });

  /** A header value as the bytes of its UTF-8 form (Node reads header bytes as latin1). */
  const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  const long = 'a'.repeat(6000);

  /** Sends one request as raw bytes, header values exactly as given, and reads its status and JSON body. */
  const send = (head: string, body = '') =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const target = new URL(own.url);
      const socket = connect(Number(target.port), target.hostname, () =>
        socket.write(`${head}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`, 'latin1'),
      );
      let answer = '';
      socket.setEncoding('latin1').on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('close', () => {
        const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]);
        const text = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
        resolve({ status, body: parsed });
      });
      socket.on('error', reject);
    });

  /** Prism is still running, and the mock serves a normal request. */
  async function stillServing() {
    expect(died).toBeUndefined();
    const res = await fetch(`${own.url}/v1/spv-requests/svr_a1b2c3`, { headers: auth });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }

  const envelope = (code: string) => ({ code, detail: expect.any(String), errorId: expect.stringMatching(UUID) });

  it('answers every malformed Accept with 400 invalid_request in the envelope, and Prism stays up', async () => {
    const accepts = [
      'x',
      'text/html;',
      'a/b/c',
      ';',
      '/',
      ',x',
      'text/',
      '/json',
      '*',
      '*/*;',
      'text/html;;',
      'text/html; a',
      'text/html;a=',
      'text/html;=b',
      'text/html; a="b',
      'text/html; a="b,c"',
      '"text/html"',
      'text/html q=1',
      'text/html\t;',
      'application/json;q=0.5;',
      'text/html, x',
      'application/json, x',
      'application/json, text/html;',
      utf8('tëxt/html'),
      utf8('text/html; a=ü'),
      utf8('application/json; q=1 ☃'),
      utf8('☃/☃'),
      '\xa0\xff',
      `${long}/`,
      `text/${long};`,
      `text/html;${'a=b;'.repeat(1500)}`,
      `text/html${';'.repeat(3000)}`,
    ];
    for (const accept of accepts) {
      const { status, body } = await send(`GET /v1/contracts HTTP/1.1\r\nHost: mock\r\nAccept: ${accept}\r\n`);
      expect(status, JSON.stringify(accept.slice(0, 80))).toBe(400);
      expect(body, JSON.stringify(accept.slice(0, 80))).toEqual(envelope('invalid_request'));
      expect(body.detail).toContain('The Accept header is malformed');
    }
    // On a secured operation, and with a Prefer the proxy checks too.
    const secured = await send(
      'GET /v1/spv-requests/svr_a1b2c3 HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer t\r\nPrefer: code=404\r\nAccept: x\r\n',
    );
    expect(secured.status).toBe(400);
    await stillServing();
  });

  it('ignores empty Accept parts (RFC 9110 section 5.6.1.2), on which Prism exited, instead of refusing them', async () => {
    for (const [accept, status] of [
      ['application/json,', 200],
      [', ,', 200],
      ['application/json, , */*', 200],
      // No response in text/html: Prism's own 406, as without the empty part.
      ['text/html,', 406],
      ['text/html, ', 406],
    ] as const) {
      const res = await fetch(`${own.url}/v1/contracts`, { headers: { accept } });
      expect(res.status, accept).toBe(status);
      await res.arrayBuffer();
    }
    await stillServing();
  });

  it('answers every malformed Content-Type in the envelope: 415 where declared with a body, else 400', async () => {
    const types = [
      'x',
      'text/plain;',
      'application/json; charset=',
      'application/json;;',
      ';',
      '/',
      'application/',
      '/json',
      'application/json; a',
      'application/json; =utf-8',
      'application/json; charset="utf-8',
      '"application/json"',
      'application/json, text/plain',
      'application/json charset=utf-8',
      'multipart/form-data; boundary=',
      '\xa0application/json',
      utf8('applicätion/json'),
      utf8('application/json; charset=ü'),
      utf8('☃/☃'),
      long,
      `application/${long};`,
      `application/json;${'a=b;'.repeat(1500)}`,
    ];
    const forms = 'POST /v1/spvs/spv_1/subscription/per_1/forms HTTP/1.1';
    for (const type of types) {
      const label = JSON.stringify(type.slice(0, 80));
      const head = (line: string) =>
        `${line}\r\nHost: mock\r\nAuthorization: Bearer t\r\nIdempotency-Key: k-1\r\nContent-Type: ${type}\r\n`;
      // Without a body: a request header the mock cannot read.
      const bare = await send(head('GET /v1/contracts HTTP/1.1'));
      expect([bare.status, bare.body], label).toEqual([400, envelope('invalid_request')]);
      // With one: a body of a content type the operation does not take (415 only where the operation declares it).
      const json = await send(head('POST /v1/spv-requests HTTP/1.1'), '{}');
      expect([json.status, json.body], label).toEqual([400, envelope('invalid_request')]);
      const upload = await send(head(forms), 'x');
      expect([upload.status, upload.body], label).toEqual([415, envelope('unsupported_media_type')]);
      expect(upload.body.detail).toContain('The Content-Type header is malformed');
    }
    await stillServing();
  });

  it('still serves well-formed media types with parameters, and leaves an empty Content-Type to Prism', async () => {
    const accepted = await fetch(`${own.url}/v1/contracts`, {
      headers: { accept: 'text/html;level=1;q=0.9, application/json; charset="utf-8"; q=0.8, */*;q=0.1' },
    });
    expect(accepted.status).toBe(200);
    await accepted.arrayBuffer();
    const created = await send(
      'POST /v1/spv-requests HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer t\r\nIdempotency-Key: k-2\r\nContent-Type: application/json; charset=utf-8\r\n',
      '{}',
    );
    // Prism validated the body (a 422 listing its violations), not the header.
    expect(created.status).toBe(422);
    const empty = await send('GET /v1/contracts HTTP/1.1\r\nHost: mock\r\nContent-Type: \r\n');
    expect(empty.status).toBe(200);
    await stillServing();
  });

  it("answers a request target Prism's URL parser cannot read (//) with 404, instead of exiting the proxy", async () => {
    // The proxy's own Prefer check threw on it, uncaught: the whole mock exited. Prism answered it 500.
    for (const target of ['//', '//?__code=200']) {
      const { status, body } = await send(`GET ${target} HTTP/1.1\r\nHost: mock\r\n`);
      expect([status, body], target).toEqual([404, envelope('not_found')]);
    }
    await stillServing();
  });
});

/** Every operation of the spec, with a path that reaches it and its responses' example names (`default` for `example`). */
function operations() {
  const found: { method: string; path: string; label: string; responses: Record<string, string[]> }[] = [];
  for (const [template, item] of Object.entries<any>(spec.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (!operation?.responses) continue;
      const responses: Record<string, string[]> = {};
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = resolve<any>(response).content ?? {};
        responses[status] = Object.values<any>(content).flatMap((media) => [
          ...('example' in media ? ['default'] : []),
          ...Object.keys(media.examples ?? {}),
        ]);
      }
      const path = template.replace(/\{[^}]+\}/g, 'x_1');
      found.push({ method: method.toUpperCase(), path, label: `${method.toUpperCase()} ${template}`, responses });
    }
  }
  return found;
}

/** The value of one named example of a response (`default`: the media type's `example`). */
function exampleValue(method: string, path: string, key: string, name: string) {
  const template = Object.keys(spec.paths).find((t) => t.replace(/\{[^}]+\}/g, 'x_1') === path)!;
  const content = resolve<any>(spec.paths[template][method.toLowerCase()].responses[key]).content['application/json'];
  return name === 'default' ? content.example : resolve<any>(content.examples[name]).value;
}

/** A status that picks the response declared under `key` (`5XX` is asked for as 500). */
const statusFor = (key: string) => key.replace(/XX$/, '00');

describe('Prefer asking for a response the operation does not have', () => {
  const ask = (method: string, path: string, prefer?: string) =>
    fetch(`${mock.url}${path}`, { method, headers: prefer === undefined ? auth : { ...auth, prefer } });

  async function expectRefusal(res: Response, ...mentions: string[]) {
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error).toMatchObject({ code: 'invalid_request', errorId: expect.stringMatching(UUID) });
    for (const mention of mentions) expect(error.detail).toContain(mention);
    return error.detail as string;
  }

  it('names an unknown example of every declared status of every operation, and lists the ones it has', async () => {
    // It was a 500 with Prism's "We tried default response" for every one of them.
    for (const { method, path, label, responses } of operations()) {
      for (const [key, examples] of Object.entries(responses)) {
        const res = await ask(method, path, `code=${statusFor(key)}, example=noSuchExample`);
        await expectRefusal(res, 'noSuchExample', label, ...examples);
      }
    }
  });

  it('still serves every declared example when asked for by status and name', async () => {
    // Operations without a request body, so the request itself is valid and the asked example is what is served.
    for (const { method, path, responses } of operations().filter(
      (op) => op.method === 'GET' || op.method === 'DELETE',
    )) {
      for (const [key, examples] of Object.entries(responses)) {
        for (const example of examples) {
          const res = await ask(method, path, `code=${statusFor(key)}, example=${example}`);
          expect(res.status, `${method} ${path} ${key} ${example}`).toBe(Number(statusFor(key)));
          expect(await res.json()).toEqual(exampleValue(method, path, key, example));
        }
      }
    }
  });

  it('answers an example name without code= that the served response lacks, pointing at the status that has it', async () => {
    // It was 404 not_found, as if the resource were missing.
    const get = '/v1/spv-requests/svr_a1b2c3';
    const detail = await expectRefusal(await ask('GET', get, 'example=notFound'), 'approved, pendingReview, rejected');
    expect(detail).toContain('code=404, example=notFound');
    await expectRefusal(await ask('GET', get, 'example=missing'), '"missing"');
    await expectRefusal(await ask('GET', `${get}?__example=missing`), '__example=missing');
    // Two Prefer headers are one list; the first code and the first example count, as in Prism.
    const twice = await fetch(`${mock.url}${get}`, {
      headers: [
        ['authorization', 'Bearer t'],
        ['prefer', 'code=404'],
        ['prefer', 'code=200, example=zzz'],
      ],
    });
    await expectRefusal(twice, '404 response', '"zzz"');
  });

  it('answers a status the operation does not declare with the statuses it does, not 404 not_found', async () => {
    for (const { method, path, label, responses } of operations()) {
      const declared = Object.keys(responses).join(', ');
      const takes = (code: string) => [code, `${code[0]}XX`, 'default'].some((key) => key in responses);
      for (const code of ['418', '204', '000', '999'].filter((code) => !takes(code))) {
        await expectRefusal(await ask(method, path, `code=${code}`), `code=${code}`, label, declared);
      }
    }
    await expectRefusal(
      await ask('GET', '/v1/spv-requests/svr_a1b2c3?__code=418&__example=x'),
      '__code=418',
      '200, 401, 404, 422, 5XX',
    );
  });

  it('refuses example= written as a parameter of code= (after ";"), which Prism silently ignored', async () => {
    // Prism served the first 404 example whatever was named after the ';'.
    const detail = await expectRefusal(await ask('GET', '/v1/spv-requests/svr_a1b2c3', 'code=404; example=notFound'));
    expect(detail).toContain("separate preferences with ','");
  });

  it('checks Prefer before the request, as Prism reads it first', async () => {
    // An invalid query and no token: the Prefer mistake is what is answered, not a 422 or a 401.
    await expectRefusal(await ask('GET', '/v1/spv-requests?perPage=0', 'code=422, example=nope'), '"nope"');
    const noToken = await fetch(`${mock.url}/v1/oauth2/info`, { headers: { prefer: 'code=418' } });
    await expectRefusal(noToken, 'code=418');
    // Not a Prefer mistake: other preferences, quoted values and valid choices are served as before.
    for (const [prefer, status] of [
      ['return=minimal', 200],
      ['code="404", example="notFound"', 404],
      ['example=rejected', 200],
      ['code=503, example=serviceUnavailable', 503],
    ] as const) {
      expect((await ask('GET', '/v1/spv-requests/svr_a1b2c3', prefer)).status, prefer).toBe(status);
    }
  });

  it('answers code= with an Accept no response can satisfy as 406, the same as without code=', async () => {
    for (const prefer of [undefined, 'code=404', 'code=200']) {
      const headers = { ...auth, accept: 'text/html', ...(prefer ? { prefer } : {}) };
      const res = await fetch(`${mock.url}/v1/spv-requests/svr_a1b2c3`, { headers });
      expect(res.status, prefer).toBe(406);
      expect(await res.json()).toMatchObject({ code: 'invalid_request', errorId: expect.stringMatching(UUID) });
    }
  });
});

describe('dynamic mode', () => {
  const CODES: Record<string, string[]> = {
    '400': ['validation_error', 'invalid_request'],
    '401': ['invalid_token'],
    '403': ['forbidden'],
    '404': ['not_found'],
    '409': ['conflict'],
    '413': ['payload_too_large'],
    '415': ['unsupported_media_type'],
    '5XX': ['internal_error', 'service_unavailable'],
  };

  it('sends generated error envelopes with the code their status has, as partners branch on it', async () => {
    // Prism generated `code` from the whole enum: a 404 with `conflict`, a 401 with `validation_error`.
    const dynamic = await startMock({ port: 0, dynamic: true });
    try {
      for (const { method, path, responses } of operations().filter((op) => ['GET', 'DELETE'].includes(op.method))) {
        for (const key of Object.keys(responses).filter((key) => key in CODES)) {
          for (let round = 0; round < 3; round++) {
            const res = await fetch(`${dynamic.url}${path}`, {
              method,
              headers: { ...auth, prefer: `code=${statusFor(key)}` },
            });
            expect(res.status).toBe(Number(statusFor(key)));
            const error = await res.json();
            expect(CODES[key], `${method} ${path} ${key}`).toContain(error.code);
            if (error.code !== 'validation_error') expect(error).not.toHaveProperty('validationErrors');
          }
        }
      }
    } finally {
      await dynamic.stop();
    }
  }, 60_000);
});

describe('a Prism that stops answering without exiting', () => {
  it('answers 503 service_unavailable after upstreamTimeoutMs, and serves again once Prism does', async () => {
    const before = children();
    const slow = await startMock({ port: 0, upstreamTimeoutMs: 1000 });
    const [prism] = children().filter((pid) => !before.includes(pid));
    try {
      expect((await fetch(`${slow.url}/v1/spv-requests/svr_a1b2c3`, { headers: auth })).status).toBe(200);
      // Stopped, Prism still accepts connections (the kernel does) but never answers: the partner's request hung.
      process.kill(prism!, 'SIGSTOP');
      const started = Date.now();
      const upload = new FormData();
      upload.append('file', new Blob([new Uint8Array(4 * 1024 * 1024)], { type: 'application/pdf' }), 'a.pdf');
      const answers = await Promise.all([
        fetch(`${slow.url}/v1/spv-requests/svr_a1b2c3`, { headers: auth, signal: AbortSignal.timeout(8000) }),
        fetch(`${slow.url}/v1/investors`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{"investors":[]}',
          signal: AbortSignal.timeout(8000),
        }),
        // An upload Prism stops taking halfway.
        fetch(`${slow.url}/v1/spvs/veh_x/subscription/per_1/forms`, {
          method: 'POST',
          headers: auth,
          body: upload,
          signal: AbortSignal.timeout(8000),
        }),
      ]);
      expect(Date.now() - started).toBeLessThan(5000);
      for (const res of answers) {
        expect(res.status).toBe(503);
        const error = await res.json();
        expect(error).toMatchObject({ code: 'service_unavailable', errorId: expect.stringMatching(UUID) });
        expect(error.detail).toContain('1000 ms');
      }
      process.kill(prism!, 'SIGCONT');
      const again = await fetch(`${slow.url}/v1/spv-requests/svr_a1b2c3`, {
        headers: auth,
        signal: AbortSignal.timeout(8000),
      });
      expect(again.status).toBe(200);
    } finally {
      process.kill(prism!, 'SIGCONT');
      await slow.stop();
    }
  }, 60_000);

  it('answers requests in flight when Prism dies 503 service_unavailable, not 502', async () => {
    const before = children();
    const dying = await startMock({ port: 0 });
    const [prism] = children().filter((pid) => !before.includes(pid));
    try {
      process.kill(prism!, 'SIGSTOP');
      const inFlight = [1, 2, 3].map(() =>
        fetch(`${dying.url}/v1/spv-requests/svr_a1b2c3`, { headers: auth, signal: AbortSignal.timeout(8000) }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.kill(prism!, 'SIGKILL');
      for (const res of await Promise.all(inFlight)) {
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ code: 'service_unavailable', errorId: expect.stringMatching(UUID) });
      }
    } finally {
      await dying.stop();
    }
  }, 60_000);

  it('closes its connection to a hanging Prism when the client gives up, instead of keeping it open', async () => {
    const before = children();
    const slow = await startMock({ port: 0, upstreamTimeoutMs: 60_000 });
    const [prism] = children().filter((pid) => !before.includes(pid));
    const toPrism = () => establishedTo(Number(new URL(slow.prismUrl).port));
    try {
      process.kill(prism!, 'SIGSTOP');
      const idle = toPrism();
      const giveUp = new AbortController();
      const waiting = Array.from({ length: 5 }, () =>
        fetch(`${slow.url}/v1/oauth2/info`, { headers: auth, signal: giveUp.signal }).catch(() => undefined),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(toPrism()).toBe(idle + 5);
      giveUp.abort();
      await Promise.all(waiting);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(toPrism()).toBe(idle);
    } finally {
      process.kill(prism!, 'SIGCONT');
      await slow.stop();
    }
  }, 60_000);

  it('refuses an upstreamTimeoutMs that is not a whole number of milliseconds a timer can wait', async () => {
    for (const upstreamTimeoutMs of [0, -1, 1.5, '1000', Number.NaN, 2 ** 31, null]) {
      await expect(startMock({ upstreamTimeoutMs } as never), String(upstreamTimeoutMs)).rejects.toThrow(
        /upstreamTimeoutMs must be an integer from 1 to 2147483647/,
      );
    }
  });
});

/** How many established loopback TCP connections go to `port` (from this machine's /proc/net/tcp). */
function establishedTo(port: number): number {
  const remote = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[2]?.endsWith(remote) && fields[3] === '01').length;
}

/** The ids of this process's child processes (the Prism processes of the mocks it started). */
function children(parent = process.pid): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(parent)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

describe('zest-mock command', () => {
  const bin = fileURLToPath(new URL('../bin/zest-mock.js', import.meta.url));
  const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('answers a command-line mistake with one line and the usage, not a stack trace', () => {
    for (const [args, message] of [
      [['--nope'], "Unknown option '--nope'"],
      [['--port'], 'argument missing'],
      // Number('') is 0 and Number('0x1F90') is 8080: neither is a port anybody typed.
      [['--port', ''], '--port must be an integer between 0 and 65535, got ""'],
      [['--port', '0x1F90'], '--port must be an integer between 0 and 65535, got "0x1F90"'],
      // Refused by startMock itself, before Prism starts (it failed inside Prism, with Prism's usage).
      [['--host', ''], 'host must be a non-empty string, got ""'],
      [['--upstream-timeout-ms', '0'], '--upstream-timeout-ms must be an integer from 1 to 2147483647, got "0"'],
      [['--upstream-timeout-ms', '5s'], '--upstream-timeout-ms must be an integer from 1 to 2147483647, got "5s"'],
    ] as const) {
      const result = run([...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr, args.join(' ')).toContain('Usage: zest-mock');
      expect(result.stderr, args.join(' ')).not.toMatch(/^\s+at /m);
    }
  });

  it('exits 1 with one line when its Prism process dies, instead of running on as a dead mock', async () => {
    const cli = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve) => cli.stdout.once('data', () => resolve()));
      const prism = children(cli.pid);
      expect(prism).toHaveLength(1);
      process.kill(prism[0]!, 'SIGKILL');
      // Bounded, so the finally below still stops a CLI that runs on.
      const late = new Promise<string>((resolve) =>
        setTimeout(() => resolve('still running after 20 s'), 20_000).unref(),
      );
      expect(await Promise.race([exited, late])).toBe(1);
      expect(stderr.trim()).toMatch(/^zest-mock: Prism exited \(SIGKILL\)[^\n]*$/);
    } finally {
      cli.kill();
    }
  }, 60_000);

  it('answers a request without a token in its own envelope, a fresh errorId each time, as a started command', async () => {
    const cli = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve) => cli.stdout.setEncoding('utf8').once('data', resolve));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      const answers = [];
      for (let call = 0; call < 2; call++) {
        const res = await fetch(`${url}/v1/spv-requests/svr_1`);
        expect(res.status).toBe(401);
        answers.push(await res.json());
      }
      for (const answer of answers)
        expect(answer).toEqual({
          code: 'invalid_token',
          detail: expect.stringMatching(/no access token.*Authorization: Bearer/),
          errorId: expect.stringMatching(UUID),
        });
      expect(answers[0].errorId).not.toBe(answers[1].errorId);
    } finally {
      cli.kill();
    }
  }, 60_000);

  it('answers a malformed Accept (as any web page can send) with 400 and keeps running', async () => {
    const cli = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve) => cli.stdout.setEncoding('utf8').once('data', resolve));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      // `Accept: x` is a CORS-safelisted header: a no-cors fetch from any page sends it. It made Prism exit, and
      // zest-mock with it.
      for (const accept of ['x', 'text/html;', 'a/b/c']) {
        const res = await fetch(`${url}/v1/contracts`, { headers: { accept } });
        expect(res.status, accept).toBe(400);
        expect(await res.json()).toMatchObject({ code: 'invalid_request', errorId: expect.stringMatching(UUID) });
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(cli.exitCode).toBeNull();
      const after = await fetch(`${url}/v1/contracts`);
      expect(after.status).toBe(200);
      await after.arrayBuffer();
    } finally {
      cli.kill();
    }
  }, 60_000);

  it('says in one line that its port is taken, instead of a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const result = run(['--port', String((taken.address() as AddressInfo).port)]);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toMatch(/^zest-mock: cannot start: listen EADDRINUSE[^\n]*$/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 90_000);
});

/** One request with its target exactly as given (`//x`, `\`), read as status and parsed JSON body. */
function call(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) {
  const { hostname, port } = new URL(mock.url);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    // Node frames no body on a GET or DELETE by itself: its length is given.
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = httpRequest({ host: hostname, port, method, path, headers: { ...headers, ...length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: kept as text.
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The response keys an operation declares, from the bundled spec. */
function declaredKeys(method: string, template: string): string[] {
  return Object.keys(spec.paths[template][method.toLowerCase()].responses);
}

describe('request targets read as the paths they are', () => {
  it('answers a path starting with // (or /\\, or more slashes) 404 naming it, not the operation after its first segment', async () => {
    // Prism read `//evil.com/v1/…` as a URL naming the host evil.com and served `/v1/…`; `//public/hc` became `/hc`.
    for (const path of [
      '//evil.com/v1/spv-requests/svr_x',
      '//public/hc',
      '///public/hc',
      '////v1/oauth2/info',
      '/\\evil.com/public/hc',
      '/\\/public/hc',
      '//evil.com/public/hc?x=1',
      '//',
    ]) {
      const { status, body } = await call('GET', path, auth);
      const named = path.split('?', 1)[0];
      expect([status, body], path).toEqual([
        404,
        { code: 'not_found', detail: `No operation has the path ${named}.`, errorId: expect.stringMatching(UUID) },
      ]);
    }
  });

  it("leaves // in the middle to Prism, and keeps a backslash inside a path from becoming '/'", async () => {
    for (const path of ['/public//hc', '/v1//spv-requests/svr_x', '/public\\hc', '/v1\\oauth2/info']) {
      const { status, body } = await call('GET', path, auth);
      expect([status, body.code], path).toEqual([404, 'not_found']);
    }
    // A backslash within a parameter is part of its value (Prism split it into two segments before).
    const slug = await call('GET', '/v1/spv-requests/svr\\x', auth);
    expect(slug.status).toBe(200);
    const plain = await call('GET', '/public/hc');
    expect([plain.status, plain.body]).toEqual([200, { status: 'ok' }]);
  });
});

describe('statuses the operation does not declare', () => {
  const invalid = (detail: unknown = expect.any(String)) => ({
    code: 'invalid_request',
    detail,
    errorId: expect.stringMatching(UUID),
  });

  it('answers a body on an operation that takes none 400 invalid_request where it declares no 415, on every one', async () => {
    // `/public/hc`, `/v1/oauth2/info` and `/v1/contracts` answered 415, which they do not declare.
    for (const { method, path, label } of operations()) {
      const template = label.slice(method.length + 1);
      if (spec.paths[template][method.toLowerCase()].requestBody) continue;
      const { status, body } = await call(method, path, { ...auth, 'content-type': 'text/plain' }, 'hi');
      const expected = declaredKeys(method, template).includes('415') ? 415 : 400;
      expect(status, label).toBe(expected);
      if (expected === 400) expect(body, label).toEqual(invalid());
    }
    // Where 415 is declared it stays 415.
    const upload = await call(
      'POST',
      '/v1/spvs/veh_x/subscription/per_1/forms',
      {
        ...auth,
        'content-type': 'text/plain',
      },
      'hi',
    );
    expect([upload.status, upload.body.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('answers malformed JSON 400 invalid_request where the operation declares no 422, and 422 where it does', async () => {
    for (const [method, path] of [
      ['GET', '/public/hc'],
      ['GET', '/v1/oauth2/info'],
      ['GET', '/v1/contracts'],
    ] as const) {
      const { status, body } = await call(method, path, { ...auth, 'content-type': 'application/json' }, 'x');
      expect([status, body], path).toEqual([400, invalid(expect.stringContaining('JSON'))]);
    }
    const declared = await call('POST', '/v1/investors', { ...auth, 'content-type': 'application/json' }, 'x');
    expect(declared.status).toBe(422);
    expect(declared.body.detail).toEqual([expect.objectContaining({ loc: ['body'], type: 'json_invalid' })]);
  });

  it('answers a JSON body over 10 MiB 400 invalid_request where the operation declares no 413', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    const headers = { ...auth, 'content-type': 'application/json' };
    for (const [method, path] of [
      ['DELETE', '/v1/spv-requests/svr_a'],
      ['GET', '/v1/oauth2/info'],
    ] as const) {
      const { status, body } = await call(method, path, headers, big).catch(() => ({ status: 0, body: undefined }));
      expect([status, body], path).toEqual([400, invalid('The request body exceeds 10,485,760 bytes.')]);
    }
    const declared = await call('POST', '/v1/investors', headers, big).catch(() => ({ status: 0, body: undefined }));
    expect([declared.status, declared.body?.code]).toEqual([413, 'payload_too_large']);
  }, 30_000);
});
