import { randomBytes } from 'node:crypto';
import { loadSpec } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { type Client, client, expectEnvelope, expectFramework422, type TestPartner, useSandbox } from './helpers.js';

const spec = loadSpec();

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;

useSandbox((started) => ({ sandbox, partner, api } = started));

function samplePath(template: string): string {
  return template.replace(/\{[^}]+\}/g, 'x_probe');
}

describe('serving the bundled spec', () => {
  it('answers every operation of the spec through its own handler (no route falls through to 404 "No operation")', async () => {
    const seen: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
      for (const method of ['get', 'post', 'delete', 'put', 'patch']) {
        if (!item[method]) continue;
        const result = await api.call(method.toUpperCase(), samplePath(path));
        expect(result.status, `${method} ${path}`).toBeLessThan(500);
        expect(result.text, `${method} ${path}`).not.toContain('No operation at');
        seen.push(item[method].operationId);
      }
    }
    expect(seen.length).toBe(20);
  });

  it('refuses to start when an operation of the spec has no handler', async () => {
    const extended = structuredClone(spec);
    extended.paths['/v1/brand-new'] = {
      get: { operationId: 'brandNewThing', responses: { 200: { description: 'ok' } } },
    };
    await expect(startSandbox({ port: 0, spec: extended })).rejects.toThrow(
      /no handler for: GET \/v1\/brand-new \(brandNewThing\)/,
    );
  });

  it('answers an unknown route with a 404 partner envelope and a fresh UUID errorId', async () => {
    const first = expectEnvelope(await api.call('GET', '/v1/nothing-here'), 404, 'not_found');
    const second = expectEnvelope(await api.call('GET', '/v1/nothing-here'), 404, 'not_found');
    expect(first.errorId).not.toBe(second.errorId);
    expectEnvelope(await client(sandbox).call('GET', '/'), 404, 'not_found');
  });

  it('answers an unknown method on a known path with 405, the envelope and an Allow header', async () => {
    const result = await api.call('PATCH', '/v1/spv-requests');
    expectEnvelope(result, 405, 'invalid_request');
    expect(result.headers.get('allow')).toBe('GET, POST');
  });

  it('serves the health check without a token', async () => {
    const result = await client(sandbox).call('GET', '/public/hc');
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('ok');
  });

  it('answers query validation on listSpvRequests with the framework 422 the spec declares there (no 400 declared)', async () => {
    const detail = expectFramework422(await api.call('GET', '/v1/spv-requests?perPage=0&status=bogus'));
    expect(detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ['query', 'perPage'], type: 'greater_than_equal' }),
        expect.objectContaining({ loc: ['query', 'status'], type: 'enum' }),
      ]),
    );
    expect(expectFramework422(await api.call('GET', '/v1/spv-requests?perPage=101'))[0]).toMatchObject({
      loc: ['query', 'perPage'],
      type: 'less_than_equal',
    });
    expectFramework422(await api.call('GET', '/v1/spv-requests?page=abc'));
  });

  it('answers malformed JSON, a wrong Content-Type and an empty body with 400 invalid_request where 400 is declared', async () => {
    const key = { 'idempotency-key': 'malformed' };
    expectEnvelope(
      await api.call('POST', '/v1/spv-requests', {
        raw: '{"templateId": [',
        headers: { ...key, 'content-type': 'application/json' },
      }),
      400,
      'invalid_request',
    );
    expectEnvelope(
      await api.call('POST', '/v1/spv-requests', {
        raw: 'templateId=1',
        headers: { ...key, 'content-type': 'text/plain' },
      }),
      400,
      'invalid_request',
    );
    expectEnvelope(
      await api.call('POST', '/v1/spv-requests', { raw: '', headers: { ...key, 'content-type': 'application/json' } }),
      400,
      'invalid_request',
    );
    // bulkCreateInvestors declares 422 and no 400: the same mistakes get the framework shape.
    expect(
      expectFramework422(
        await api.call('POST', '/v1/investors', {
          raw: '{"investors": [',
          headers: { 'content-type': 'application/json' },
        }),
      )[0]!.loc,
    ).toEqual(['body']);
  });

  it('maps body schema violations to 400 validation_error (or 422 where the spec declares only that)', async () => {
    const body = expectEnvelope(
      await api.call('POST', '/v1/spvs/veh_x/subscriptions', { json: { subscriptions: 'nope' } }),
      400,
      'validation_error',
    );
    expect(body.validationErrors).toEqual([
      expect.objectContaining({ field: 'subscriptions', attribute: 'subscriptions', code: 'type', value: 'nope' }),
    ]);
    expect(expectFramework422(await api.call('POST', '/v1/investors', { json: { investors: 'nope' } }))).toEqual([
      expect.objectContaining({ loc: ['body', 'investors'], type: 'type_error' }),
    ]);
  });

  it('never answers bad input with a 5xx', async () => {
    const garbage = [
      '',
      '{}',
      '[]',
      'null',
      '"x"',
      '{"templateId":1}',
      '{"attributes":[]}',
      '\u0000\u00ff',
      '{"a":'.repeat(50),
      JSON.stringify({ investors: [null, 1, 'x', {}, []] }),
    ];
    const targets = [
      '/v1/spv-requests',
      '/v1/investors',
      '/v1/spvs/veh_x/subscriptions',
      '/v1/oauth2/tokens',
      '/v1/spvs/veh_x/subscription/psn_x/forms',
    ];
    const types = [
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=zzz',
      'text/plain',
      '',
    ];
    for (const target of targets) {
      for (const raw of garbage) {
        for (const type of types) {
          const headers: Record<string, string> = { 'idempotency-key': randomBytes(6).toString('hex') };
          if (type) headers['content-type'] = type;
          const result = await api.call('POST', target, { raw, headers });
          expect(result.status, `${target} ${type} ${raw.slice(0, 20)} -> ${result.text}`).toBeLessThan(500);
          if (result.status === 422) expectFramework422(result);
          else if (result.status >= 400) expectEnvelope(result, result.status, result.body?.code);
        }
      }
    }
    for (const path of [
      '/v1/spv-requests/%E0%A4%A',
      `/v1/spv-requests/${'a'.repeat(5000)}`,
      '/v1//spv-requests',
      '/v1/spv-requests?page=%ZZ',
    ]) {
      const result = await api.call('GET', path);
      expect(result.status, `${path} -> ${result.text}`).toBeLessThan(500);
    }
  });

  it('serves the contract registry: versions, lists, documents, and 404 for unknown names', async () => {
    const anonymous = client(sandbox);
    expect((await anonymous.call('GET', '/v1/contracts')).body).toEqual({ versions: ['1.0.0'] });
    const templates = await anonymous.call('GET', '/v1/contracts/templates/1.0.0');
    expect(templates.body.templates).toEqual(expect.arrayContaining(['syndicate_secondary', 'primary_deal']));
    const template = await api.call('GET', '/v1/contracts/templates/1.0.0/syndicate_secondary');
    expect(template.body).toMatchObject({ templateId: 'syndicate_secondary', version: '1.0.0' });
    expect(Object.keys(template.body.attributes)).toEqual(
      expect.arrayContaining(['underlyingCompanySlug', 'currency', 'shareClasses']),
    );
    for (const kind of ['catalogs', 'primitives', 'samples']) {
      const list = await anonymous.call('GET', `/v1/contracts/${kind}/1.0.0`);
      expect(list.status).toBe(200);
      expect(list.body[kind].length).toBeGreaterThan(0);
      const one = await anonymous.call('GET', `/v1/contracts/${kind}/1.0.0/${list.body[kind][0]}`);
      expect(one.status).toBe(200);
      expect(one.body.name).toBe(list.body[kind][0]);
    }
    expect(
      (await anonymous.call('GET', '/v1/contracts/samples/1.0.0/syndicate_secondary_minimal')).body.attributes,
    ).toMatchObject({ underlyingCompanySlug: 'co_acme' });
    expectEnvelope(await anonymous.call('GET', '/v1/contracts/templates/9.9.9'), 404, 'not_found');
    expectEnvelope(await anonymous.call('GET', '/v1/contracts/templates/1.0.0/nope'), 404, 'not_found');
    // A bad token on an endpoint where the token is optional is simply ignored.
    expect((await client(sandbox, 'garbage').call('GET', '/v1/contracts')).status).toBe(200);
  });
});
