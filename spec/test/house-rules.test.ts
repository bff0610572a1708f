// Each house rule against a tiny spec that breaks it (fail.yaml) and a twin that keeps it (pass.yaml), linted by the
// real CLI with the real redocly.yaml. A failing fixture must produce exactly the listed problems of its rule — at
// the listed file and JSON pointer — and its passing twin none. (Other rules may fire on a fixture: each fixture is
// kept to what its own rule needs; test/spec-lint.test.ts holds the real spec to every rule at once.)
import { beforeAll, describe, expect, it } from 'vitest';
import { type LintResult, lintFiles } from './helpers/redocly.js';

interface Expected {
  /** Relative to the rule's fixture folder; defaults to fail.yaml. */
  file?: string;
  pointer: string;
  /** A fragment the message must contain, so a report is for the right reason. */
  says: string;
}

const cases: Record<string, Expected[]> = {
  'json-camel-case': [
    { pointer: '#/components/schemas/Thing/properties/thing_name', says: '`thing_name` is not camelCase' },
    { pointer: '#/components/schemas/Thing/properties/Nested', says: '`Nested` is not camelCase' },
    {
      pointer:
        '#/paths/~1v1~1things/put/responses/201/content/application~1json/schema/properties/items/items/properties/updated_at',
      says: '`updated_at` is not camelCase',
    },
  ],
  'v1-paths': [
    { pointer: '#/paths/~1things', says: '`/things` is outside /v1' },
    { pointer: '#/paths/~1v1beta~1things', says: '`/v1beta/things` is outside /v1' },
    { pointer: '#/paths/~1v2~1things', says: '`/v2/things` is outside /v1' },
    { pointer: '#/paths/~1public~1status', says: '`/public/status` is outside /v1' },
  ],
  'error-envelope': [
    {
      pointer: '#/paths/~1v1~1things/get/responses/401/content/application~1json/schema',
      says: '`401` must use `PartnerErrorResponse`',
    },
    {
      pointer: '#/paths/~1v1~1things/get/responses/404/content/application~1json/schema',
      says: '`404` must use `PartnerErrorResponse`',
    },
    {
      file: 'components/Conflict.yaml',
      pointer: '#/content/application~1json/schema',
      says: '`409` must use `PartnerErrorResponse`',
    },
    { pointer: '#/paths/~1v1~1things/get/responses/5XX', says: '`5XX` has no body' },
    {
      pointer: '#/paths/~1v1~1things/get/responses/default/content/text~1plain',
      says: '`default` offers `text/plain`',
    },
  ],
  'client-error-response': [
    { pointer: '#/paths/~1v1~1things~1{thingId}/get/responses', says: 'documents no 4xx response' },
    { pointer: '#/paths/~1v1~1things/put/responses', says: 'documents no 4xx response' },
    { pointer: '#/paths/~1v1~1me/get/responses', says: 'documents no 4xx response' },
  ],
  'idempotency-key': [
    { pointer: '#/paths/~1v1~1undeclared/post', says: 'must declare `x-zest-idempotency' },
    { pointer: '#/paths/~1v1~1unknown-mode/post/x-zest-idempotency', says: '(got "sometimes")' },
    {
      pointer: '#/components/parameters/IdempotencyKeyOptional',
      says: '/v1/required-but-optional-header requires idempotency',
    },
    { pointer: '#/paths/~1v1~1optional-without-header/post', says: 'must declare an `Idempotency-Key` header' },
    { pointer: '#/paths/~1v1~1optional-but-required-header/post/parameters/0', says: 'must not be required' },
    {
      pointer: '#/paths/~1v1~1none-without-reason/post/x-zest-idempotency',
      says: 'gives no `x-zest-idempotency-reason`',
    },
    {
      pointer: '#/components/parameters/IdempotencyKeyOptional',
      says: '/v1/none-with-path-header declares an Idempotency-Key header',
    },
  ],
  'operation-docs': [
    { pointer: '#/paths/~1v1~1undocumented/get/operationId', says: 'no `operationId`' },
    { pointer: '#/paths/~1v1~1undocumented/get/summary', says: 'has no summary' },
    { pointer: '#/paths/~1v1~1undocumented/get/description', says: 'has no description' },
    { pointer: '#/paths/~1v1~1undocumented/get/tags', says: 'has no tag' },
    {
      pointer: '#/paths/~1v1~1undocumented/get/responses/200/content/application~1json',
      says: 'response `200` `application/json` has no example',
    },
    { pointer: '#/paths/~1v1~1snake/put/operationId', says: '`replace_thing` is not lowerCamelCase' },
    {
      pointer: '#/paths/~1v1~1snake/put/requestBody/content/application~1json',
      says: 'request body `application/json` has no example',
    },
    { pointer: '#/paths/~1v1~1no-body/delete/responses', says: 'no success response with a body' },
    { pointer: '#/webhooks/thing.created/post/operationId', says: '`ThingCreated` is not lowerCamelCase' },
    { pointer: '#/webhooks/thing.created/post/tags', says: 'has no tag' },
    {
      pointer: '#/webhooks/thing.created/post/requestBody/content/application~1json',
      says: 'request body `application/json` has no example',
    },
    {
      pointer: '#/webhooks/thing.deleted/post/responses/200/content/application~1json',
      says: 'response `200` `application/json` has no example',
    },
  ],
  'valid-examples': [
    {
      pointer: '#/paths/~1v1~1things~1{thingId}/get/parameters/0/example',
      says: 'parameter `thingId` does not match its schema: (root) must match pattern',
    },
    {
      pointer: '#/paths/~1v1~1things~1{thingId}/get/parameters/1/examples/tooMany/value',
      says: '`tooMany` of parameter `perPage` does not match its schema: (root) must be <= 100',
    },
    {
      pointer: '#/paths/~1v1~1things~1{thingId}/get/responses/200/headers/X-Remaining/example',
      says: 'header `X-Remaining` does not match its schema: (root) must be integer',
    },
    { file: 'examples/BadThing.yaml', pointer: '#/value/createdAt', says: '/createdAt must match format "date-time"' },
    {
      pointer: '#/paths/~1v1~1things~1{thingId}/get/responses/201/content/application~1json/example',
      says: "must have required property 'createdAt'",
    },
    {
      pointer: '#/paths/~1v1~1oauth2~1tokens/post/requestBody/content/application~1x-www-form-urlencoded/example',
      says: "must have required property 'assertion'",
    },
    {
      pointer: '#/paths/~1v1~1oauth2~1tokens/post/responses/201/content/application~1json/schema',
      says: 'unknown format "not-a-format"',
    },
    {
      pointer: '#/webhooks/thing.created/post/parameters/0/example',
      says: 'parameter `Zest-Signature` does not match its schema',
    },
    {
      pointer: '#/webhooks/thing.created/post/requestBody/content/application~1json/example/data/status',
      says: '/data/status must be equal to one of the allowed values',
    },
    {
      pointer: '#/components/schemas/Thing/examples/1/status',
      says: 'Schema example #1 does not match its schema: /status',
    },
  ],
  'upload-limits': [
    {
      file: 'components/NoLimitUpload.yaml',
      pointer: '#/properties/file',
      says: 'File part `file` must state its size limit with `x-zest-max-bytes`',
    },
    {
      pointer:
        '#/paths/~1v1~1bad-limit/post/requestBody/content/multipart~1form-data/schema/properties/file/x-zest-max-bytes',
      says: 'must be a positive integer number of bytes (got "10 MiB")',
    },
    {
      pointer: '#/paths/~1v1~1no-types/post/requestBody/content/multipart~1form-data',
      says: 'File part `receipt` must list the content types',
    },
    {
      pointer: '#/paths/~1v1~1wildcard-types/post/requestBody/content/multipart~1form-data/encoding/file/contentType',
      says: 'concrete media types such as `application/pdf, image/png` (got "application/pdf, image/*")',
    },
  ],
};

const fixture = (rule: string, file: string) => `test/fixtures/${rule}/${file}`;
const rules = Object.keys(cases);
let results: Map<string, LintResult>;

beforeAll(() => {
  results = lintFiles(rules.flatMap((rule) => [fixture(rule, 'fail.yaml'), fixture(rule, 'pass.yaml')]));
});

describe.each(rules)('zest/%s', (rule) => {
  it('reports each violation in fail.yaml, at its file and pointer, and nothing else', () => {
    const got = results
      .get(fixture(rule, 'fail.yaml'))!
      .problems.filter((p) => p.ruleId === `zest/${rule}`)
      .map((p) => ({ file: p.file, pointer: p.pointer, severity: p.severity, message: p.message }));
    const want = cases[rule]!.map((e) => ({
      file: fixture(rule, e.file ?? 'fail.yaml'),
      pointer: e.pointer,
      severity: 'error',
      message: expect.stringContaining(e.says),
    }));
    expect(got).toEqual(expect.arrayContaining(want));
    expect(got).toHaveLength(want.length);
  });

  it('reports nothing for its passing twin', () => {
    const problems = results.get(fixture(rule, 'pass.yaml'))!.problems.filter((p) => p.ruleId === `zest/${rule}`);
    expect(problems).toEqual([]);
  });
});
