// The extraction and rendering behind generate-spec-facts.mjs, importable by tests (no side effects).
import { asOpenApiDocument, listOperations, resolveRef, SpecModelError } from '@zestequity/spec-model';

export class SpecFactsError extends Error {}

const fail = (message) => {
  throw new SpecFactsError(message);
};

/**
 * The facts, read through @zestequity/spec-model (which also refuses an upload without `x-zest-max-bytes` or accepted
 * content types, and an unresolvable `$ref`). What is checked here is what the SDK itself assumes.
 */
export function extractFacts(spec) {
  let operations;
  try {
    operations = listOperations(asOpenApiDocument(spec));
  } catch (error) {
    if (error instanceof SpecModelError) fail(error.message);
    throw error;
  }

  // Environments: the spec's servers (docs/design-decisions.md#servers), named by the first word of their description.
  const servers = {};
  for (const server of spec.servers ?? []) {
    const name = /^\s*(production|sandbox|local)\b/i.exec(server.description ?? '')?.[1]?.toLowerCase();
    if (name && !servers[name]) servers[name] = server.url.replace(/\/+$/, '');
  }
  for (const name of ['production', 'sandbox', 'local']) {
    if (!servers[name]) fail(`no server whose description starts with "${name}"`);
  }

  const idempotent = {};
  const headerNames = new Set();
  const uploadTypes = new Set();
  const uploadMaxBytes = new Set();
  let maxPerPage;
  for (const op of operations) {
    const keyParam = op.parameters.find((p) => p.in === 'header' && /^idempotency-key$/i.test(p.name));
    const declared = op.node['x-zest-idempotency'];
    if (keyParam) {
      headerNames.add(keyParam.name);
      const mode = declared ?? (keyParam.required ? 'required' : 'optional');
      if ((mode === 'required') !== keyParam.required)
        fail(`${op.key}: x-zest-idempotency ${mode} disagrees with the header's required flag`);
      idempotent[op.key] = mode;
    } else if (op.idempotency !== 'none') {
      fail(`${op.key}: x-zest-idempotency ${op.idempotency} but no Idempotency-Key parameter`);
    }

    if (op.upload) {
      // The SDK sends the file as the part named `file` (src/resources.ts).
      if (op.upload.fileField !== 'file')
        fail(`${op.key}: the multipart file part is ${op.upload.fileField}, the SDK sends \`file\``);
      uploadTypes.add(JSON.stringify(op.upload.contentTypes));
      uploadMaxBytes.add(op.upload.maxBytes);
    }

    if (op.key === 'GET /v1/spv-requests') {
      maxPerPage = resolveRef(
        spec,
        op.parameters.find((p) => p.in === 'query' && p.name === 'perPage')?.schema,
      )?.maximum;
    }
  }
  if (headerNames.size !== 1)
    fail(`expected one Idempotency-Key header name, found ${[...headerNames].join(', ') || 'none'}`);
  if (uploadMaxBytes.size !== 1)
    fail(`upload operations disagree on the size limit: ${[...uploadMaxBytes].join(', ')}`);
  if (uploadTypes.size === 0) fail('no multipart upload operation found');
  if (uploadTypes.size !== 1)
    fail(`upload operations disagree on the accepted content types: ${[...uploadTypes].join(' vs ')}`);
  if (!Number.isInteger(maxPerPage)) fail('GET /v1/spv-requests has no perPage maximum');

  return {
    servers,
    idempotencyHeader: [...headerNames][0],
    idempotent: Object.fromEntries(
      Object.entries(idempotent)
        .filter(([, mode]) => mode !== 'none')
        .sort(),
    ),
    uploadMaxBytes: [...uploadMaxBytes][0],
    uploadContentTypes: JSON.parse([...uploadTypes][0]),
    maxPerPage,
  };
}

export function render(facts) {
  const json = (value) => JSON.stringify(value, null, 2);
  return `/**
 * GENERATED FILE — DO NOT EDIT.
 * Produced by packages/client/scripts/generate-spec-facts.mjs from @zestequity/partner-api-spec (dist/openapi.json).
 * Change the spec, then run \`pnpm --filter @zestequity/partner-api-client generate\`.
 */

/** \`servers\` of the spec, by environment. */
export const SERVERS = ${json(facts.servers)} as const;

/** Name of the header parameter that carries the idempotency key. */
export const IDEMPOTENCY_HEADER = ${json(facts.idempotencyHeader)};

/** Operations (\`METHOD path\`) that accept an Idempotency-Key, and whether it is required. */
export const IDEMPOTENT_OPERATIONS = ${json(facts.idempotent)} as const;

/** Largest file the upload operations accept, in bytes (\`x-zest-max-bytes\` of the multipart \`file\` part). */
export const UPLOAD_MAX_BYTES = ${facts.uploadMaxBytes};

/** Content types the upload operations accept (multipart \`encoding.file.contentType\`). */
export const UPLOAD_CONTENT_TYPES = ${json(facts.uploadContentTypes)} as const;

/** Largest \`perPage\` of GET /v1/spv-requests. */
export const SPV_LIST_MAX_PER_PAGE = ${facts.maxPerPage};
`;
}
