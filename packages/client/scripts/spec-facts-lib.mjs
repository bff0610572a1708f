// The extraction and rendering behind generate-spec-facts.mjs, importable by tests (no side effects).
export class SpecFactsError extends Error {}

const fail = (message) => {
  throw new SpecFactsError(message);
};

export function extractFacts(spec) {
  const deref = (node) => {
    let current = node;
    for (let hops = 0; current && typeof current.$ref === 'string'; hops += 1) {
      if (hops > 20 || !current.$ref.startsWith('#/')) fail(`cannot resolve ${current.$ref}`);
      current = current.$ref
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((obj, key) => obj?.[key], spec);
    }
    return current;
  };

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
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    const pathItem = deref(item);
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = pathItem[method];
      if (!op) continue;
      const params = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      const keyParam = params.find((p) => p.in === 'header' && /^idempotency-key$/i.test(p.name));
      const declared = op['x-zest-idempotency'];
      if (keyParam) {
        headerNames.add(keyParam.name);
        const mode = declared ?? (keyParam.required ? 'required' : 'optional');
        if ((mode === 'required') !== Boolean(keyParam.required)) {
          fail(`${method.toUpperCase()} ${path}: x-zest-idempotency ${mode} disagrees with the header's required flag`);
        }
        idempotent[`${method.toUpperCase()} ${path}`] = mode;
      } else if (declared && declared !== 'none') {
        fail(`${method.toUpperCase()} ${path}: x-zest-idempotency ${declared} but no Idempotency-Key parameter`);
      }

      const multipart = deref(op.requestBody)?.content?.['multipart/form-data'];
      if (multipart) {
        const where = `${method.toUpperCase()} ${path}`;
        const types = multipart.encoding?.file?.contentType;
        if (typeof types !== 'string' || !types.trim()) fail(`${where}: multipart body without encoding.file.contentType`);
        uploadTypes.add(JSON.stringify(types.split(',').map((t) => t.trim()).filter(Boolean)));
        // The limit is the file part's `x-zest-max-bytes` (spec/README.md), never the prose of its description.
        const fileSchema = deref(deref(multipart.schema)?.properties?.file);
        if (!fileSchema) fail(`${where}: multipart body has no \`file\` property`);
        const bytes = fileSchema['x-zest-max-bytes'];
        if (bytes === undefined) fail(`${where}: the file part has no x-zest-max-bytes`);
        if (!Number.isSafeInteger(bytes) || bytes <= 0) fail(`${where}: x-zest-max-bytes must be a positive integer, not ${JSON.stringify(bytes)}`);
        uploadMaxBytes.add(bytes);
      }

      if (method === 'get' && path === '/v1/spv-requests') {
        maxPerPage = deref(params.find((p) => p.in === 'query' && p.name === 'perPage')?.schema)?.maximum;
      }
    }
  }
  if (headerNames.size !== 1) fail(`expected one Idempotency-Key header name, found ${[...headerNames].join(', ') || 'none'}`);
  if (uploadMaxBytes.size !== 1) fail(`upload operations disagree on the size limit: ${[...uploadMaxBytes].join(', ')}`);
  if (uploadTypes.size === 0) fail('no multipart upload operation found');
  if (uploadTypes.size !== 1) fail(`upload operations disagree on the accepted content types: ${[...uploadTypes].join(' vs ')}`);
  if (!Number.isInteger(maxPerPage)) fail('GET /v1/spv-requests has no perPage maximum');

  return {
    servers,
    idempotencyHeader: [...headerNames][0],
    idempotent: Object.fromEntries(Object.entries(idempotent).filter(([, mode]) => mode !== 'none').sort()),
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

