// Adds `x-codeSamples` (curl and the TypeScript SDK) to every path operation of a copy of the spec. Redoc renders
// them in the right-hand panel. Nothing here is hand-written per operation except the SDK helper mapping.

import { listOperations, listWebhooks } from '@zestequity/spec-model';
import { curlSample } from './curl.mjs';
import { exampleRequest } from './example-request.mjs';
import { sdkSample } from './sdk-calls.mjs';
import { webhookReceiverSample } from './webhook-receiver.mjs';

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
    const { operationId } = op;
    const curl = curlSample(doc, op, { baseUrl });
    const typescript = sdkSample(operationId, exampleRequest(doc, op), { baseUrl });
    op.node['x-codeSamples'] = [
      { lang: 'curl', label: 'curl', source: curl },
      { lang: 'TypeScript', label: 'TypeScript SDK', source: typescript },
    ];
    samples.push({ operationId, curl, typescript });
  }
  // Webhooks are operations your server receives: their sample is a receiver. Redoc 3 shows a webhook's x-codeSamples
  // only instead of its example payload (its sample switcher offers "Payload" alone for webhooks), so the receiver
  // goes into the description and the right-hand panel keeps the payload.
  const receivers = [];
  for (const webhook of listWebhooks(doc)) {
    const source = webhookReceiverSample(doc, webhook);
    const heading = `**Receiving it** with \`@zestequity/partner-auth\` (generated from this event's schema):`;
    webhook.node.description = `${webhook.node.description ?? ''}\n\n${heading}\n\n\`\`\`typescript\n${source}\`\`\`\n`;
    receivers.push({ operationId: webhook.operationId, eventType: webhook.path, typescript: source });
  }
  return { doc, samples, receivers, baseUrl };
}
