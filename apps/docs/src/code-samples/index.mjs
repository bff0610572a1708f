// Adds `x-codeSamples` (curl and the TypeScript SDK) to every path operation of a copy of the spec. Redoc renders
// them in the right-hand panel. Nothing here is hand-written per operation except the SDK helper mapping.

import { exampleRequest, listOperations } from '../spec-model.mjs';
import { curlSample } from './curl.mjs';
import { sdkSample } from './sdk-calls.mjs';

/** The base URL the samples call: the spec's local server (the sandbox) when it declares one. */
export function sampleBaseUrl(doc) {
  const local = (doc.servers ?? []).find((s) => /\/\/(localhost|127\.0\.0\.1)(:\d+)?/.test(s.url));
  return (local?.url ?? 'http://localhost:8080').replace(/\/$/, '');
}

export function withCodeSamples(spec) {
  const doc = structuredClone(spec);
  const baseUrl = sampleBaseUrl(doc);
  const samples = [];
  for (const op of listOperations(doc)) {
    const { operationId } = op.operation;
    const curl = curlSample(doc, op, { baseUrl });
    const typescript = sdkSample(operationId, exampleRequest(doc, op), { baseUrl });
    op.operation['x-codeSamples'] = [
      { lang: 'curl', label: 'curl', source: curl },
      { lang: 'TypeScript', label: 'TypeScript SDK', source: typescript },
    ];
    samples.push({ operationId, curl, typescript });
  }
  return { doc, samples, baseUrl };
}
