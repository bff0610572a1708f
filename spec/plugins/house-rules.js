// The Zest Partner API house rules: conventions of this API that Redocly's built-in rules cannot express.
// Each rule lives in its own module under rules/ with a comment saying why it exists; they are switched on in
// ../redocly.yaml as `zest/<rule>` and documented in ./README.md.
import ClientErrorResponse from './rules/client-error-response.js';
import ErrorEnvelope from './rules/error-envelope.js';
import IdempotencyKey from './rules/idempotency-key.js';
import JsonCamelCase from './rules/json-camel-case.js';
import OperationDocs from './rules/operation-docs.js';
import UploadLimits from './rules/upload-limits.js';
import V1Paths from './rules/v1-paths.js';
import ValidExamples from './rules/valid-examples.js';

export const rules = {
  'json-camel-case': JsonCamelCase,
  'v1-paths': V1Paths,
  'error-envelope': ErrorEnvelope,
  'client-error-response': ClientErrorResponse,
  'idempotency-key': IdempotencyKey,
  'operation-docs': OperationDocs,
  'valid-examples': ValidExamples,
  'upload-limits': UploadLimits,
};

export default function houseRules() {
  return {
    id: 'zest',
    // oas3 covers 3.0, 3.1 and 3.2 documents.
    rules: { oas3: rules },
  };
}
