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
    for (const prefer of ['code=abc', 'code=']) {
      const res = await fetch(`${mock.url}/v1/spv-requests/svr_a1b2c3`, { headers: { ...auth, prefer } });
      expect(res.status, prefer).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'invalid_request', errorId: expect.stringMatching(UUID) });
    }
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
