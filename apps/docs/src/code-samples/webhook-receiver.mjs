// The sample shown beside each webhook in the reference: a receiver built with @zestequity/partner-auth that handles
// that one event type and reads its required `data` fields, which come from the event's schema in the spec.

import { resolveRef } from '../spec-model.mjs';

/** Required `data` properties of the event an operation in `webhooks` delivers. */
export function eventDataFields(doc, operation) {
  const body = resolveRef(doc, operation.requestBody);
  const event = resolveRef(doc, body?.content?.['application/json']?.schema);
  const data = resolveRef(doc, event?.properties?.data);
  if (!data) throw new Error(`${operation.operationId}: the webhook payload has no data schema`);
  return data.required ?? [];
}

/** The identifying field plus the last two (where the event-specific fields sit), `status` aside: it is the constant. */
function fieldsToShow(required) {
  const fields = required.filter((name) => name !== 'status');
  return [...new Set([fields[0], ...fields.slice(-2)].filter(Boolean))];
}

export function webhookReceiverSample(doc, { eventType, operation }) {
  const fields = fieldsToShow(eventDataFields(doc, operation));
  const read = fields.length
    ? [`    const { ${fields.join(', ')} } = event.data;`, `    console.log(${fields.join(', ')});`]
    : [`    console.log(event.data);`];
  return [
    `import { createServer } from 'node:http';`,
    `import { createNodeWebhookHandler } from '@zestequity/partner-auth/node';`,
    ``,
    `// Verifies Zest-Signature over the raw body, drops repeats by eventId, answers 200, then calls onEvent.`,
    `const receiver = createNodeWebhookHandler({`,
    `  secret: webhookSecret, // your whsec_… signing secret`,
    `  onEvent: async (event) => {`,
    `    if (event.eventType !== '${eventType}') return; // other events, including types added later`,
    ...read,
    `  },`,
    `});`,
    `createServer(receiver).listen(3000);`,
    ``,
  ].join('\n');
}
