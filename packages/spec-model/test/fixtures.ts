import type { OpenApiDocument } from '../src/index.js';

/**
 * A small document that uses what the bundled spec does not (yet): every HTTP method, a path-item `$ref`, a header
 * overridden with different case, a cookie parameter, optional auth, a shared response, a `$ref` with a description
 * beside it, a webhook.
 */
export function fixture(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'fixture', version: '1' },
    security: [{ bearer: [] }],
    paths: {
      '/things/{id}': {
        parameters: [
          { $ref: '#/components/parameters/Id' },
          { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
        ],
        get: {
          operationId: 'getThing',
          tags: ['Things'],
          security: [{}, { bearer: [] }],
          parameters: [
            { name: 'x-trace', in: 'header', required: false, schema: { type: 'string', maxLength: 3 } },
            { name: 'session', in: 'cookie', schema: { type: 'string' } },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', default: 10 },
              examples: { one: { $ref: '#/components/examples/Five' } },
            },
          ],
          responses: {
            '200': {
              description: 'ok',
              headers: { 'X-Rate': { required: true, schema: { type: 'integer' } } },
              content: { 'Application/JSON': { schema: { $ref: '#/components/schemas/Thing' }, example: { id: 'a' } } },
            },
            '4XX': { $ref: '#/components/responses/Problem', description: 'local words win' },
            default: { description: 'anything else' },
          },
        },
        head: { operationId: 'headThing', security: [], responses: { '200': { description: 'ok' } } },
        options: { operationId: 'optionsThing', responses: { '204': { description: 'no content' } } },
        trace: { operationId: 'traceThing', responses: { '200': { description: 'ok' } } },
        put: {
          operationId: 'putThing',
          'x-zest-idempotency': 'required',
          'x-zest-emits': ['thing.changed'],
          requestBody: { $ref: '#/components/requestBodies/Thing' },
          responses: { '200': { description: 'ok' } },
        },
      },
      '/things/{id}/file': { $ref: '#/components/pathItems/Upload' },
    },
    webhooks: {
      'thing.changed': {
        post: {
          operationId: 'onThingChanged',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: {
      parameters: { Id: { name: 'id', in: 'path', schema: { type: 'string', format: 'house-id' } } },
      examples: { Five: { value: 5 } },
      schemas: {
        Thing: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            born: { type: 'string', format: 'date' },
            parent: { $ref: '#/components/schemas/Thing' },
          },
        },
        Problem: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
      },
      responses: {
        Problem: {
          description: 'shared',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      requestBodies: {
        Thing: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
      },
      pathItems: {
        Upload: {
          post: {
            operationId: 'uploadThingFile',
            requestBody: {
              content: {
                'multipart/form-data': {
                  schema: {
                    type: 'object',
                    properties: {
                      note: { type: 'string' },
                      doc: { type: 'string', format: 'binary', 'x-zest-max-bytes': 1024 },
                    },
                  },
                  encoding: { doc: { contentType: 'application/pdf, Image/PNG' } },
                },
              },
            },
            responses: { '201': { description: 'stored' } },
          },
        },
      },
    },
  };
}
