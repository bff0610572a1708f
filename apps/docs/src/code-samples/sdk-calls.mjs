// operationId -> how the TypeScript SDK (@zestequity/partner-api-client) makes that call. This is the one place that
// knows the SDK's helper names (read from packages/client/src/resources.ts); the arguments come from the spec's
// examples. A test type-checks every generated snippet against the built SDK, and the build fails for an operationId
// missing here, so a renamed helper or a new operation cannot slip through.

const js = (value) => JSON.stringify(value, null, 2);
const str = (value) => `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => obj?.[k] !== undefined).map((k) => [k, obj[k]]));
const indentTail = (text, pad) => text.replace(/\n/g, `\n${pad}`);

/**
 * Each entry gets `{ path, query, headers, body }`: example values by parameter name and the request-body example.
 * It returns the statements after the client is created; `auth: false` marks operations callable without a token.
 */
export const SDK_CALLS = {
  getHealth: {
    auth: false,
    code: () => `const { data } = await zest.system.health();\nconsole.log(data);`,
  },
  exchangeJwtAssertion: {
    // The SDK runs this exchange itself when given client credentials; calling it by hand is for other clients.
    code: () =>
      [
        `// The SDK exchanges assertions for you when created with { auth: { clientId, issuer, privateKey } }.`,
        `// To hold a token yourself, use the token provider from @zestequity/partner-auth:`,
        `const tokens = createTokenProvider({ baseUrl: BASE_URL, clientId, issuer, privateKey });`,
        `const accessToken = await tokens.getToken(); // cached, renewed before it expires`,
      ].join('\n'),
    imports: [`import { createTokenProvider } from '@zestequity/partner-auth';`],
    noClient: true,
  },
  getOauth2Info: {
    code: () => `const { data } = await zest.auth.info();\nconsole.log(data.clientId, data.clientType);`,
  },
  listContractVersions: {
    auth: false,
    code: () => `const { data } = await zest.contracts.listVersions();\nconsole.log(data);`,
  },
  listContractTemplates: {
    auth: false,
    code: ({ path }) =>
      `const { data } = await zest.contracts.listTemplates(${str(path.version)});\nconsole.log(data);`,
  },
  getContractTemplate: {
    auth: false,
    code: ({ path }) =>
      `const { data } = await zest.contracts.getTemplate(${str(path.version)}, ${str(path.templateName)});\nconsole.log(data);`,
  },
  listContractCatalogs: {
    auth: false,
    code: ({ path }) => `const { data } = await zest.contracts.listCatalogs(${str(path.version)});\nconsole.log(data);`,
  },
  getContractCatalog: {
    auth: false,
    code: ({ path }) =>
      `const { data } = await zest.contracts.getCatalog(${str(path.version)}, ${str(path.catalogName)});\nconsole.log(data);`,
  },
  listContractPrimitives: {
    auth: false,
    code: ({ path }) =>
      `const { data } = await zest.contracts.listPrimitives(${str(path.version)});\nconsole.log(data);`,
  },
  getContractPrimitive: {
    auth: false,
    code: ({ path }) =>
      `const { data } = await zest.contracts.getPrimitive(${str(path.version)}, ${str(path.primitiveName)});\nconsole.log(data);`,
  },
  listContractSamples: {
    auth: false,
    code: ({ path }) => `const { data } = await zest.contracts.listSamples(${str(path.version)});\nconsole.log(data);`,
  },
  getContractSample: {
    auth: false,
    code: ({ path }) =>
      `const { data } = await zest.contracts.getSample(${str(path.version)}, ${str(path.sampleName)});\nconsole.log(data);`,
  },
  listSpvRequests: {
    code: ({ query }) => {
      const filters = pick(query, ['status']);
      const arg = Object.keys(filters).length ? js(filters) : '';
      return [
        `// Every matching request, page after page:`,
        `for await (const spvRequest of zest.spvRequests.list(${arg})) {`,
        `  console.log(spvRequest.spvRequestSlug, spvRequest.status);`,
        `}`,
        ``,
        `// Or one page exactly as the API returns it:`,
        `const { data: page } = await zest.spvRequests.listPage(${js(pick(query, ['page', 'perPage', 'status']))});`,
        `console.log(page.count, page.documents.length);`,
      ].join('\n');
    },
  },
  createSpvRequest: {
    code: ({ body, headers }) =>
      [
        `// Persist the key with your own record of the request and pass the same one on every retry.`,
        `const { data, idempotencyKey } = await zest.spvRequests.create(`,
        `  ${indentTail(js(body), '  ')},`,
        `  { idempotencyKey: ${str(headers['Idempotency-Key'] ?? 'a-uuid-you-persisted')} },`,
        `);`,
        `console.log(data.spvRequestSlug, data.status, idempotencyKey);`,
      ].join('\n'),
  },
  getSpvRequest: {
    code: ({ path }) =>
      `const { data } = await zest.spvRequests.get(${str(path.slug)});\nconsole.log(data.status, data.materialisedRefs);`,
  },
  cancelSpvRequest: {
    code: ({ path }) => `const { data } = await zest.spvRequests.cancel(${str(path.slug)});\nconsole.log(data.status);`,
  },
  bulkCreateInvestors: {
    code: ({ body }) =>
      [
        `// Any number of rows: sent in chunks, each chunk with its own Idempotency-Key; results in input order.`,
        `const { results, retryableRows } = await zest.investors.bulkCreate(${indentTail(js(body.investors), '')});`,
        `for (const row of results) console.log(row.partnerInvestorId, row.status, row.zestPersonId);`,
        `console.log(\`\${retryableRows.length} row(s) can be sent again\`);`,
      ].join('\n'),
  },
  createSubscriptions: {
    code: ({ path, body }) =>
      [
        `const { data } = await zest.subscriptions.create(${str(path.spvSlug)}, ${indentTail(js(body), '')});`,
        `for (const subscription of data.results) console.log(subscription.subscriptionSlug, subscription.status);`,
      ].join('\n'),
  },
  uploadSubscriptionForm: {
    code: ({ path }) =>
      [
        `// Size, type and content are checked locally before anything is sent (ZestUploadError when refused).`,
        `const { data } = await zest.subscriptions.uploadForm({`,
        `  spvSlug: ${str(path.spvSlug)},`,
        `  personId: ${str(path.personId)},`,
        `  file: await fileFromPath('signed-subscription-form.pdf'),`,
        `});`,
        `console.log(data.subscriptionFormUrl);`,
      ].join('\n'),
    imports: [`import { fileFromPath } from '@zestequity/partner-api-client/node';`],
  },
  uploadFundingReceipt: {
    code: ({ path, body }) =>
      [
        `// The signed form must be on record first; otherwise the API answers 409 conflict.`,
        `const { data } = await zest.subscriptions.uploadFundingReceipt({`,
        `  spvSlug: ${str(path.spvSlug)},`,
        `  personId: ${str(path.personId)},`,
        `  amount: ${str(body.amount)},`,
        `  currency: ${str(body.currency)},`,
        `  wireReference: ${str(body.wireReference)},`,
        `  file: await fileFromPath('wire-receipt.pdf'),`,
        `});`,
        `console.log(data.fundingReceiptUrl);`,
      ].join('\n'),
    imports: [`import { fileFromPath } from '@zestequity/partner-api-client/node';`],
  },
};

/** Identifiers a snippet uses without defining: what a partner holds after onboarding. */
export const SNIPPET_FREE_VARIABLES = {
  clientId: 'string',
  issuer: 'string',
  privateKey: 'string',
  webhookSecret: 'string',
};

/** The full TypeScript snippet for one operation. */
export function sdkSample(operationId, input, { baseUrl }) {
  const entry = SDK_CALLS[operationId];
  if (!entry)
    throw new Error(`No SDK mapping for operationId "${operationId}": add it to src/code-samples/sdk-calls.mjs`);
  const body = entry.code({
    path: input.path ?? {},
    query: input.query ?? {},
    headers: input.headers ?? {},
    body: input.body,
  });
  const imports = [...(entry.imports ?? [])];
  const lines = [];
  if (entry.noClient) {
    lines.push(`const BASE_URL = ${str(baseUrl)};`);
  } else {
    imports.unshift(`import { createZestClient } from '@zestequity/partner-api-client';`);
    const auth =
      entry.auth === false
        ? ''
        : '\n  // your client_id, your issuer URL and your Ed25519 private key (PEM)\n  auth: { clientId, issuer, privateKey },';
    lines.push(`const zest = createZestClient({\n  baseUrl: ${str(baseUrl)},${auth}\n  throwOnError: true,\n});`);
  }
  return `${imports.join('\n')}\n\n${lines.join('\n')}\n\n${body}\n`;
}
