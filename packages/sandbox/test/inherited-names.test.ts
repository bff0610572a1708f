// Names every JS object inherits (constructor, toString, __proto__, …) must be treated like any other unknown name,
// wherever a request's keys are looked up: contract attributes at every depth, the body root, query, form and
// multipart fields, path parameters, the Content-Type, investor ids, admin bodies.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { loadBundledSpec, type OpenApiDocument } from '../src/spec/openapi.js';
import { namesInheritedMembers } from '../src/spec/validators.js';
import {
  assertion,
  authedClient,
  type Client,
  expectEnvelope,
  makePartner,
  spvRequestBody,
  startTestSandbox,
  type TestPartner,
  token,
  useSandbox,
} from './helpers.js';
import { raw } from './raw-http.js';

/** Every name on Object.prototype (12 in Node 20, `__proto__` included), and one plain unknown name as the control. */
const INHERITED = Object.getOwnPropertyNames(Object.prototype);
const CONTROL = 'bogusName';

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;
let accessToken: string;

useSandbox((started) => ({ sandbox, partner, api } = started));
beforeAll(async () => {
  accessToken = await token(sandbox, partner);
});

const FULL_ATTRIBUTES = {
  underlyingCompanySlug: 'co_acme',
  currency: 'USD',
  dealName: 'Acme secondary',
  shareClasses: [
    {
      name: 'Class A',
      managementFeePercent: '2.0',
      carryPercent: '20.0',
      setupFee: { currency: 'USD', value: '500.00' },
    },
  ],
  targetRaise: { currency: 'USD', value: '1000000.00' },
  pricePerShare: { currency: 'USD', value: '36.97' },
};

type Path = (string | number)[];

/** Every object inside `value`, with its path. */
function objectPaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) objectPaths(item, [...path, i], out);
  } else if (value !== null && typeof value === 'object') {
    out.push(path);
    for (const [key, child] of Object.entries(value)) objectPaths(child, [...path, key], out);
  }
  return out;
}

/** A copy with an own, enumerable `name` member at `path` (defineProperty, so `__proto__` is a key, not the prototype). */
function withMember(root: unknown, path: Path, name: string, value: unknown = 'x'): any {
  const copy = structuredClone(root) as any;
  let node = copy;
  for (const key of path) node = node[key];
  Object.defineProperty(node, name, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const show = (path: Path) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');

/** The answer with the tested name replaced by a placeholder, errorId dropped: what must not depend on the name. */
function shape(status: number, body: any, name: string): unknown {
  const text = JSON.stringify({ status, ...body, errorId: undefined });
  return JSON.parse(text.split(JSON.stringify(name).slice(1, -1)).join('<NAME>'));
}

describe('names inherited from Object.prototype are unknown names like any other', () => {
  it(`refuses each of ${INHERITED.length} inherited names as unknown_attribute at every depth of the contract attributes, storing nothing`, async () => {
    const sites = objectPaths({ attributes: FULL_ATTRIBUTES }).filter((p) => p.length > 0);
    expect(sites.map(show)).toEqual(
      expect.arrayContaining(['attributes', 'attributes.shareClasses[0]', 'attributes.shareClasses[0].setupFee']),
    );
    let checked = 0;
    for (const site of sites) {
      for (const name of [...INHERITED, CONTROL]) {
        const body = withMember(spvRequestBody(FULL_ATTRIBUTES), site, name);
        const before = [...sandbox.store.values('spvRequests')].length;
        const result = await api.call('POST', '/v1/spv-requests', { json: body, idempotencyKey: randomUUID() });
        const envelope = expectEnvelope(result, 400, 'validation_error');
        const field = `${show(site)}.${name}`;
        expect(envelope.validationErrors, `${field}: ${result.text}`).toEqual([
          expect.objectContaining({ field, code: 'unknown_attribute' }),
        ]);
        expect([...sandbox.store.values('spvRequests')].length).toBe(before);
        checked += 1;
      }
    }
    expect(checked).toBe(sites.length * (INHERITED.length + 1));
  });

  it('answers an inherited name at the body root, in the query and in a form exactly as it answers an unknown name', async () => {
    for (const name of INHERITED) {
      // Body root of an open spec object: ignored, like any extra member.
      const root = await api.call('POST', '/v1/spv-requests', {
        json: withMember(spvRequestBody(), [], name),
        idempotencyKey: randomUUID(),
      });
      const control = await api.call('POST', '/v1/spv-requests', {
        json: withMember(spvRequestBody(), [], CONTROL),
        idempotencyKey: randomUUID(),
      });
      expect(root.status, `${name}: ${root.text}`).toBe(control.status);
      // Query: an unknown parameter changes nothing; a known one still wins when an inherited name comes first.
      const query = await api.call('GET', `/v1/spv-requests?${encodeURIComponent(name)}=1&perPage=1`);
      expect(query.status, `${name}: ${query.text}`).toBe(200);
      expect(query.body.limit).toBe(1);
      // Form: the token exchange with an extra field.
      const form = new URLSearchParams({
        [name]: 'x',
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: await assertion(sandbox, partner),
      });
      const exchanged = await raw(sandbox.url, {
        method: 'POST',
        path: '/v1/oauth2/tokens',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      expect(exchanged.status, `${name}: ${exchanged.text}`).toBe(201);
    }
  });

  it('treats an inherited name as Content-Type like any unknown media type (the body is never read unvalidated)', async () => {
    const send = (type: string) =>
      raw(sandbox.url, {
        method: 'POST',
        path: '/v1/spv-requests',
        headers: { authorization: `Bearer ${accessToken}`, 'idempotency-key': randomUUID(), 'content-type': type },
        body: '{}',
      });
    const control = await send(CONTROL.toLowerCase());
    expect(control.status).toBeGreaterThanOrEqual(400);
    for (const name of INHERITED) {
      const result = await send(name);
      expect(shape(result.status, result.json, name.toLowerCase()), result.text).toEqual(
        shape(control.status, control.json, CONTROL.toLowerCase()),
      );
    }
  });

  it('finds no inherited name in path parameters, contract names or the investor index', async () => {
    for (const name of INHERITED) {
      for (const path of [
        `/v1/spv-requests/${encodeURIComponent(name)}`,
        `/v1/contracts/templates/${encodeURIComponent(name)}`,
        `/v1/contracts/templates/1.0.0/${encodeURIComponent(name)}`,
      ]) {
        const result = await api.call('GET', path);
        expect(result.status, `${path}: ${result.text}`).toBe(404);
        expect(result.body.code).toBe('not_found');
      }
      // A partnerInvestorId is data: an inherited name is created once, then found again.
      const row = {
        partnerInvestorId: name,
        email: 'a@example.com',
        firstName: 'A',
        lastName: 'B',
        dateOfBirth: '1990-01-01',
      };
      const first = await api.call('POST', '/v1/investors', { json: { investors: [row] } });
      const again = await api.call('POST', '/v1/investors', { json: { investors: [row] } });
      expect(first.body.results[0].status, `${name}: ${first.text}`).toBe('created');
      expect(again.body.results[0]).toEqual({
        partnerInvestorId: name,
        status: 'already_exists',
        zestPersonId: first.body.results[0].zestPersonId,
      });
    }
  });

  it('refuses inherited names in admin bodies and changes nothing', async () => {
    for (const name of [...INHERITED, CONTROL]) {
      const faults = await api.call('PUT', '/sandbox/faults', {
        raw: JSON.stringify(withMember({}, [], name, { probability: 1 })),
        headers: { 'content-type': 'application/json' },
      });
      expectEnvelope(faults, 400, 'invalid_request');
      expect((await api.call('GET', '/sandbox/faults')).body).toEqual({});
      const clock = await api.call('POST', '/sandbox/clock', {
        raw: JSON.stringify(withMember({}, [], name, 60)),
        headers: { 'content-type': 'application/json' },
      });
      expectEnvelope(clock, 400, 'invalid_request');
      expect((await api.call('GET', '/sandbox/clock')).body.offsetSeconds).toBe(0);
    }
  });
});

describe('own-property checks in validation follow the spec', () => {
  it('the bundled spec names no inherited member, so its validators need none', () => {
    expect(namesInheritedMembers(loadBundledSpec())).toBe(false);
  });

  it.each(INHERITED)(
    'a spec whose request schema requires "%s" gets them: a body without it is refused',
    async (name) => {
      const doc = structuredClone(loadBundledSpec()) as unknown as {
        paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: unknown }> } }>>;
      };
      const media = doc.paths['/v1/investors']!.post!.requestBody.content['application/json']!;
      media.schema = { allOf: [media.schema, { required: [name] }] };
      expect(namesInheritedMembers(doc)).toBe(true);
      const owner = makePartner();
      const custom = await startTestSandbox([owner], { spec: doc as unknown as OpenApiDocument });
      try {
        const bulk = {
          investors: [
            {
              partnerInvestorId: 'p-1',
              email: 'a@example.com',
              firstName: 'A',
              lastName: 'B',
              dateOfBirth: '1990-01-01',
            },
          ],
        };
        const call = await authedClient(custom, owner);
        const refused = await call.call('POST', '/v1/investors', { json: bulk });
        expect(refused.status).not.toBe(200);
        const accepted = await call.call('POST', '/v1/investors', {
          raw: JSON.stringify({ ...bulk, [name]: 1 }),
          headers: { 'content-type': 'application/json' },
        });
        expect(accepted.status, accepted.text).toBe(200);
      } finally {
        await custom.stop();
      }
    },
  );
});
