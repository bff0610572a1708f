// The sample shown beside each webhook in the reference: a receiver built with @zestequity/partner-auth that handles
// that one event type and reads its required `data` fields, which come from the event's schema in the spec.

import { resolveRef } from '@zestequity/spec-model';

/** Required `data` properties of the event a webhook delivers. */
export function eventDataFields(doc, webhook) {
  const event = resolveRef(doc, webhook.requestBody?.content['application/json']?.schema);
  const data = resolveRef(doc, event?.properties?.data);
  if (!data) throw new Error(`${webhook.operationId}: the webhook payload has no data schema`);
  return data.required ?? [];
}

/** The identifying field plus the last two (where the event-specific fields sit), `status` aside: it is the constant. */
function fieldsToShow(required) {
  const fields = required.filter((name) => name !== 'status');
  return [...new Set([fields[0], ...fields.slice(-2)].filter(Boolean))];
}

export function webhookReceiverSample(doc, webhook) {
  const eventType = webhook.path;
  const fields = fieldsToShow(eventDataFields(doc, webhook));
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
