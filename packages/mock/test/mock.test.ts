import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSpecPath, type RunningMock, startMock } from '../src/index.js';

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

  it('stops cleanly and frees its port', async () => {
    const other = await startMock({ port: 0 });
    await other.stop();
    await expect(fetch(`${other.url}/public/hc`)).rejects.toThrow();
  }, 60_000);
});

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
    ] as const) {
      const result = run([...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr, args.join(' ')).toContain('Usage: zest-mock');
      expect(result.stderr, args.join(' ')).not.toMatch(/^\s+at /m);
    }
  });

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
