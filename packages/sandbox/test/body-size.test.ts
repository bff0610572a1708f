import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { listOperations as listAdminOperations } from '@zestequity/spec-model';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES } from '../src/http/body.js';
import type { Sandbox } from '../src/index.js';
import { listOperations, loadBundledSpec } from '../src/spec/openapi.js';
import { type TestPartner, token, useSandbox } from './helpers.js';

/**
 * Every JSON or form-encoded body is limited to 5 MiB (the spec's `info.description`): one byte more is refused with
 * `413 payload_too_large` before any of it is read, and each such operation declares that answer (it used to answer
 * a 413 its operation did not declare). Operations are taken from the spec, so a new body operation is covered too.
 */
let sandbox: Sandbox;
let partner: TestPartner;
useSandbox((started) => ({ sandbox, partner } = started));

const bodyOperations = listOperations(loadBundledSpec()).filter((operation) =>
  Object.keys(operation.requestBody?.content ?? {}).some(
    (type) => type === 'application/json' || type === 'application/x-www-form-urlencoded',
  ),
);

/** Sends `size` bytes of body, declared up front (Content-Length) or streamed in chunks; the answer's status and text. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  size: number,
  declared: boolean,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${sandbox.url}${path}`,
      { method, headers: declared ? { ...headers, 'content-length': String(size) } : headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    for (let sent = 0; sent < size; sent += chunk.length)
      req.write(chunk.subarray(0, Math.min(chunk.length, size - sent)));
    req.end();
  });
}

describe('request bodies over 5 MiB', () => {
  it('the spec declares some body operations (else this file tests nothing)', () => {
    expect(bodyOperations.map((o) => o.operationId)).toEqual(
      expect.arrayContaining(['exchangeJwtAssertion', 'createSpvRequest', 'bulkCreateInvestors']),
    );
  });

  for (const operation of bodyOperations) {
    it(`${operation.operationId} declares 413 and answers it, with the envelope, to one byte over the limit`, async () => {
      expect(Object.keys(operation.responses)).toContain('413');
      const type = Object.keys(operation.requestBody!.content)[0]!;
      const path = operation.path.replace(/\{[^}]+\}/g, 'anything');
      const headers = {
        'content-type': type,
        authorization: `Bearer ${await token(sandbox, partner)}`,
        'idempotency-key': `size-${operation.operationId}`,
      };
      for (const declared of [true, false]) {
        const answer = await send(operation.method, path, headers, MAX_JSON_BODY_BYTES + 1, declared);
        expect(answer.status, answer.text).toBe(413);
        expect(JSON.parse(answer.text)).toMatchObject({ code: 'payload_too_large' });
      }
      expect(sandbox.undeclaredStatuses.filter((s) => s.startsWith(`${operation.operationId} `))).toEqual([]);
    });
  }
});

/** The admin routes whose body is more than the `Empty` object: each reads it, up to 64 KiB. */
const adminDoc = JSON.parse(
  readFileSync(fileURLToPath(new URL('../dist/openapi.admin.json', import.meta.url)), 'utf8'),
);
const adminBodyOperations = listAdminOperations(adminDoc).filter(
  (operation) =>
    operation.requestBody !== undefined &&
    operation.requestBody.content['application/json']?.schema !== undefined &&
    JSON.stringify(operation.requestBody.content['application/json'].schema) !== '{"type":"object","maxProperties":0}',
);

describe('admin request bodies over 64 KiB', () => {
  it('the admin document has body routes (else this describes nothing)', () => {
    expect(adminBodyOperations.map((o) => o.operationId)).toEqual(
      expect.arrayContaining(['rejectSpvRequest', 'triggerWebhookEvent', 'setFaults', 'advanceClock']),
    );
  });

  for (const operation of adminBodyOperations) {
    it(`${operation.operationId} declares 413 and answers it to one byte over 65,536`, async () => {
      expect(Object.keys(operation.responses)).toContain('413');
      const path = operation.path.replace(/\{[^}]+\}/g, 'anything');
      for (const declared of [true, false]) {
        const answer = await send(operation.method, path, { 'content-type': 'application/json' }, 65_537, declared);
        expect(answer.status, answer.text).toBe(413);
        expect(JSON.parse(answer.text)).toMatchObject({ code: 'payload_too_large' });
      }
    });
  }
});
