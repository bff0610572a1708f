// The search index shipped with the site: one MiniSearch document per operation, webhook, schema and guide section,
// serialised at build time so the browser only loads it.

import MiniSearch from 'minisearch';
import '../assets/tokenize.js';
import { listOperations, listSchemas, listWebhooks, propertyNames, resolveRef } from '@zestequity/spec-model';
import { areaOf } from './nav.mjs';
import { ADMIN_REFERENCE_PAGE, operationRoute, referenceHref, schemaRoute } from './redoc-anchors.mjs';

// `parameters` and `fields` let a reader who knows a header or a field name (Idempotency-Key, partnerInvestorId) find
// the operations and schemas that use it; a parameter name is a stronger signal than a word in a description.
// `events` (the webhooks an operation emits, x-zest-emits) and `answers` (the error codes and statuses it responds
// with) let a reader find the operations behind an event type or an error code.
export const FIELDS = [
  'title',
  'operationId',
  'path',
  'eventType',
  'parameters',
  'fields',
  'events',
  'answers',
  'text',
];
export const STORE_FIELDS = ['title', 'kind', 'url', 'detail'];
export const BOOST = {
  title: 3,
  operationId: 3,
  path: 2,
  eventType: 3,
  parameters: 5,
  fields: 1.5,
  events: 1.5,
  // Below a word of the description: for an error code, the operations that explain it and the errors guide come first.
  answers: 0.5,
};
/** The result label of the local sandbox's admin operations, documented on their own page. */
export const ADMIN_KIND = 'Sandbox admin';

// Whole texts are indexed (only stored fields reach the browser's result list, and `text` is not one of them): a
// section's later paragraphs are as findable as its first.
const plain = (s) => (s ? String(s).replace(/\s+/g, ' ').trim() : '');

/**
 * Property names a payload of the operation carries: its request bodies and its successful (2XX) responses. Error
 * responses are left out, or every operation would match the envelope's `code` and `detail`.
 */
function payloadFields(doc, op) {
  const names = new Set();
  const media = [
    ...Object.values(op.requestBody?.content ?? {}),
    ...Object.entries(op.responses)
      .filter(([status]) => status.startsWith('2'))
      .flatMap(([, response]) => Object.values(response.content)),
  ];
  for (const m of media) propertyNames(doc, m.schema, names);
  return [...names].join(' ');
}

/**
 * What the operation answers besides success: each non-2XX status (`409`, `5XX`) and the error `code` of each of its
 * examples (`conflict`, `payload_too_large`), read from the spec so the index cannot drift from it.
 */
export function answeredErrors(doc, op) {
  const answers = new Set();
  for (const [status, response] of Object.entries(op.responses)) {
    if (status.startsWith('2')) continue;
    answers.add(status);
    for (const media of Object.values(resolveRef(doc, response)?.content ?? {})) {
      // The model lists each example's value; a raw document has Example objects, possibly by $ref.
      for (const example of [...Object.values(media.examples ?? {}), media.example]) {
        const value = resolveRef(doc, example);
        const code = value?.code ?? value?.value?.code;
        if (typeof code === 'string') answers.add(code);
      }
    }
  }
  return [...answers].join(' ');
}

/** One operation's document; `kind` and `href` tell the Partner API's operations from the sandbox admin API's. */
function operationEntry(doc, op, { kind = 'Operation', href = referenceHref, idPrefix = 'operation' } = {}) {
  const emits = op.node['x-zest-emits'];
  return {
    id: `${idPrefix}:${op.operationId}`,
    kind,
    title: op.summary ?? op.operationId,
    operationId: op.operationId,
    path: op.path,
    parameters: op.parameters.map((p) => p.name).join(' '),
    fields: payloadFields(doc, op),
    events: Array.isArray(emits) ? emits.join(' ') : '',
    answers: answeredErrors(doc, op),
    detail: op.key,
    text: [op.tags.join(' '), plain(op.description)].filter(Boolean).join(' '),
    url: href(operationRoute(op.node)),
  };
}

/** Documents describing the reference page (also used by the browser tests as the list of what must be visible). */
export function referenceEntries(doc) {
  const entries = listOperations(doc).map((op) => operationEntry(doc, op));
  for (const hook of listWebhooks(doc)) {
    entries.push({
      id: `webhook:${hook.path}`,
      kind: 'Webhook',
      title: hook.summary ?? hook.path,
      operationId: hook.operationId,
      eventType: hook.path,
      // The delivery headers (Zest-Signature, Zest-Event-Id, Zest-Event-Type): a receiver author searches by them.
      parameters: hook.parameters.map((p) => p.name).join(' '),
      fields: payloadFields(doc, hook),
      detail: hook.path,
      text: plain(hook.description),
      url: referenceHref(operationRoute(hook.node, { fallbackTag: 'Webhooks' })),
    });
  }
  for (const name of listSchemas(doc)) {
    const schema = resolveRef(doc, doc.components.schemas[name]);
    entries.push({
      id: `schema:${name}`,
      kind: 'Schema',
      title: name,
      fields: [...propertyNames(doc, schema)].join(' '),
      detail: schema?.title && schema.title !== name ? schema.title : 'schema',
      text: plain(schema?.description),
      url: referenceHref(schemaRoute(name)),
    });
  }
  return entries;
}

/** The local sandbox's admin operations (sandbox-admin.html), labelled so no one takes them for the Partner API. */
export function adminEntries(adminDoc) {
  return listOperations(adminDoc).map((op) =>
    operationEntry(adminDoc, op, {
      kind: ADMIN_KIND,
      idPrefix: 'admin',
      href: (route) => `${ADMIN_REFERENCE_PAGE}${route}`,
    }),
  );
}

/**
 * Documents for every heading of every guide: the section's text is what follows the heading up to the next one.
 * Contributor pages are labelled as such, so a partner sees at a glance which results are not about using the API.
 */
export function guideEntries(guides) {
  const entries = [];
  for (const g of guides) {
    for (const h of g.headings) {
      entries.push({
        id: `guide:${g.name}#${h.id}`,
        kind: areaOf(g.name) === 'contributors' ? 'Contributors' : 'Guide',
        title: h.depth === 1 ? h.text : `${h.text}`,
        detail: h.depth === 1 ? `${g.name}.html` : g.title,
        text: plain(g.sectionText.get(h.id)),
        url: h.depth === 1 ? `${g.name}.html` : `${g.name}.html#${h.id}`,
      });
    }
  }
  return entries;
}

export function buildSearchIndex(entries) {
  const index = new MiniSearch({ fields: FIELDS, storeFields: STORE_FIELDS, tokenize: globalThis.zestTokenize });
  index.addAll(entries);
  return {
    fields: FIELDS,
    storeFields: STORE_FIELDS,
    boost: BOOST,
    index: index.toJSON(),
    count: entries.length,
  };
}
