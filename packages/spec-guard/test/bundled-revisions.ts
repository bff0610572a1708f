import type { Doc } from './helpers.js';

// The fourth probe round: revisions of the bundled Partner API spec (a copy of `spec/dist/openapi.json` in
// `fixtures/bundled-openapi.json`), each judged by the wire alone: can a request a partner sent before now be
// refused, or a response (or webhook payload) their code parsed before now be different? `verdict` is that answer;
// `limitation` names the README's known limitation under which spec-guard gives the other verdict (then the test
// expects that one: failing closed for a change that is in fact safe, or, once, passing an upload limit stated for
// the first time).
export interface Revision {
  name: string;
  class: string;
  verdict: 'pass' | 'fail';
  base?: (doc: Doc) => void;
  head: (doc: Doc) => void;
  limitation?: string;
}

const S = (d: Doc, name: string): Doc => d.components.schemas[name];
const P = (d: Doc, name: string): Doc => d.components.parameters[name];
const op = (d: Doc, method: string, path: string): Doc => d.paths[path][method];
const JSON_TYPE = 'application/json';
const SPV = '/v1/spv-requests';
const SPV_ONE = '/v1/spv-requests/{slug}';
const FORMS = '/v1/spvs/{spvSlug}/subscription/{personId}/forms';
const FUNDINGS = '/v1/spvs/{spvSlug}/subscription/{personId}/fundings';
const SUBS = '/v1/spvs/{spvSlug}/subscriptions';
const TOKENS = '/v1/oauth2/tokens';
const INFO = '/v1/oauth2/info';
const reqProp = (d: Doc, prop: string): Doc => S(d, 'SpvRequestCreate').properties[prop];
const resProp = (d: Doc, prop: string): Doc => S(d, 'SpvRequestResponse').properties[prop];
const whData = (d: Doc): Doc => S(d, 'SpvRequestCreatedData');
const rename = (obj: Doc, from: string, to: string): void => {
  const entries = Object.entries(obj).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k] = v;
};
const media = (d: Doc, method: string, path: string, status?: string): Doc =>
  status ? op(d, method, path).responses[status].content : op(d, method, path).requestBody.content;
const oauth2 = (d: Doc): void => {
  d.components.securitySchemes.oauth = {
    type: 'oauth2',
    flows: {
      clientCredentials: {
        tokenUrl: 'https://api.zestequity.com/v1/oauth2/tokens',
        scopes: { 'spv:read': 'Read SPV requests', 'spv:write': 'Create SPV requests' },
      },
    },
  };
  op(d, 'get', SPV).security = [{ oauth: ['spv:read'] }];
};
const apiKey = (d: Doc): void => {
  d.components.securitySchemes.partnerKey = { type: 'apiKey', in: 'header', name: 'X-Partner-Key' };
};
// A request union and a response union under a discriminator, for the mapping revisions.
const payouts = (d: Doc): void => {
  const member = (kind: string, field: string): Doc => ({
    type: 'object',
    required: ['kind', field],
    properties: { kind: { type: 'string', enum: [kind] }, [field]: { type: 'string' } },
  });
  const union = (suffix: string) => ({
    oneOf: [{ $ref: `#/components/schemas/BankPayout${suffix}` }, { $ref: `#/components/schemas/CardPayout${suffix}` }],
    discriminator: {
      propertyName: 'kind',
      mapping: { bank: `#/components/schemas/BankPayout${suffix}`, card: `#/components/schemas/CardPayout${suffix}` },
    },
  });
  // The request's members are its own: a member shared with the response would carry a change into both.
  for (const suffix of ['', 'Input']) {
    d.components.schemas[`BankPayout${suffix}`] = member('bank', 'iban');
    d.components.schemas[`CardPayout${suffix}`] = member('card', 'pan');
  }
  S(d, 'SpvRequestCreate').properties.payout = union('Input');
  S(d, 'SpvRequestResponse').properties.payout = union('');
};
const reqUnion = (d: Doc): Doc => reqProp(d, 'payout');
const resUnion = (d: Doc): Doc => resProp(d, 'payout');
// An optional query parameter holding a list, for the serialisation revisions.
const tagsParam = (d: Doc): void => {
  op(d, 'get', SPV).parameters.push({
    name: 'tags',
    in: 'query',
    required: false,
    schema: { type: 'array', items: { type: 'string' } },
  });
};
const tags = (d: Doc): Doc => op(d, 'get', SPV).parameters.find((p: Doc) => p.name === 'tags');
// A callback on POST /v1/spv-requests, for the callback revisions.
const callback = (d: Doc): void => {
  op(d, 'post', SPV).callbacks = {
    reviewed: {
      '{$request.body#/callbackUrl}': {
        post: {
          requestBody: {
            required: true,
            content: { [JSON_TYPE]: { schema: { $ref: '#/components/schemas/SpvRequestResponse' } } },
          },
          responses: { '200': { description: 'Received.' } },
        },
      },
    },
  };
};
const cb = (d: Doc): Doc => op(d, 'post', SPV).callbacks.reviewed['{$request.body#/callbackUrl}'].post;

const refsAndSiblings: Revision[] = [
  {
    name: 'request property moved into a component and referenced',
    class: 'ref',
    verdict: 'pass',
    head: (d) => {
      d.components.schemas.TemplateId = reqProp(d, 'templateId');
      S(d, 'SpvRequestCreate').properties.templateId = { $ref: '#/components/schemas/TemplateId' };
    },
  },
  {
    name: 'response property reached through two references',
    class: 'ref',
    verdict: 'pass',
    head: (d) => {
      d.components.schemas.StatusAlias = { $ref: '#/components/schemas/SpvRequestStatus' };
      resProp(d, 'status').$ref = '#/components/schemas/StatusAlias';
    },
  },
  {
    name: 'referenced response property inlined',
    class: 'ref',
    verdict: 'pass',
    head: (d) => {
      S(d, 'SpvRequestResponse').properties.status = structuredClone(S(d, 'SpvRequestStatus'));
    },
  },
  {
    name: 'request body moved to components.requestBodies',
    class: 'ref',
    verdict: 'pass',
    head: (d) => {
      d.components.requestBodies = { SpvRequestCreate: op(d, 'post', SPV).requestBody };
      op(d, 'post', SPV).requestBody = { $ref: '#/components/requestBodies/SpvRequestCreate' };
    },
  },
  {
    name: 'success response moved to components.responses',
    class: 'ref',
    verdict: 'pass',
    head: (d) => {
      d.components.responses.SpvRequestCreated = op(d, 'post', SPV).responses['201'];
      op(d, 'post', SPV).responses['201'] = { $ref: '#/components/responses/SpvRequestCreated' };
    },
  },
  {
    name: 'parameter reference replaced by an inline copy',
    class: 'ref',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV).parameters[1] = structuredClone(P(d, 'PerPage'));
    },
  },
  {
    name: 'response header moved to components.headers',
    class: 'ref',
    verdict: 'pass',
    base: (d) => {
      op(d, 'get', SPV_ONE).responses['200'].headers = {
        'X-Request-Id': { required: true, schema: { type: 'string' } },
      };
    },
    head: (d) => {
      d.components.headers = { RequestId: op(d, 'get', SPV_ONE).responses['200'].headers['X-Request-Id'] };
      op(d, 'get', SPV_ONE).responses['200'].headers['X-Request-Id'] = { $ref: '#/components/headers/RequestId' };
    },
  },
  {
    name: 'property referenced through $defs of its parent schema',
    class: 'ref',
    verdict: 'pass',
    head: (d) => {
      S(d, 'SpvRequestCreate').$defs = { version: reqProp(d, 'templateVersion') };
      S(d, 'SpvRequestCreate').properties.templateVersion = {
        $ref: '#/components/schemas/SpvRequestCreate/$defs/version',
      };
    },
  },
  {
    name: 'description beside a response $ref',
    class: 'ref-sibling',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'status').description = 'Where the request is.';
    },
  },
  {
    name: 'deprecated beside a request $ref',
    class: 'ref-sibling',
    verdict: 'pass',
    head: (d) => {
      S(d, 'InvestorCreateRow').properties.countryOfResidence.deprecated = true;
    },
  },
  {
    name: 'maxLength beside a request $ref',
    class: 'ref-sibling',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorCreateRow').properties.countryOfResidence.maxLength = 1;
    },
  },
  {
    name: 'enum subset beside a response $ref (sends fewer values)',
    class: 'ref-sibling',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'status').enum = ['pending-review', 'approved', 'rejected'];
    },
  },
  {
    name: 'enum subset beside the shared status $ref of the query filter',
    class: 'ref-sibling',
    verdict: 'fail',
    head: (d) => {
      P(d, 'SpvRequestStatusFilter').schema.enum = ['pending-review', 'approved'];
    },
  },
  {
    name: 'type with null beside a response $ref (applies together: still never null)',
    class: 'ref-sibling',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'status').type = ['string', 'null'];
    },
  },
  {
    name: 'readOnly beside a response $ref',
    class: 'ref-sibling',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'status').readOnly = true;
    },
  },
  {
    name: 'minLength beside a webhook $ref (sends fewer values)',
    class: 'ref-sibling',
    verdict: 'pass',
    head: (d) => {
      S(d, 'SpvRequestCreatedEvent').properties.eventId.minLength = 1;
    },
  },
  {
    name: 'pattern removed beside a request $ref that still holds it',
    class: 'ref-sibling',
    verdict: 'pass',
    base: (d) => {
      S(d, 'InvestorCreateRow').properties.countryOfResidence.pattern = '^[A-Z]{2}$';
    },
    head: (d) => {
      delete S(d, 'InvestorCreateRow').properties.countryOfResidence.pattern;
    },
  },
  {
    name: 'request $ref repointed to a copy with a tighter pattern',
    class: 'ref',
    verdict: 'fail',
    head: (d) => {
      d.components.schemas.CountryCode2 = { type: 'string', pattern: '^[A-Z]{2}$', maxLength: 2, minLength: 2 };
      d.components.schemas.CountryCode2.pattern = '^(AE|GB)$';
      S(d, 'InvestorCreateRow').properties.countryOfResidence.$ref = '#/components/schemas/CountryCode2';
    },
  },
];

const compositions: Revision[] = [
  {
    name: 'request body split into an allOf of two halves',
    class: 'allOf',
    verdict: 'pass',
    head: (d) => {
      const whole = S(d, 'SpvRequestCreate');
      d.components.schemas.SpvRequestCreate = {
        description: whole.description,
        allOf: [
          { type: 'object', required: ['templateId'], properties: { templateId: whole.properties.templateId } },
          {
            type: 'object',
            required: ['templateVersion', 'attributes'],
            properties: { templateVersion: whole.properties.templateVersion, attributes: whole.properties.attributes },
          },
        ],
      };
    },
  },
  {
    name: 'request allOf member added that requires a new property',
    class: 'allOf',
    verdict: 'fail',
    head: (d) => {
      const whole = S(d, 'SpvRequestCreate');
      d.components.schemas.SpvRequestCreate = {
        allOf: [whole, { required: ['reference'], properties: { reference: { type: 'string' } } }],
      };
    },
  },
  {
    name: 'response allOf member added with an optional property',
    class: 'allOf',
    verdict: 'pass',
    head: (d) => {
      const whole = S(d, 'SpvRequestResponse');
      d.components.schemas.SpvRequestResponse = {
        allOf: [whole, { type: 'object', properties: { reviewer: { type: 'string' } } }],
      };
    },
  },
  {
    name: 'request property as an allOf adding minLength',
    class: 'allOf',
    verdict: 'fail',
    head: (d) => {
      S(d, 'SpvRequestCreate').properties.templateId = { allOf: [reqProp(d, 'templateId'), { minLength: 3 }] };
    },
  },
  {
    name: 'nested allOf flattened',
    class: 'allOf',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.templateId = {
        allOf: [{ allOf: [{ type: 'string' }, { maxLength: 64 }] }, { minLength: 1 }],
      };
    },
    head: (d) => {
      S(d, 'SpvRequestCreate').properties.templateId = {
        allOf: [{ type: 'string' }, { maxLength: 64 }, { minLength: 1 }],
      };
    },
  },
  {
    name: 'request property widened with anyOf integer',
    class: 'anyOf',
    verdict: 'pass',
    head: (d) => {
      S(d, 'SpvRequestCreate').properties.templateVersion = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    },
  },
  {
    name: 'response property widened with anyOf integer',
    class: 'anyOf',
    verdict: 'fail',
    head: (d) => {
      S(d, 'SpvRequestResponse').properties.templateVersion = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    },
  },
  {
    name: 'webhook property widened with anyOf integer',
    class: 'anyOf',
    verdict: 'fail',
    head: (d) => {
      whData(d).properties.templateVersion = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    },
  },
  {
    name: 'request anyOf members reordered',
    class: 'anyOf',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.templateVersion = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    },
    head: (d) => {
      reqProp(d, 'templateVersion').anyOf.reverse();
    },
  },
  {
    name: 'request anyOf member removed',
    class: 'anyOf',
    verdict: 'fail',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.templateVersion = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    },
    head: (d) => {
      reqProp(d, 'templateVersion').anyOf.pop();
    },
  },
  {
    name: 'response anyOf member removed (sends less)',
    class: 'anyOf',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestResponse').properties.templateVersion = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    },
    head: (d) => {
      resProp(d, 'templateVersion').anyOf.pop();
    },
  },
  {
    name: 'request allOf of one reference unwrapped',
    class: 'allOf',
    verdict: 'pass',
    base: (d) => {
      S(d, 'InvestorCreateRow').properties.countryOfResidence = {
        allOf: [{ $ref: '#/components/schemas/CountryCode' }],
      };
    },
    head: (d) => {
      S(d, 'InvestorCreateRow').properties.countryOfResidence = { $ref: '#/components/schemas/CountryCode' };
    },
  },
  {
    name: 'request not added',
    class: 'composition',
    verdict: 'fail',
    head: (d) => {
      reqProp(d, 'templateId').not = { const: '' };
    },
  },
  {
    name: 'response not added (sends less)',
    class: 'composition',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'templateId').not = { const: '' };
    },
  },
  {
    name: 'request if/then added',
    class: 'composition',
    verdict: 'fail',
    head: (d) => {
      // `then` through a list of entries: an object literal with a `then` key reads as a thenable to linters.
      Object.assign(
        S(d, 'SpvRequestCreate'),
        Object.fromEntries([
          ['if', { properties: { templateId: { const: 'x' } } }],
          ['then', { required: ['notes'] }],
        ]),
      );
    },
  },
  {
    name: 'request dependentRequired added',
    class: 'composition',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorCreateRow').dependentRequired = { countryOfResidence: ['dateOfBirth', 'nationality'] };
    },
  },
  {
    name: 'request dependentSchemas added',
    class: 'composition',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorCreateRow').dependentSchemas = { countryOfResidence: { required: ['taxId'] } };
    },
  },
];

const constants: Revision[] = [
  {
    name: 'form field const as single-value enum',
    class: 'const',
    verdict: 'pass',
    head: (d) => {
      const field = S(d, 'TokenRequest').properties.grant_type;
      field.enum = [field.const];
      delete field.const;
    },
  },
  {
    name: 'webhook constant as single-value enum',
    class: 'const',
    verdict: 'pass',
    head: (d) => {
      const field = S(d, 'SpvRequestCreatedEvent').properties.eventType;
      field.enum = [field.const];
      delete field.const;
    },
  },
  {
    name: 'webhook data constant as single-value enum without type',
    class: 'const',
    verdict: 'pass',
    head: (d) => {
      whData(d).properties.status = { enum: ['pending-review'] };
    },
  },
  {
    name: 'webhook constant widened to a two-value enum',
    class: 'const',
    verdict: 'fail',
    head: (d) => {
      whData(d).properties.status = { type: 'string', enum: ['pending-review', 'approved'] };
    },
  },
  {
    name: 'form field constant dropped (accepts any grant string)',
    class: 'const',
    verdict: 'pass',
    head: (d) => {
      delete S(d, 'TokenRequest').properties.grant_type.const;
    },
  },
  {
    name: 'form field constant changed',
    class: 'const',
    verdict: 'fail',
    head: (d) => {
      S(d, 'TokenRequest').properties.grant_type.const = 'client_credentials';
    },
  },
  {
    name: 'shared status enum narrowed to a constant (response narrows, query filter narrows)',
    class: 'const',
    verdict: 'fail',
    head: (d) => {
      S(d, 'SpvRequestStatus').const = 'pending-review';
      delete S(d, 'SpvRequestStatus').enum;
    },
  },
  {
    name: 'response enum narrowed to a constant',
    class: 'const',
    verdict: 'pass',
    head: (d) => {
      S(d, 'InfoResponse').properties.clientType = { type: 'string', const: 'service' };
    },
  },
  {
    name: 'type dropped beside a string constant',
    class: 'const',
    verdict: 'pass',
    head: (d) => {
      delete S(d, 'InvestorCreatedData').properties.kycManagedBy.type;
    },
  },
  {
    name: 'request enum with a value listed twice',
    class: 'const',
    verdict: 'pass',
    head: (d) => {
      P(d, 'SpvRequestStatusFilter').schema = {
        type: 'string',
        enum: ['pending-review', 'approved', 'rejected', 'cancelled', 'approved'],
      };
    },
  },
  {
    name: 'request enum value added on the query filter',
    class: 'enum',
    verdict: 'pass',
    head: (d) => {
      P(d, 'SpvRequestStatusFilter').schema = {
        type: 'string',
        enum: ['pending-review', 'approved', 'rejected', 'cancelled', 'any'],
      };
    },
  },
];

const nulls: Revision[] = [
  {
    name: 'response property may be null (type list)',
    class: 'null',
    verdict: 'fail',
    head: (d) => {
      resProp(d, 'templateVersion').type = ['string', 'null'];
    },
  },
  {
    name: 'request property may be null (type list)',
    class: 'null',
    verdict: 'pass',
    head: (d) => {
      reqProp(d, 'templateVersion').type = ['string', 'null'];
    },
  },
  {
    name: 'request property no longer null',
    class: 'null',
    verdict: 'fail',
    base: (d) => {
      reqProp(d, 'templateVersion').type = ['string', 'null'];
    },
    head: (d) => {
      reqProp(d, 'templateVersion').type = 'string';
    },
  },
  {
    name: 'response nullable type list as anyOf with null',
    class: 'null',
    verdict: 'pass',
    base: (d) => {
      resProp(d, 'templateVersion').type = ['string', 'null'];
    },
    head: (d) => {
      const { type, ...rest } = resProp(d, 'templateVersion');
      S(d, 'SpvRequestResponse').properties.templateVersion = {
        ...rest,
        anyOf: [{ type: 'string' }, { type: 'null' }],
      };
    },
  },
  {
    name: 'response type list reordered with null first',
    class: 'null',
    verdict: 'pass',
    base: (d) => {
      resProp(d, 'templateVersion').type = ['string', 'null'];
    },
    head: (d) => {
      resProp(d, 'templateVersion').type = ['null', 'string'];
    },
  },
  {
    name: 'webhook data object may be null',
    class: 'null',
    verdict: 'fail',
    head: (d) => {
      S(d, 'SpvRequestCreatedEvent').properties.data = {
        anyOf: [{ $ref: '#/components/schemas/SpvRequestCreatedData' }, { type: 'null' }],
      };
    },
  },
  {
    name: 'response enum gains null beside a nullable type',
    class: 'null',
    verdict: 'fail',
    base: (d) => {
      S(d, 'InfoResponse').properties.clientType.type = ['string', 'null'];
    },
    head: (d) => {
      S(d, 'InfoResponse').properties.clientType.enum.push(null);
    },
  },
  {
    name: 'request enum gains null beside a nullable type',
    class: 'null',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.mode = { type: ['string', 'null'], enum: ['a', 'b'] };
    },
    head: (d) => {
      reqProp(d, 'mode').enum.push(null);
    },
  },
  {
    name: 'response oneOf with null as type list',
    class: 'null',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestResponse').properties.rejectionReason = { oneOf: [{ type: 'string' }, { type: 'null' }] };
    },
    head: (d) => {
      S(d, 'SpvRequestResponse').properties.rejectionReason = { type: ['string', 'null'] };
    },
  },
  {
    name: 'request null const alternative dropped from a nullable enum',
    class: 'null',
    verdict: 'fail',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.mode = { enum: ['a', 'b', null] };
    },
    head: (d) => {
      S(d, 'SpvRequestCreate').properties.mode = { enum: ['a', 'b'] };
    },
  },
];

const arrays: Revision[] = [
  {
    name: 'response array gains maxItems (sends fewer)',
    class: 'items',
    verdict: 'pass',
    head: (d) => {
      S(d, 'InvestorBulkResponse').properties.results.maxItems = 500;
    },
  },
  {
    name: 'request array gains maxItems',
    class: 'items',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorBulkCreate').properties.investors.maxItems = 500;
    },
  },
  {
    name: 'request array minItems dropped',
    class: 'items',
    verdict: 'pass',
    base: (d) => {
      S(d, 'InvestorBulkCreate').properties.investors.minItems = 1;
    },
    head: (d) => {
      delete S(d, 'InvestorBulkCreate').properties.investors.minItems;
    },
  },
  {
    name: 'request array uniqueItems added',
    class: 'items',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorBulkCreate').properties.investors.uniqueItems = true;
    },
  },
  {
    name: 'request array contains added',
    class: 'items',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorBulkCreate').properties.investors.contains = { required: ['countryOfResidence'] };
    },
  },
  {
    name: 'request items written as prefixItems plus the same items',
    class: 'prefixItems',
    verdict: 'pass',
    head: (d) => {
      const list = S(d, 'InvestorBulkCreate').properties.investors;
      list.prefixItems = [structuredClone(list.items)];
    },
  },
  {
    name: 'request prefixItems position tightened',
    class: 'prefixItems',
    verdict: 'fail',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.pair = {
        type: 'array',
        prefixItems: [{ type: 'string' }, { type: 'integer' }],
      };
    },
    head: (d) => {
      reqProp(d, 'pair').prefixItems[1].maximum = 10;
    },
  },
  {
    name: 'request prefixItems closed with items false',
    class: 'prefixItems',
    verdict: 'fail',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.pair = {
        type: 'array',
        prefixItems: [{ type: 'string' }, { type: 'integer' }],
      };
    },
    head: (d) => {
      reqProp(d, 'pair').items = false;
    },
  },
  {
    name: 'webhook array items narrowed by maxItems (sends fewer)',
    class: 'items',
    verdict: 'pass',
    base: (d) => {
      whData(d).properties.labels = { type: 'array', items: { type: 'string' } };
    },
    head: (d) => {
      whData(d).properties.labels.maxItems = 5;
    },
  },
  {
    name: 'webhook array items retyped',
    class: 'items',
    verdict: 'fail',
    base: (d) => {
      whData(d).properties.labels = { type: 'array', items: { type: 'string' } };
    },
    head: (d) => {
      whData(d).properties.labels.items = { type: 'integer' };
    },
  },
  {
    name: 'request tuple grows an optional trailing position (items was open)',
    class: 'prefixItems',
    verdict: 'fail',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.pair = { type: 'array', prefixItems: [{ type: 'string' }] };
    },
    head: (d) => {
      reqProp(d, 'pair').prefixItems.push({ type: 'integer' });
    },
  },
];

const objects: Revision[] = [
  {
    // The server sends a subset: every key it sent before held any value, now only strings.
    name: 'response open map narrowed to typed values',
    class: 'additionalProperties',
    verdict: 'pass',
    head: (d) => {
      S(d, 'ShareClassFeesAndCarry').properties.setupFee.additionalProperties = { type: 'string' };
      S(d, 'InfoResponse').properties.metadata.additionalProperties = { type: 'integer' };
    },
  },
  {
    name: 'webhook payload open map narrowed to typed values',
    class: 'additionalProperties',
    verdict: 'pass',
    head: (d) => {
      whData(d).properties.attributes.additionalProperties = { type: 'string' };
      S(d, 'SpvRequestCancelledData').properties.attributes.additionalProperties = { type: 'number' };
    },
  },
  {
    name: 'request open map narrowed to typed values',
    class: 'additionalProperties',
    verdict: 'fail',
    head: (d) => {
      reqProp(d, 'attributes').additionalProperties = { type: 'string' };
    },
  },
  {
    name: 'request unevaluatedProperties false added',
    class: 'unevaluatedProperties',
    verdict: 'fail',
    head: (d) => {
      S(d, 'SpvRequestCreate').unevaluatedProperties = false;
    },
  },
  {
    name: 'response unevaluatedProperties false added (sends less)',
    class: 'unevaluatedProperties',
    verdict: 'pass',
    head: (d) => {
      S(d, 'TokenResponse').unevaluatedProperties = false;
    },
  },
  {
    name: 'request additionalProperties false as unevaluatedProperties false',
    class: 'unevaluatedProperties',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestCreate').additionalProperties = false;
    },
    head: (d) => {
      delete S(d, 'SpvRequestCreate').additionalProperties;
      S(d, 'SpvRequestCreate').unevaluatedProperties = false;
    },
  },
  {
    name: 'request map values typed by unevaluatedProperties',
    class: 'unevaluatedProperties',
    verdict: 'fail',
    head: (d) => {
      delete reqProp(d, 'attributes').additionalProperties;
      reqProp(d, 'attributes').unevaluatedProperties = { type: 'string' };
    },
  },
  {
    name: 'webhook unevaluatedProperties false added (sends less)',
    class: 'unevaluatedProperties',
    verdict: 'pass',
    head: (d) => {
      whData(d).unevaluatedProperties = false;
    },
  },
  {
    name: 'request map gains propertyNames',
    class: 'propertyNames',
    verdict: 'fail',
    head: (d) => {
      reqProp(d, 'attributes').propertyNames = { pattern: '^[a-z][A-Za-z0-9]*$' };
    },
  },
  {
    name: 'response map gains propertyNames (sends less)',
    class: 'propertyNames',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'attributes').propertyNames = { pattern: '^[a-z][A-Za-z0-9]*$' };
    },
  },
  {
    name: 'request map loses propertyNames',
    class: 'propertyNames',
    verdict: 'pass',
    base: (d) => {
      reqProp(d, 'attributes').propertyNames = { maxLength: 64 };
    },
    head: (d) => {
      delete reqProp(d, 'attributes').propertyNames;
    },
  },
  {
    name: 'webhook map gains propertyNames (sends less)',
    class: 'propertyNames',
    verdict: 'pass',
    head: (d) => {
      whData(d).properties.attributes.propertyNames = { maxLength: 64 };
    },
  },
  {
    name: 'request open map gains a typed patternProperties',
    class: 'patternProperties',
    verdict: 'fail',
    head: (d) => {
      reqProp(d, 'attributes').patternProperties = { '^x-': { type: 'string' } };
    },
  },
  {
    name: 'response open map gains a typed patternProperties (sends less)',
    class: 'patternProperties',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'attributes').patternProperties = { '^x-': { type: 'string' } };
    },
  },
  {
    name: 'webhook open map gains a typed patternProperties (sends less)',
    class: 'patternProperties',
    verdict: 'pass',
    head: (d) => {
      whData(d).properties.attributes.patternProperties = { '^x-': { type: 'string' } };
    },
  },
  {
    name: 'request map gains minProperties',
    class: 'minProperties',
    verdict: 'fail',
    head: (d) => {
      reqProp(d, 'attributes').minProperties = 1;
    },
  },
  {
    name: 'response map gains minProperties (sends less)',
    class: 'minProperties',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'attributes').minProperties = 1;
    },
  },
  {
    name: 'request map loses minProperties',
    class: 'minProperties',
    verdict: 'pass',
    base: (d) => {
      reqProp(d, 'attributes').minProperties = 1;
    },
    head: (d) => {
      delete reqProp(d, 'attributes').minProperties;
    },
  },
  {
    name: 'request map gains maxProperties',
    class: 'minProperties',
    verdict: 'fail',
    head: (d) => {
      reqProp(d, 'attributes').maxProperties = 50;
    },
  },
  {
    name: 'webhook map loses maxProperties (sends more)',
    class: 'minProperties',
    verdict: 'fail',
    base: (d) => {
      whData(d).properties.attributes.maxProperties = 50;
    },
    head: (d) => {
      delete whData(d).properties.attributes.maxProperties;
    },
  },
  {
    name: 'untyped response object given type object',
    class: 'type',
    verdict: 'pass',
    head: (d) => {
      S(d, 'HealthResponse').type = 'object';
    },
  },
];

const formats: Revision[] = [
  {
    name: 'request email format widened to idn-email',
    class: 'format',
    verdict: 'pass',
    head: (d) => {
      S(d, 'InvestorCreateRow').properties.email.format = 'idn-email';
    },
  },
  {
    name: 'request idn-email format narrowed to email',
    class: 'format',
    verdict: 'fail',
    base: (d) => {
      S(d, 'InvestorCreateRow').properties.email.format = 'idn-email';
    },
    head: (d) => {
      S(d, 'InvestorCreateRow').properties.email.format = 'email';
    },
  },
  {
    name: 'request date format changed to date-time',
    class: 'format',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorCreateRow').properties.dateOfBirth.format = 'date-time';
    },
  },
  {
    name: 'response string gains format uuid (sends fewer)',
    class: 'format',
    verdict: 'pass',
    head: (d) => {
      S(d, 'InvestorRowResult').properties.zestPersonId.format = 'uuid';
    },
  },
  {
    name: 'response date-time format removed',
    class: 'format',
    verdict: 'fail',
    head: (d) => {
      delete resProp(d, 'cancelledAt').format;
    },
  },
  {
    name: 'request email format removed',
    class: 'format',
    verdict: 'pass',
    head: (d) => {
      delete S(d, 'InvestorCreateRow').properties.email.format;
    },
  },
  {
    name: 'request integer int32 widened to int64',
    class: 'format',
    verdict: 'pass',
    base: (d) => {
      P(d, 'PerPage').schema.format = 'int32';
    },
    head: (d) => {
      P(d, 'PerPage').schema.format = 'int64';
    },
  },
  {
    name: 'request integer int64 narrowed to int32',
    class: 'format',
    verdict: 'fail',
    base: (d) => {
      P(d, 'Page').schema.format = 'int64';
    },
    head: (d) => {
      P(d, 'Page').schema.format = 'int32';
    },
  },
  {
    name: 'response integer int64 narrowed to int32 (sends fewer)',
    class: 'format',
    verdict: 'pass',
    base: (d) => {
      S(d, 'TokenResponse').properties.expiresIn.format = 'int64';
    },
    head: (d) => {
      S(d, 'TokenResponse').properties.expiresIn.format = 'int32';
    },
  },
  {
    name: 'response integer int32 widened to int64',
    class: 'format',
    verdict: 'fail',
    base: (d) => {
      S(d, 'TokenResponse').properties.expiresIn.format = 'int32';
    },
    head: (d) => {
      S(d, 'TokenResponse').properties.expiresIn.format = 'int64';
    },
  },
  {
    name: 'webhook date-time narrowed to date',
    class: 'format',
    verdict: 'fail',
    head: (d) => {
      S(d, 'WebhookOccurredAt').format = 'date';
    },
  },
  {
    name: 'request uri widened to uri-reference',
    class: 'format',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.callbackUrl = { type: 'string', format: 'uri' };
    },
    head: (d) => {
      reqProp(d, 'callbackUrl').format = 'uri-reference';
    },
  },
  {
    name: 'response hostname widened to idn-hostname',
    class: 'format',
    verdict: 'fail',
    base: (d) => {
      resProp(d, 'tenantSlug').format = 'hostname';
    },
    head: (d) => {
      resProp(d, 'tenantSlug').format = 'idn-hostname';
    },
  },
];

const discriminators: Revision[] = [
  {
    name: 'response discriminator mapping value renamed',
    class: 'discriminator',
    verdict: 'fail',
    base: payouts,
    head: (d) => {
      rename(resUnion(d).discriminator.mapping, 'bank', 'bank_account');
      S(d, 'BankPayout').properties.kind.enum = ['bank', 'bank_account'];
    },
  },
  {
    name: 'request discriminator mapping gains an alias for a member',
    class: 'discriminator',
    verdict: 'pass',
    base: payouts,
    head: (d) => {
      reqUnion(d).discriminator.mapping.iban = '#/components/schemas/BankPayoutInput';
      S(d, 'BankPayoutInput').properties.kind.enum = ['bank', 'iban'];
    },
  },
  {
    name: 'request discriminator mapping entry and member removed',
    class: 'discriminator',
    verdict: 'fail',
    base: payouts,
    head: (d) => {
      delete reqUnion(d).discriminator.mapping.card;
      reqUnion(d).oneOf.pop();
    },
  },
  {
    name: 'discriminator propertyName changed',
    class: 'discriminator',
    verdict: 'fail',
    base: payouts,
    head: (d) => {
      for (const name of ['BankPayout', 'CardPayout', 'BankPayoutInput', 'CardPayoutInput']) {
        S(d, name).properties.type = S(d, name).properties.kind;
        S(d, name).required = [S(d, name).required[1], 'type'];
        delete S(d, name).properties.kind;
      }
      reqUnion(d).discriminator.propertyName = 'type';
      resUnion(d).discriminator.propertyName = 'type';
    },
  },
  {
    name: 'discriminator mapping written with schema names instead of references',
    class: 'discriminator',
    verdict: 'pass',
    base: payouts,
    head: (d) => {
      reqUnion(d).discriminator.mapping = { bank: 'BankPayoutInput', card: 'CardPayoutInput' };
      resUnion(d).discriminator.mapping = { bank: 'BankPayout', card: 'CardPayout' };
    },
  },
  {
    name: 'discriminator removed from a union whose members carry the value as a constant',
    class: 'discriminator',
    verdict: 'pass',
    base: payouts,
    head: (d) => {
      delete resUnion(d).discriminator;
    },
    limitation: 'A discriminator removed from a response union',
  },
  {
    // Like an enum value removed: partners receive fewer variants, each one they could already place.
    name: 'response union loses a member and its mapping entry',
    class: 'discriminator',
    verdict: 'pass',
    base: (d) => {
      payouts(d);
      d.components.schemas.WalletPayout = {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string', enum: ['wallet'] } },
      };
      resUnion(d).oneOf.push({ $ref: '#/components/schemas/WalletPayout' });
      resUnion(d).discriminator.mapping.wallet = '#/components/schemas/WalletPayout';
    },
    head: (d) => {
      resUnion(d).oneOf.splice(1, 1);
      delete resUnion(d).discriminator.mapping.card;
    },
  },
  {
    name: 'response discriminator mapping entry removed while its member stays',
    class: 'discriminator',
    verdict: 'fail',
    base: payouts,
    head: (d) => {
      delete resUnion(d).discriminator.mapping.card;
    },
  },
  {
    name: 'webhook payload union loses a member and its mapping entry',
    class: 'discriminator',
    verdict: 'pass',
    base: (d) => {
      payouts(d);
      d.components.schemas.WalletPayout = {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string', enum: ['wallet'] } },
      };
      whData(d).properties.payout = structuredClone(resUnion(d));
      whData(d).properties.payout.oneOf.push({ $ref: '#/components/schemas/WalletPayout' });
      whData(d).properties.payout.discriminator.mapping.wallet = '#/components/schemas/WalletPayout';
    },
    head: (d) => {
      whData(d).properties.payout.oneOf.splice(1, 1);
      delete whData(d).properties.payout.discriminator.mapping.card;
    },
  },
  {
    name: 'response union gains a member',
    class: 'discriminator',
    verdict: 'fail',
    base: payouts,
    head: (d) => {
      d.components.schemas.WalletPayout = {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string', enum: ['wallet'] } },
      };
      resUnion(d).oneOf.push({ $ref: '#/components/schemas/WalletPayout' });
      resUnion(d).discriminator.mapping.wallet = '#/components/schemas/WalletPayout';
    },
  },
  {
    name: 'request union gains a member under a discriminator',
    class: 'discriminator',
    verdict: 'pass',
    base: payouts,
    head: (d) => {
      d.components.schemas.WalletPayout = {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string', enum: ['wallet'] } },
      };
      reqUnion(d).oneOf.push({ $ref: '#/components/schemas/WalletPayout' });
      reqUnion(d).discriminator.mapping.wallet = '#/components/schemas/WalletPayout';
    },
  },
  {
    name: 'union members reordered',
    class: 'discriminator',
    verdict: 'pass',
    base: payouts,
    head: (d) => {
      reqUnion(d).oneOf.reverse();
      resUnion(d).oneOf.reverse();
    },
  },
];

const defaults: Revision[] = [
  {
    name: 'request query default changed',
    class: 'default',
    verdict: 'fail',
    head: (d) => {
      P(d, 'PerPage').schema.default = 50;
    },
  },
  {
    // It documents what a missing value meant all along; the server's answers do not change (oasdiff rates it info).
    name: 'default added to an optional response property',
    class: 'default',
    verdict: 'pass',
    head: (d) => {
      S(d, 'TokenResponse').properties.tokenType.default = 'Bearer';
    },
  },
  {
    name: 'default added to a required response property (never applies)',
    class: 'default',
    verdict: 'pass',
    head: (d) => {
      S(d, 'TokenResponse').properties.accessToken.default = 'none';
    },
  },
  {
    name: 'optional response property default changed',
    class: 'default',
    verdict: 'fail',
    head: (d) => {
      S(d, 'AggregationResponse').properties.limit.default = 20;
    },
  },
  {
    name: 'optional response property default removed',
    class: 'default',
    verdict: 'fail',
    head: (d) => {
      delete S(d, 'AggregationResponse').properties.limit.default;
    },
  },
  {
    name: 'webhook property default added to a required property (never applies)',
    class: 'default',
    verdict: 'pass',
    head: (d) => {
      whData(d).properties.templateVersion.default = '1.0.0';
    },
  },
  {
    name: 'optional webhook payload property default changed',
    class: 'default',
    verdict: 'fail',
    base: (d) => {
      whData(d).properties.priority = { type: 'integer', default: 1 };
    },
    head: (d) => {
      whData(d).properties.priority.default = 2;
    },
  },
  {
    name: 'request default spelled beside a required property',
    class: 'default',
    verdict: 'pass',
    head: (d) => {
      reqProp(d, 'templateVersion').default = '1.0.0';
    },
  },
  {
    name: 'request query default removed',
    class: 'default',
    verdict: 'fail',
    head: (d) => {
      delete P(d, 'PerPage').schema.default;
    },
  },
];

const readWrite: Revision[] = [
  {
    name: 'optional response property made writeOnly',
    class: 'readOnly',
    verdict: 'fail',
    head: (d) => {
      resProp(d, 'rejectionReason').writeOnly = true;
    },
  },
  {
    name: 'required response property made writeOnly',
    class: 'readOnly',
    verdict: 'fail',
    head: (d) => {
      resProp(d, 'templateId').writeOnly = true;
    },
  },
  {
    name: 'request property made readOnly',
    class: 'readOnly',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorCreateRow').properties.countryOfResidence.readOnly = true;
    },
  },
  {
    name: 'required request property made readOnly',
    class: 'readOnly',
    verdict: 'fail',
    head: (d) => {
      reqProp(d, 'templateVersion').readOnly = true;
    },
  },
  {
    name: 'response property made readOnly',
    class: 'readOnly',
    verdict: 'pass',
    head: (d) => {
      resProp(d, 'templateId').readOnly = true;
    },
  },
  {
    name: 'request property made writeOnly',
    class: 'readOnly',
    verdict: 'pass',
    head: (d) => {
      reqProp(d, 'templateId').writeOnly = true;
    },
  },
  {
    name: 'request property no longer readOnly',
    class: 'readOnly',
    verdict: 'pass',
    base: (d) => {
      S(d, 'InvestorCreateRow').properties.partnerInvestorId.readOnly = true;
    },
    head: (d) => {
      delete S(d, 'InvestorCreateRow').properties.partnerInvestorId.readOnly;
    },
  },
  {
    name: 'response property no longer writeOnly (now sent: a property added)',
    class: 'readOnly',
    verdict: 'pass',
    base: (d) => {
      S(d, 'TokenResponse').properties.refreshToken.writeOnly = true;
    },
    head: (d) => {
      delete S(d, 'TokenResponse').properties.refreshToken.writeOnly;
    },
  },
  {
    name: 'readOnly moved from a shared schema to its response use',
    class: 'readOnly',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SubscriptionCreateRow').properties.partnerSubscriptionId.readOnly = true;
    },
    head: (d) => {
      delete S(d, 'SubscriptionCreateRow').properties.partnerSubscriptionId.readOnly;
      S(d, 'SubscriptionResult').properties.partnerSubscriptionId.readOnly = true;
    },
  },
];

const parameters: Revision[] = [
  {
    name: 'query array explode turned off',
    class: 'style',
    verdict: 'fail',
    base: tagsParam,
    head: (d) => {
      tags(d).explode = false;
    },
  },
  {
    name: 'query array style spaceDelimited',
    class: 'style',
    verdict: 'fail',
    base: tagsParam,
    head: (d) => {
      tags(d).style = 'spaceDelimited';
      tags(d).explode = false;
    },
  },
  {
    // A single value is serialised alike exploded or not (`status=open`): only lists and objects tell them apart.
    name: 'scalar query parameters explode turned off (enum by $ref, integer)',
    class: 'style',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV).parameters[2] = { ...P(d, 'SpvRequestStatusFilter'), explode: false };
      P(d, 'Page').explode = false;
    },
  },
  {
    name: 'scalar path and header parameters explode turned on',
    class: 'style',
    verdict: 'pass',
    head: (d) => {
      P(d, 'SpvRequestSlug').explode = true;
      P(d, 'IdempotencyKeyRequired').explode = true;
    },
  },
  {
    name: 'query object parameter explode turned off',
    class: 'style',
    verdict: 'fail',
    base: (d) => {
      op(d, 'get', SPV).parameters.push({
        name: 'range',
        in: 'query',
        schema: { type: 'object', properties: { from: { type: 'string' } } },
      });
    },
    head: (d) => {
      op(d, 'get', SPV).parameters.at(-1).explode = false;
    },
  },
  {
    name: 'query array style form and explode true spelled out',
    class: 'style',
    verdict: 'pass',
    base: tagsParam,
    head: (d) => {
      tags(d).style = 'form';
      tags(d).explode = true;
    },
  },
  {
    name: 'query parameter allowReserved added',
    class: 'style',
    verdict: 'pass',
    head: (d) => {
      P(d, 'SpvRequestStatusFilter').allowReserved = true;
    },
  },
  {
    name: 'query parameter allowReserved removed',
    class: 'style',
    verdict: 'fail',
    base: (d) => {
      P(d, 'SpvRequestStatusFilter').allowReserved = true;
    },
    head: (d) => {
      delete P(d, 'SpvRequestStatusFilter').allowReserved;
    },
  },
  {
    name: 'query parameter moved from schema to JSON content',
    class: 'content-parameter',
    verdict: 'fail',
    head: (d) => {
      const param = P(d, 'PerPage');
      param.content = { [JSON_TYPE]: { schema: param.schema } };
      delete param.schema;
    },
  },
  {
    name: 'content parameter media type with charset',
    class: 'content-parameter',
    verdict: 'pass',
    base: (d) => {
      tagsParam(d);
      tags(d).content = { [JSON_TYPE]: { schema: tags(d).schema } };
      delete tags(d).schema;
    },
    head: (d) => {
      rename(tags(d).content, JSON_TYPE, 'application/json; charset=utf-8');
    },
  },
  {
    name: 'content parameter schema tightened',
    class: 'content-parameter',
    verdict: 'fail',
    base: (d) => {
      tagsParam(d);
      tags(d).content = { [JSON_TYPE]: { schema: tags(d).schema } };
      delete tags(d).schema;
    },
    head: (d) => {
      tags(d).content[JSON_TYPE].schema.maxItems = 3;
    },
  },
  {
    name: 'content parameter schema loosened',
    class: 'content-parameter',
    verdict: 'pass',
    base: (d) => {
      tagsParam(d);
      tags(d).content = { [JSON_TYPE]: { schema: { ...tags(d).schema, maxItems: 3 } } };
      delete tags(d).schema;
    },
    head: (d) => {
      delete tags(d).content[JSON_TYPE].schema.maxItems;
    },
  },
  {
    name: 'path parameter style label',
    class: 'style',
    verdict: 'fail',
    head: (d) => {
      P(d, 'SpvRequestSlug').style = 'label';
    },
  },
  {
    name: 'header parameter style simple spelled out',
    class: 'style',
    verdict: 'pass',
    head: (d) => {
      P(d, 'IdempotencyKeyRequired').style = 'simple';
    },
  },
  {
    name: 'query parameter allowEmptyValue added',
    class: 'style',
    verdict: 'pass',
    head: (d) => {
      P(d, 'SpvRequestStatusFilter').allowEmptyValue = true;
    },
  },
  {
    name: 'query parameter deprecated',
    class: 'style',
    verdict: 'pass',
    head: (d) => {
      P(d, 'SpvRequestStatusFilter').deprecated = true;
    },
  },
  {
    name: 'query parameter name recased',
    class: 'parameter-name',
    verdict: 'fail',
    head: (d) => {
      P(d, 'PerPage').name = 'perpage';
    },
  },
  {
    name: 'query parameter example changed',
    class: 'parameter-docs',
    verdict: 'pass',
    head: (d) => {
      P(d, 'PerPage').example = 25;
    },
  },
];

const headersAndCookies: Revision[] = [
  {
    name: 'optional cookie parameter added',
    class: 'cookie',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV).parameters.push({ name: 'session', in: 'cookie', schema: { type: 'string' } });
    },
  },
  {
    name: 'required cookie parameter added',
    class: 'cookie',
    verdict: 'fail',
    head: (d) => {
      op(d, 'get', SPV).parameters.push({ name: 'session', in: 'cookie', required: true, schema: { type: 'string' } });
    },
  },
  {
    name: 'required cookie renamed in another case (cookie names are case-sensitive)',
    class: 'cookie',
    verdict: 'fail',
    base: (d) => {
      op(d, 'get', SPV).parameters.push({ name: 'session', in: 'cookie', required: true, schema: { type: 'string' } });
    },
    head: (d) => {
      op(d, 'get', SPV).parameters.at(-1).name = 'Session';
    },
  },
  {
    name: 'cookie moved to a header of the same name',
    class: 'cookie',
    verdict: 'fail',
    base: (d) => {
      op(d, 'get', SPV).parameters.push({ name: 'session', in: 'cookie', required: true, schema: { type: 'string' } });
    },
    head: (d) => {
      op(d, 'get', SPV).parameters.at(-1).in = 'header';
    },
  },
  {
    name: 'required header renamed in another case',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      P(d, 'IdempotencyKeyRequired').name = 'idempotency-key';
    },
  },
  {
    name: 'request header narrowed by maxLength',
    class: 'header',
    verdict: 'fail',
    head: (d) => {
      P(d, 'IdempotencyKeyRequired').schema.maxLength = 36;
    },
  },
  {
    name: 'optional request header made required',
    class: 'header',
    verdict: 'fail',
    head: (d) => {
      P(d, 'IdempotencyKeyOptional').required = true;
    },
  },
  {
    name: 'required Authorization header parameter added (ignored by OpenAPI)',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV).parameters.push({
        name: 'Authorization',
        in: 'header',
        required: true,
        schema: { type: 'string' },
      });
    },
  },
  {
    name: 'required Accept header parameter added (ignored by OpenAPI)',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV).parameters.push({ name: 'accept', in: 'header', required: true, schema: { type: 'string' } });
    },
  },
  {
    name: 'required Content-Type header parameter added (ignored by OpenAPI)',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      op(d, 'post', SPV).parameters.push({
        name: 'Content-Type',
        in: 'header',
        required: true,
        schema: { type: 'string', enum: [JSON_TYPE] },
      });
    },
  },
  {
    name: 'required header parameter moved to the path item',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      const header = op(d, 'post', SPV).parameters.shift();
      d.paths[SPV].parameters = [header];
      op(d, 'get', SPV).parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string' },
      });
    },
  },
  {
    name: 'webhook header made required (receivers get it more often)',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      P(d, 'ZestEventType').required = true;
    },
  },
  {
    name: 'webhook header retyped to a constant per event',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      d.webhooks['spv_request.created'].post.parameters[2] = {
        name: 'Zest-Event-Type',
        in: 'header',
        required: true,
        schema: { type: 'string', const: 'spv_request.created' },
      };
    },
  },
  {
    name: 'webhook header dropped',
    class: 'header',
    verdict: 'fail',
    head: (d) => {
      d.webhooks['spv_request.created'].post.parameters.pop();
    },
  },
  {
    name: 'webhook Authorization header no longer sent',
    class: 'header',
    verdict: 'fail',
    base: (d) => {
      d.webhooks['spv_request.created'].post.parameters.push({
        name: 'Authorization',
        in: 'header',
        required: true,
        schema: { type: 'string' },
      });
    },
    head: (d) => {
      d.webhooks['spv_request.created'].post.parameters.pop();
    },
  },
  {
    name: 'new optional webhook header',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      d.webhooks['spv_request.created'].post.parameters.push({
        name: 'Zest-Attempt',
        in: 'header',
        schema: { type: 'integer' },
      });
    },
  },
];

const pathTemplates: Revision[] = [
  {
    name: 'path template {slug} renamed to {id}',
    class: 'path-template',
    verdict: 'pass',
    head: (d) => {
      d.paths['/v1/spv-requests/{id}'] = d.paths[SPV_ONE];
      delete d.paths[SPV_ONE];
      P(d, 'SpvRequestSlug').name = 'id';
    },
  },
  {
    name: 'path template renamed in an inline parameter at operation level',
    class: 'path-template',
    verdict: 'pass',
    head: (d) => {
      const item = d.paths[FORMS];
      d.paths['/v1/spvs/{vehicle}/subscription/{personId}/forms'] = item;
      delete d.paths[FORMS];
      item.parameters = [{ ...P(d, 'SpvSlug'), name: 'vehicle' }, { $ref: '#/components/parameters/PersonId' }];
    },
  },
  {
    name: 'path template renamed and a segment added',
    class: 'path-template',
    verdict: 'fail',
    head: (d) => {
      d.paths['/v1/spv-requests/by-id/{id}'] = d.paths[SPV_ONE];
      delete d.paths[SPV_ONE];
      P(d, 'SpvRequestSlug').name = 'id';
    },
  },
  {
    name: 'two path templates swap names',
    class: 'path-template',
    verdict: 'fail',
    head: (d) => {
      d.paths['/v1/spvs/{personId}/subscription/{spvSlug}/forms'] = d.paths[FORMS];
      delete d.paths[FORMS];
    },
  },
  {
    name: 'trailing slash added to a path',
    class: 'path-template',
    verdict: 'fail',
    head: (d) => {
      d.paths[`${SPV}/`] = d.paths[SPV];
      delete d.paths[SPV];
    },
  },
  {
    name: 'path recased',
    class: 'path-template',
    verdict: 'fail',
    head: (d) => {
      d.paths['/v1/SPV-requests'] = d.paths[SPV];
      delete d.paths[SPV];
    },
  },
  {
    name: 'path templates renamed in a path with two parameters',
    class: 'path-template',
    verdict: 'pass',
    head: (d) => {
      d.paths['/v1/spvs/{spv}/subscription/{person}/fundings'] = d.paths[FUNDINGS];
      delete d.paths[FUNDINGS];
      d.paths['/v1/spvs/{spv}/subscription/{person}/fundings'].parameters = [
        { ...P(d, 'SpvSlug'), name: 'spv' },
        { ...P(d, 'PersonId'), name: 'person' },
      ];
    },
  },
];

const security: Revision[] = [
  {
    name: 'a second scheme required together with the bearer token',
    class: 'security',
    verdict: 'fail',
    head: (d) => {
      apiKey(d);
      op(d, 'get', SPV).security = [{ bearerAuth: [], partnerKey: [] }];
    },
  },
  {
    name: 'a scheme offered as an alternative',
    class: 'security',
    verdict: 'pass',
    head: (d) => {
      apiKey(d);
      op(d, 'get', SPV).security = [{ bearerAuth: [] }, { partnerKey: [] }];
    },
  },
  {
    name: 'an OAuth scope required by an operation',
    class: 'security',
    verdict: 'fail',
    base: oauth2,
    head: (d) => {
      op(d, 'get', SPV).security = [{ oauth: ['spv:read', 'spv:write'] }];
    },
  },
  {
    name: 'an OAuth scope no longer required by an operation',
    class: 'security',
    verdict: 'pass',
    base: (d) => {
      oauth2(d);
      op(d, 'get', SPV).security = [{ oauth: ['spv:read', 'spv:write'] }];
    },
    head: (d) => {
      op(d, 'get', SPV).security = [{ oauth: ['spv:read'] }];
    },
  },
  {
    name: 'OAuth tokenUrl moved',
    class: 'security',
    verdict: 'fail',
    base: oauth2,
    head: (d) => {
      d.components.securitySchemes.oauth.flows.clientCredentials.tokenUrl = 'https://auth.zestequity.com/token';
    },
  },
  {
    name: 'OAuth tokenUrl host recased',
    class: 'security',
    verdict: 'pass',
    base: oauth2,
    head: (d) => {
      d.components.securitySchemes.oauth.flows.clientCredentials.tokenUrl =
        'https://API.zestequity.com/v1/oauth2/tokens';
    },
  },
  {
    name: 'bearerFormat changed (documentation)',
    class: 'security',
    verdict: 'pass',
    head: (d) => {
      d.components.securitySchemes.bearerAuth.bearerFormat = 'opaque';
    },
  },
  {
    name: 'apiKey header renamed',
    class: 'security',
    verdict: 'fail',
    base: (d) => {
      apiKey(d);
      op(d, 'get', SPV).security = [{ bearerAuth: [] }, { partnerKey: [] }];
    },
    head: (d) => {
      d.components.securitySchemes.partnerKey.name = 'X-Api-Key';
    },
  },
  {
    name: 'apiKey header recased',
    class: 'security',
    verdict: 'pass',
    base: (d) => {
      apiKey(d);
      op(d, 'get', SPV).security = [{ bearerAuth: [] }, { partnerKey: [] }];
    },
    head: (d) => {
      d.components.securitySchemes.partnerKey.name = 'x-partner-key';
    },
  },
  {
    name: 'apiKey moved from header to query',
    class: 'security',
    verdict: 'fail',
    base: (d) => {
      apiKey(d);
      op(d, 'get', SPV).security = [{ bearerAuth: [] }, { partnerKey: [] }];
    },
    head: (d) => {
      d.components.securitySchemes.partnerKey.in = 'query';
    },
  },
  {
    name: 'anonymous access removed',
    class: 'security',
    verdict: 'fail',
    head: (d) => {
      op(d, 'get', '/v1/contracts').security = [{ bearerAuth: [] }];
    },
  },
  {
    name: 'global security copied onto every operation',
    class: 'security',
    verdict: 'pass',
    head: (d) => {
      for (const item of Object.values(d.paths) as Doc[]) {
        for (const [method, operation] of Object.entries(item)) {
          if (method !== 'parameters' && !(operation as Doc).security)
            (operation as Doc).security = [{ bearerAuth: [] }];
        }
      }
      delete d.security;
    },
  },
  {
    name: 'openIdConnect URL moved',
    class: 'security',
    verdict: 'fail',
    base: (d) => {
      d.components.securitySchemes.oidc = {
        type: 'openIdConnect',
        openIdConnectUrl: 'https://id.zestequity.com/.well-known/openid-configuration',
      };
      op(d, 'get', SPV).security = [{ bearerAuth: [] }, { oidc: [] }];
    },
    head: (d) => {
      d.components.securitySchemes.oidc.openIdConnectUrl =
        'https://login.zestequity.com/.well-known/openid-configuration';
    },
  },
  {
    name: 'unused security scheme added',
    class: 'security',
    verdict: 'pass',
    head: apiKey,
  },
];

const servers: Revision[] = [
  {
    name: 'server host recased',
    class: 'server',
    verdict: 'pass',
    head: (d) => {
      d.servers[0].url = 'https://API.zestequity.com';
    },
  },
  {
    name: 'server with the default https port spelled out',
    class: 'server',
    verdict: 'pass',
    head: (d) => {
      d.servers[0].url = 'https://api.zestequity.com:443';
    },
  },
  {
    name: 'server written as a variable whose only value is the old host (the SDK reads the URL as written)',
    class: 'server',
    verdict: 'fail',
    head: (d) => {
      d.servers[0] = {
        url: 'https://{host}',
        description: 'Production',
        variables: { host: { default: 'api.zestequity.com', enum: ['api.zestequity.com'] } },
      };
    },
  },
  {
    name: 'local server scheme changed to https',
    class: 'server',
    verdict: 'fail',
    head: (d) => {
      d.servers[2].url = 'https://localhost:8080';
    },
  },
  {
    name: 'server base path added',
    class: 'server',
    verdict: 'fail',
    head: (d) => {
      d.servers[0].url = 'https://api.zestequity.com/partner';
    },
  },
];

const responses: Revision[] = [
  {
    name: 'response link added',
    class: 'links',
    verdict: 'pass',
    head: (d) => {
      op(d, 'post', SPV).responses['201'].links = {
        get: { operationId: 'getSpvRequest', parameters: { slug: '$response.body#/spvRequestSlug' } },
      };
    },
  },
  {
    name: 'response link removed',
    class: 'links',
    verdict: 'pass',
    base: (d) => {
      op(d, 'post', SPV).responses['201'].links = {
        get: { operationId: 'getSpvRequest', parameters: { slug: '$response.body#/spvRequestSlug' } },
      };
    },
    head: (d) => {
      delete op(d, 'post', SPV).responses['201'].links;
    },
  },
  {
    name: 'success status 200 widened to 2XX',
    class: 'status-range',
    verdict: 'fail',
    head: (d) => {
      rename(op(d, 'get', SPV_ONE).responses, '200', '2XX');
    },
  },
  {
    name: 'server error range split into 500 and 503 (documents fewer statuses)',
    class: 'status-range',
    verdict: 'pass',
    head: (d) => {
      const responses = op(d, 'get', SPV_ONE).responses;
      responses['500'] = responses['5XX'];
      responses['503'] = structuredClone(responses['5XX']);
      delete responses['5XX'];
    },
  },
  {
    name: 'server error range body retyped',
    class: 'status-range',
    verdict: 'fail',
    head: (d) => {
      op(d, 'get', SPV_ONE).responses['5XX'] = {
        description: 'Failure.',
        content: { 'text/plain': { schema: { type: 'string' } } },
      };
    },
  },
  {
    name: 'error response 404 body narrowed (sends fewer properties)',
    class: 'status-range',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV_ONE).responses['404'] = {
        description: 'Not found.',
        content: {
          [JSON_TYPE]: {
            schema: { $ref: '#/components/schemas/PartnerErrorResponse', required: ['code', 'errorId'] },
          },
        },
      };
    },
  },
  {
    name: 'response status 4XX added beside explicit errors',
    class: 'status-range',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV_ONE).responses['4XX'] = { $ref: '#/components/responses/NotFound' };
    },
  },
  {
    name: 'default response removed',
    class: 'status-range',
    verdict: 'pass',
    base: (d) => {
      op(d, 'get', INFO).responses.default = { $ref: '#/components/responses/ServerError' };
    },
    head: (d) => {
      delete op(d, 'get', INFO).responses.default;
    },
  },
  {
    name: 'response media type with charset',
    class: 'media-type',
    verdict: 'pass',
    head: (d) => {
      rename(media(d, 'get', SPV_ONE, '200'), JSON_TYPE, 'application/json; charset=utf-8');
    },
  },
  {
    name: 'request media type recased',
    class: 'media-type',
    verdict: 'pass',
    head: (d) => {
      rename(media(d, 'post', SPV), JSON_TYPE, 'Application/JSON');
    },
  },
  {
    name: 'request media type with charset',
    class: 'media-type',
    verdict: 'pass',
    head: (d) => {
      rename(media(d, 'post', SPV), JSON_TYPE, 'application/json; charset=utf-8');
    },
  },
  {
    name: 'request media type with a version parameter',
    class: 'media-type',
    verdict: 'fail',
    head: (d) => {
      rename(media(d, 'post', SPV), JSON_TYPE, 'application/json; version=2');
    },
  },
  {
    name: 'request media type widened to application/*',
    class: 'media-type',
    verdict: 'pass',
    head: (d) => {
      rename(media(d, 'post', SPV), JSON_TYPE, 'application/*');
    },
  },
  {
    name: 'request media type widened to */*',
    class: 'media-type',
    verdict: 'pass',
    head: (d) => {
      rename(media(d, 'post', '/v1/investors'), JSON_TYPE, '*/*');
    },
  },
  {
    name: 'response media type widened to application/*',
    class: 'media-type',
    verdict: 'fail',
    head: (d) => {
      rename(media(d, 'get', SPV_ONE, '200'), JSON_TYPE, 'application/*');
    },
  },
  {
    name: 'multipart request moved to multipart/mixed',
    class: 'media-type',
    verdict: 'fail',
    head: (d) => {
      rename(media(d, 'post', FORMS), 'multipart/form-data', 'multipart/mixed');
    },
  },
  {
    name: 'form request also accepted as JSON',
    class: 'media-type',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', TOKENS)[JSON_TYPE] = { schema: { $ref: '#/components/schemas/TokenRequest' } };
    },
  },
  {
    name: 'form request no longer accepted as a form',
    class: 'media-type',
    verdict: 'fail',
    head: (d) => {
      rename(media(d, 'post', TOKENS), 'application/x-www-form-urlencoded', JSON_TYPE);
    },
  },
  {
    name: 'request body made optional',
    class: 'request-body',
    verdict: 'pass',
    head: (d) => {
      op(d, 'post', SPV).requestBody.required = false;
    },
  },
  {
    name: 'request body made required on an operation without one',
    class: 'request-body',
    verdict: 'fail',
    head: (d) => {
      op(d, 'delete', SPV_ONE).requestBody = {
        required: true,
        content: { [JSON_TYPE]: { schema: { type: 'object' } } },
      };
    },
  },
  {
    name: 'success response body dropped',
    class: 'response',
    verdict: 'fail',
    head: (d) => {
      delete op(d, 'delete', SPV_ONE).responses['200'].content;
    },
  },
];

const multipart: Revision[] = [
  {
    name: 'multipart part content types reordered',
    class: 'encoding',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.contentType =
        'image/png, application/pdf, image/webp, image/jpeg';
    },
  },
  {
    name: 'multipart part accepts one more content type',
    class: 'encoding',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.contentType += ', image/heic';
    },
  },
  {
    name: 'multipart part content types as a wildcard range',
    class: 'encoding',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.contentType = 'application/pdf, image/*';
    },
  },
  {
    name: 'multipart part drops a content type',
    class: 'encoding',
    verdict: 'fail',
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.contentType =
        'application/pdf, image/jpeg, image/png';
    },
  },
  {
    name: 'multipart part content types with spacing and case changed',
    class: 'encoding',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', FUNDINGS)['multipart/form-data'].encoding.file.contentType =
        'Application/PDF,image/jpeg,image/png,image/webp';
    },
  },
  {
    name: 'multipart part requires a new header',
    class: 'encoding',
    verdict: 'fail',
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.headers = {
        'X-Checksum': { required: true, schema: { type: 'string' } },
      };
    },
  },
  {
    name: 'multipart part accepts an optional header',
    class: 'encoding',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.headers = {
        'X-Checksum': { schema: { type: 'string' } },
      };
    },
  },
  {
    name: 'multipart part content type listed twice',
    class: 'encoding',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.contentType += ', image/png';
    },
  },
  {
    name: 'multipart encoding added for a text field with its default content type',
    class: 'encoding',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', FUNDINGS)['multipart/form-data'].encoding.wireReference = { contentType: 'text/plain' };
    },
  },
  {
    name: 'multipart text field restricted to JSON parts',
    class: 'encoding',
    verdict: 'fail',
    head: (d) => {
      media(d, 'post', FUNDINGS)['multipart/form-data'].encoding.wireReference = { contentType: JSON_TYPE };
    },
  },
];

const callbacksAndWebhooks: Revision[] = [
  {
    name: 'callback added to an operation',
    class: 'callback',
    verdict: 'pass',
    head: callback,
    limitation: 'Callbacks and parameters with `content`',
  },
  {
    name: 'callback payload gains a required property it always sends',
    class: 'callback',
    verdict: 'pass',
    base: callback,
    head: (d) => {
      cb(d).requestBody.content[JSON_TYPE].schema = {
        allOf: [{ $ref: '#/components/schemas/SpvRequestResponse' }, { required: ['rejectionReason'] }],
      };
    },
    limitation: 'Callbacks and parameters with `content`',
  },
  {
    name: 'callback removed',
    class: 'callback',
    verdict: 'fail',
    base: callback,
    head: (d) => {
      delete op(d, 'post', SPV).callbacks;
    },
  },
  {
    name: 'callback payload description changed',
    class: 'callback',
    verdict: 'pass',
    base: callback,
    head: (d) => {
      cb(d).description = 'Sent once the request is reviewed.';
    },
  },
  {
    name: 'webhook added',
    class: 'webhook',
    verdict: 'pass',
    head: (d) => {
      d.webhooks['spv_request.reopened'] = structuredClone(d.webhooks['spv_request.cancelled']);
      d.webhooks['spv_request.reopened'].post.operationId = 'onSpvRequestReopened';
    },
  },
  {
    name: 'webhook removed',
    class: 'webhook',
    verdict: 'fail',
    head: (d) => {
      delete d.webhooks['spv_request.cancelled'];
    },
  },
  {
    name: 'webhook payload property added',
    class: 'webhook',
    verdict: 'pass',
    head: (d) => {
      whData(d).properties.reviewer = { type: 'string' };
    },
  },
  {
    name: 'webhook payload optional property removed',
    class: 'webhook',
    verdict: 'fail',
    base: (d) => {
      whData(d).properties.reviewer = { type: 'string' };
    },
    head: (d) => {
      delete whData(d).properties.reviewer;
    },
  },
  {
    name: 'webhook payload media type with charset',
    class: 'webhook',
    verdict: 'pass',
    head: (d) => {
      rename(d.webhooks['spv_request.created'].post.requestBody.content, JSON_TYPE, 'application/json; charset=utf-8');
    },
  },
  {
    name: 'webhook payload moved to another media type',
    class: 'webhook',
    verdict: 'fail',
    head: (d) => {
      rename(d.webhooks['spv_request.created'].post.requestBody.content, JSON_TYPE, 'application/cloudevents+json');
    },
  },
  {
    name: 'webhook payload offered as a media range',
    class: 'webhook',
    verdict: 'fail',
    head: (d) => {
      rename(d.webhooks['spv_request.created'].post.requestBody.content, JSON_TYPE, 'application/*');
    },
  },
  {
    name: 'webhook payload required property made optional',
    class: 'webhook',
    verdict: 'fail',
    head: (d) => {
      whData(d).required = whData(d).required.filter((n: string) => n !== 'templateVersion');
    },
  },
  {
    name: 'webhook payload property pattern added (sends fewer)',
    class: 'webhook',
    verdict: 'pass',
    head: (d) => {
      whData(d).properties.spvRequestSlug.pattern = '^svr_';
    },
  },
  {
    name: 'webhook payload reference indirection added',
    class: 'webhook',
    verdict: 'pass',
    head: (d) => {
      d.components.schemas.SlugAlias = whData(d).properties.spvRequestSlug;
      whData(d).properties.spvRequestSlug = { $ref: '#/components/schemas/SlugAlias' };
    },
  },
  {
    name: 'webhook payload recomposed as allOf',
    class: 'webhook',
    verdict: 'pass',
    head: (d) => {
      const whole = S(d, 'SpvRequestCreatedEvent');
      d.components.schemas.SpvRequestCreatedEvent = {
        allOf: [
          {
            type: 'object',
            required: ['eventId', 'eventType'],
            properties: { eventId: whole.properties.eventId, eventType: whole.properties.eventType },
          },
          {
            type: 'object',
            required: ['occurredAt', 'data'],
            properties: { occurredAt: whole.properties.occurredAt, data: whole.properties.data },
          },
        ],
      };
    },
  },
  {
    name: 'webhook answer range 2XX instead of 200',
    class: 'webhook',
    verdict: 'pass',
    head: (d) => {
      rename(d.webhooks['spv_request.created'].post.responses, '200', '2XX');
    },
    limitation: "A webhook's *responses*",
  },
];

const extensions: Revision[] = [
  {
    name: 'x-zest-idempotency optional to required',
    class: 'x-zest',
    verdict: 'fail',
    head: (d) => {
      op(d, 'post', '/v1/investors')['x-zest-idempotency'] = 'required';
    },
  },
  {
    name: 'x-zest-idempotency-reason reworded',
    class: 'x-zest',
    verdict: 'pass',
    head: (d) => {
      op(d, 'post', TOKENS)['x-zest-idempotency-reason'] = 'Nothing is created.';
    },
  },
  {
    name: 'x-zest-emits gains an event',
    class: 'x-zest',
    verdict: 'pass',
    head: (d) => {
      op(d, 'delete', SPV_ONE)['x-zest-emits'].push('spv_request.completed');
    },
  },
  {
    name: 'x-zest-emits loses an event',
    class: 'x-zest',
    verdict: 'fail',
    head: (d) => {
      op(d, 'delete', SPV_ONE)['x-zest-emits'] = [];
    },
  },
  {
    name: 'x-zest-emits reordered',
    class: 'x-zest',
    verdict: 'pass',
    base: (d) => {
      op(d, 'delete', SPV_ONE)['x-zest-emits'].push('spv_request.completed');
    },
    head: (d) => {
      op(d, 'delete', SPV_ONE)['x-zest-emits'].reverse();
    },
  },
  {
    name: 'x-zest-max-bytes lowered',
    class: 'x-zest',
    verdict: 'fail',
    head: (d) => {
      S(d, 'SubscriptionFormUpload').properties.file['x-zest-max-bytes'] = 1048576;
    },
  },
  {
    name: 'x-zest-max-bytes raised',
    class: 'x-zest',
    verdict: 'pass',
    head: (d) => {
      S(d, 'SubscriptionFormUpload').properties.file['x-zest-max-bytes'] = 20971520;
    },
  },
  {
    name: 'x-zest-max-bytes dropped (no stated limit)',
    class: 'x-zest',
    verdict: 'pass',
    head: (d) => {
      delete S(d, 'FundingReceiptUpload').properties.file['x-zest-max-bytes'];
    },
    limitation: 'An upload limit no longer stated',
  },
  {
    name: 'x-zest-max-bytes added to a part without one',
    class: 'x-zest',
    verdict: 'fail',
    head: (d) => {
      S(d, 'FundingReceiptUpload').properties.wireReference['x-zest-max-bytes'] = 64;
    },
    limitation: 'upload limit stated for the first time',
  },
  {
    name: 'unknown x-zest extension added',
    class: 'x-zest',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV)['x-zest-rate-limit-tier'] = 'standard';
    },
  },
  {
    name: 'x-zest-max-bytes moved behind a $ref to an equal part schema',
    class: 'x-zest',
    verdict: 'pass',
    head: (d) => {
      d.components.schemas.UploadFile = S(d, 'SubscriptionFormUpload').properties.file;
      S(d, 'SubscriptionFormUpload').properties.file = { $ref: '#/components/schemas/UploadFile' };
    },
  },
];

const numbers: Revision[] = [
  {
    name: 'request integer as number with multipleOf 1',
    class: 'type',
    verdict: 'pass',
    head: (d) => {
      P(d, 'Page').schema.type = 'number';
      P(d, 'Page').schema.multipleOf = 1;
    },
  },
  {
    name: 'request integer widened to number',
    class: 'type',
    verdict: 'pass',
    head: (d) => {
      P(d, 'Page').schema.type = 'number';
    },
  },
  {
    name: 'response integer widened to number',
    class: 'type',
    verdict: 'fail',
    head: (d) => {
      S(d, 'TokenResponse').properties.expiresIn.type = 'number';
    },
  },
  {
    name: 'request integer exclusiveMinimum 0 as minimum 1',
    class: 'type',
    verdict: 'pass',
    head: (d) => {
      P(d, 'PerPage').schema.exclusiveMinimum = 0;
      delete P(d, 'PerPage').schema.minimum;
    },
  },
  {
    name: 'request maximum raised',
    class: 'type',
    verdict: 'pass',
    head: (d) => {
      P(d, 'PerPage').schema.maximum = 200;
    },
  },
  {
    name: 'request maximum lowered',
    class: 'type',
    verdict: 'fail',
    head: (d) => {
      P(d, 'PerPage').schema.maximum = 50;
    },
  },
  {
    name: 'response minimum dropped',
    class: 'type',
    verdict: 'fail',
    head: (d) => {
      delete S(d, 'TokenResponse').properties.expiresIn.minimum;
    },
  },
  {
    name: 'response maxLength added',
    class: 'type',
    verdict: 'pass',
    head: (d) => {
      S(d, 'TokenResponse').properties.accessToken.maxLength = 4096;
    },
  },
];

const properties: Revision[] = [
  {
    name: 'request property required made optional',
    class: 'property',
    verdict: 'pass',
    head: (d) => {
      S(d, 'InvestorCreateRow').required = S(d, 'InvestorCreateRow').required.filter(
        (n: string) => n !== 'dateOfBirth',
      );
    },
  },
  {
    name: 'response property required made optional',
    class: 'property',
    verdict: 'fail',
    head: (d) => {
      S(d, 'TokenResponse').required = [];
    },
  },
  {
    name: 'response optional property made required',
    class: 'property',
    verdict: 'pass',
    head: (d) => {
      S(d, 'TokenResponse').required.push('tokenType');
    },
  },
  {
    name: 'request optional property made required',
    class: 'property',
    verdict: 'fail',
    head: (d) => {
      S(d, 'InvestorCreateRow').required.push('countryOfResidence');
    },
  },
  {
    name: 'response property renamed',
    class: 'property',
    verdict: 'fail',
    head: (d) => {
      rename(S(d, 'TokenResponse').properties, 'expiresIn', 'expiresInSeconds');
    },
  },
  {
    name: 'request property examples changed',
    class: 'property',
    verdict: 'pass',
    head: (d) => {
      reqProp(d, 'templateId').examples = ['syndicate_primary'];
    },
  },
  {
    name: 'operation deprecated',
    class: 'operation',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', INFO).deprecated = true;
    },
  },
  {
    name: 'operation summary and tags changed',
    class: 'operation',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', INFO).summary = 'Who am I';
      op(d, 'get', INFO).tags = ['Identity'];
    },
  },
  {
    name: 'health response body loosened (not part of the contract, still a response)',
    class: 'response',
    verdict: 'fail',
    head: (d) => {
      S(d, 'HealthResponse').properties.status.type = ['string', 'integer'];
    },
  },
];

const pathItemsAndMore: Revision[] = [
  {
    name: 'webhook moved to components.pathItems and referenced',
    class: 'webhook',
    verdict: 'pass',
    head: (d) => {
      d.components.pathItems = { SpvRequestCreated: d.webhooks['spv_request.created'] };
      d.webhooks['spv_request.created'] = { $ref: '#/components/pathItems/SpvRequestCreated' };
    },
  },
  {
    name: 'path item moved to components.pathItems and referenced',
    class: 'ref',
    verdict: 'pass',
    head: (d) => {
      d.components.pathItems = { Info: d.paths[INFO] };
      d.paths[INFO] = { $ref: '#/components/pathItems/Info' };
    },
  },
  {
    name: 'jsonSchemaDialect stated as the OpenAPI default',
    class: 'metadata',
    verdict: 'pass',
    head: (d) => {
      d.jsonSchemaDialect = 'https://spec.openapis.org/oas/3.1/dialect/base';
    },
  },
  {
    name: 'response Content-Type header declared (ignored by OpenAPI)',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV_ONE).responses['200'].headers = {
        'Content-Type': { required: true, schema: { type: 'string' } },
      };
    },
  },
  {
    name: 'required response header added (always sent)',
    class: 'header',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV_ONE).responses['200'].headers = {
        'X-Request-Id': { required: true, schema: { type: 'string' } },
      };
    },
  },
  {
    name: 'required response header made optional',
    class: 'header',
    verdict: 'fail',
    base: (d) => {
      op(d, 'get', SPV_ONE).responses['200'].headers = {
        'X-Request-Id': { required: true, schema: { type: 'string' } },
      };
    },
    head: (d) => {
      op(d, 'get', SPV_ONE).responses['200'].headers['X-Request-Id'].required = false;
    },
  },
  {
    name: 'operation-level parameter overrides the path-level one with a tighter schema',
    class: 'parameter',
    verdict: 'fail',
    head: (d) => {
      op(d, 'get', SPV_ONE).parameters = [{ ...P(d, 'SpvRequestSlug'), schema: { type: 'string', pattern: '^svr_' } }];
    },
  },
  {
    name: 'operation-level parameter overrides the path-level one with the same schema',
    class: 'parameter',
    verdict: 'pass',
    head: (d) => {
      op(d, 'get', SPV_ONE).parameters = [{ $ref: '#/components/parameters/SpvRequestSlug' }];
    },
  },
  {
    name: 'query parameter moved to a header of the same name',
    class: 'parameter',
    verdict: 'fail',
    head: (d) => {
      op(d, 'get', SPV).parameters[1] = { ...P(d, 'PerPage'), in: 'header' };
    },
  },
  {
    name: 'operation security empty list as a list holding the empty requirement',
    class: 'security',
    verdict: 'pass',
    head: (d) => {
      op(d, 'post', TOKENS).security = [{}];
    },
  },
  {
    name: 'anonymous alternative added to global security',
    class: 'security',
    verdict: 'pass',
    head: (d) => {
      d.security = [{ bearerAuth: [] }, {}];
    },
  },
  {
    name: 'OAuth flow added beside the existing one',
    class: 'security',
    verdict: 'pass',
    base: oauth2,
    head: (d) => {
      d.components.securitySchemes.oauth.flows.authorizationCode = {
        authorizationUrl: 'https://api.zestequity.com/oauth2/authorize',
        tokenUrl: 'https://api.zestequity.com/v1/oauth2/tokens',
        scopes: { 'spv:read': 'Read SPV requests', 'spv:write': 'Create SPV requests' },
      };
    },
  },
  {
    name: 'OAuth flow removed',
    class: 'security',
    verdict: 'fail',
    base: oauth2,
    head: (d) => {
      d.components.securitySchemes.oauth.flows = {
        authorizationCode: {
          authorizationUrl: 'https://api.zestequity.com/oauth2/authorize',
          tokenUrl: 'https://api.zestequity.com/v1/oauth2/tokens',
          scopes: { 'spv:read': 'Read SPV requests', 'spv:write': 'Create SPV requests' },
        },
      };
    },
  },
  {
    name: 'success status changed from 201 to 200',
    class: 'status',
    verdict: 'fail',
    head: (d) => {
      rename(op(d, 'post', SPV).responses, '201', '200');
    },
  },
  {
    // The README's policy (SG055): a new status documents what could already happen. Read strictly by the wire a
    // partner branching on `201` alone would not expect it; left as the policy says (see the round's report).
    name: 'second success status added (202 beside 201)',
    class: 'status',
    verdict: 'pass',
    head: (d) => {
      op(d, 'post', SPV).responses['202'] = structuredClone(op(d, 'post', SPV).responses['201']);
    },
  },
  {
    name: 'error response gains a problem+json alternative',
    class: 'media-type',
    verdict: 'pass',
    head: (d) => {
      const notFound = d.components.responses.NotFound;
      notFound.content['application/problem+json'] = { schema: { $ref: '#/components/schemas/PartnerErrorResponse' } };
    },
  },
  {
    name: 'error response body dropped',
    class: 'status',
    verdict: 'fail',
    head: (d) => {
      delete d.components.responses.NotFound.content;
    },
  },
  {
    name: 'unused component schema removed (generated code only)',
    class: 'codegen',
    verdict: 'pass',
    base: (d) => {
      d.components.schemas.LegacyNote = { type: 'string' };
    },
    head: (d) => {
      delete d.components.schemas.LegacyNote;
    },
  },
  {
    name: 'request enum values reordered (generated code only)',
    class: 'codegen',
    verdict: 'pass',
    head: (d) => {
      S(d, 'SpvRequestStatus').enum.reverse();
    },
  },
  {
    name: 'required list with a name written twice',
    class: 'property',
    verdict: 'pass',
    head: (d) => {
      S(d, 'InvestorCreateRow').required.push('email');
    },
  },
  {
    name: 'type written as a one-element list',
    class: 'type',
    verdict: 'pass',
    head: (d) => {
      reqProp(d, 'templateId').type = ['string'];
    },
  },
  {
    name: 'integer bound written as a fraction',
    class: 'type',
    verdict: 'pass',
    head: (d) => {
      P(d, 'PerPage').schema.minimum = 0.5;
    },
  },
  {
    name: 'response number narrowed to integer',
    class: 'type',
    verdict: 'pass',
    base: (d) => {
      S(d, 'TokenResponse').properties.expiresIn.type = 'number';
    },
    head: (d) => {
      S(d, 'TokenResponse').properties.expiresIn.type = 'integer';
    },
    limitation: 'no check for a response value going from',
  },
  {
    name: 'required request property deprecated',
    class: 'property',
    verdict: 'pass',
    head: (d) => {
      reqProp(d, 'templateVersion').deprecated = true;
    },
  },
  {
    name: 'closed request object gains a patternProperties',
    class: 'patternProperties',
    verdict: 'pass',
    base: (d) => {
      S(d, 'InvestorCreateRow').additionalProperties = false;
    },
    head: (d) => {
      S(d, 'InvestorCreateRow').patternProperties = { '^x-': { type: 'string' } };
    },
  },
  {
    name: 'content parameter moved to another media type',
    class: 'content-parameter',
    verdict: 'fail',
    base: (d) => {
      tagsParam(d);
      tags(d).content = { [JSON_TYPE]: { schema: tags(d).schema } };
      delete tags(d).schema;
    },
    head: (d) => {
      rename(tags(d).content, JSON_TYPE, 'text/plain');
    },
  },
  {
    name: 'callback URL expression changed',
    class: 'callback',
    verdict: 'fail',
    base: callback,
    head: (d) => {
      rename(op(d, 'post', SPV).callbacks.reviewed, '{$request.body#/callbackUrl}', '{$request.body#/notifyUrl}');
    },
  },
  {
    name: 'webhook payload constant changed',
    class: 'webhook',
    verdict: 'fail',
    head: (d) => {
      S(d, 'SpvRequestCreatedEvent').properties.eventType.const = 'spv_request.opened';
    },
  },
  {
    name: 'webhook payload integer format narrowed (sends fewer)',
    class: 'format',
    verdict: 'pass',
    base: (d) => {
      whData(d).properties.revision = { type: 'integer', format: 'int64' };
    },
    head: (d) => {
      whData(d).properties.revision.format = 'int32';
    },
  },
  {
    name: 'webhook payload closed to properties it does not name',
    class: 'unevaluatedProperties',
    verdict: 'pass',
    head: (d) => {
      whData(d).additionalProperties = false;
    },
  },
  {
    name: 'webhook payload opened again',
    class: 'unevaluatedProperties',
    verdict: 'fail',
    base: (d) => {
      whData(d).additionalProperties = false;
    },
    head: (d) => {
      delete whData(d).additionalProperties;
    },
  },
  {
    name: 'response closed object opened again',
    class: 'unevaluatedProperties',
    verdict: 'fail',
    base: (d) => {
      S(d, 'TokenResponse').additionalProperties = false;
    },
    head: (d) => {
      delete S(d, 'TokenResponse').additionalProperties;
    },
  },
  {
    name: 'request union of bare types as a type list',
    class: 'anyOf',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.templateVersion = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    },
    head: (d) => {
      S(d, 'SpvRequestCreate').properties.templateVersion = { type: ['integer', 'string'] };
    },
  },
  {
    name: 'request anyOf of overlapping bare types as the wider type',
    class: 'anyOf',
    verdict: 'pass',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.size = { anyOf: [{ type: 'number' }, { type: 'integer' }] };
    },
    head: (d) => {
      S(d, 'SpvRequestCreate').properties.size = { type: 'number' };
    },
  },
  {
    name: 'default on a required request property changed',
    class: 'default',
    verdict: 'pass',
    base: (d) => {
      reqProp(d, 'templateVersion').default = '1.0.0';
    },
    head: (d) => {
      reqProp(d, 'templateVersion').default = '2.0.0';
    },
  },
  {
    name: 'optional request property with a default made required',
    class: 'default',
    verdict: 'fail',
    base: (d) => {
      S(d, 'SpvRequestCreate').properties.mode = { type: 'string', default: 'standard' };
    },
    head: (d) => {
      S(d, 'SpvRequestCreate').required.push('mode');
    },
  },
  {
    name: 'new required request property with a default',
    class: 'default',
    verdict: 'fail',
    head: (d) => {
      S(d, 'SpvRequestCreate').properties.mode = { type: 'string', default: 'standard' };
      S(d, 'SpvRequestCreate').required.push('mode');
    },
  },
  {
    name: 'required query parameter with a default added',
    class: 'default',
    verdict: 'fail',
    head: (d) => {
      op(d, 'get', SPV).parameters.push({
        name: 'sort',
        in: 'query',
        required: true,
        schema: { type: 'string', default: 'createdAt' },
      });
    },
  },
  {
    name: 'server URL path recased',
    class: 'server',
    verdict: 'fail',
    base: (d) => {
      d.servers[0].url = 'https://api.zestequity.com/partner';
    },
    head: (d) => {
      d.servers[0].url = 'https://api.zestequity.com/Partner';
    },
  },
  {
    name: 'subscription rows given a maximum count',
    class: 'items',
    verdict: 'fail',
    head: (d) => {
      const body = media(d, 'post', SUBS)[JSON_TYPE];
      body.schema = { allOf: [body.schema, { properties: { subscriptions: { maxItems: 100 } } }] };
    },
  },
  {
    name: 'multipart part header made required',
    class: 'encoding',
    verdict: 'fail',
    base: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.headers = {
        'X-Checksum': { schema: { type: 'string' } },
      };
    },
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.headers['X-Checksum'].required = true;
    },
  },
  {
    name: 'multipart part Content-Type header declared (ignored by OpenAPI)',
    class: 'encoding',
    verdict: 'pass',
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.headers = {
        'Content-Type': { required: true, schema: { type: 'string' } },
      };
    },
  },
  {
    name: 'multipart part content type range narrowed to its listed types',
    class: 'encoding',
    verdict: 'fail',
    base: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.contentType = 'application/pdf, image/*';
    },
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding.file.contentType = 'application/pdf, image/png';
    },
  },
  {
    name: 'multipart binary part given its default content type explicitly',
    class: 'encoding',
    verdict: 'pass',
    base: (d) => {
      delete media(d, 'post', FORMS)['multipart/form-data'].encoding;
    },
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding = { file: { contentType: 'application/octet-stream' } };
    },
  },
  {
    name: 'multipart binary part restricted from any type to PDF',
    class: 'encoding',
    verdict: 'fail',
    base: (d) => {
      delete media(d, 'post', FORMS)['multipart/form-data'].encoding;
    },
    head: (d) => {
      media(d, 'post', FORMS)['multipart/form-data'].encoding = { file: { contentType: 'application/pdf' } };
    },
  },
];

export const REVISIONS: Revision[] = [
  ...refsAndSiblings,
  ...compositions,
  ...constants,
  ...nulls,
  ...arrays,
  ...objects,
  ...formats,
  ...discriminators,
  ...defaults,
  ...readWrite,
  ...parameters,
  ...headersAndCookies,
  ...pathTemplates,
  ...security,
  ...servers,
  ...responses,
  ...multipart,
  ...callbacksAndWebhooks,
  ...extensions,
  ...numbers,
  ...properties,
  ...pathItemsAndMore,
];
