// The search index shipped with the site: one MiniSearch document per operation, webhook, schema and guide section,
// serialised at build time so the browser only loads it.

import MiniSearch from 'minisearch';
import '../assets/tokenize.js';
import { listOperations, listSchemas, listWebhooks, propertyNames, resolveRef } from '@zestequity/spec-model';
import { areaOf } from './nav.mjs';
import { operationRoute, referenceHref, schemaRoute } from './redoc-anchors.mjs';

// `parameters` and `fields` let a reader who knows a header or a field name (Idempotency-Key, partnerInvestorId) find
// the operations and schemas that use it; a parameter name is a stronger signal than a word in a description.
export const FIELDS = ['title', 'operationId', 'path', 'eventType', 'parameters', 'fields', 'text'];
export const STORE_FIELDS = ['title', 'kind', 'url', 'detail'];
export const BOOST = { title: 3, operationId: 3, path: 2, eventType: 3, parameters: 5, fields: 1.5 };

const firstSentence = (s) => (s ? String(s).replace(/\s+/g, ' ').trim().slice(0, 300) : '');

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

/** Documents describing the reference page (also used by the browser tests as the list of what must be visible). */
export function referenceEntries(doc) {
  const entries = [];
  for (const op of listOperations(doc)) {
    entries.push({
      id: `operation:${op.operationId}`,
      kind: 'Operation',
      title: op.summary ?? op.operationId,
      operationId: op.operationId,
      path: op.path,
      parameters: op.parameters.map((p) => p.name).join(' '),
      fields: payloadFields(doc, op),
      detail: op.key,
      text: [op.tags.join(' '), firstSentence(op.description)].filter(Boolean).join(' '),
      url: referenceHref(operationRoute(op.node)),
    });
  }
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
      text: firstSentence(hook.description),
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
      text: firstSentence(schema?.description),
      url: referenceHref(schemaRoute(name)),
    });
  }
  return entries;
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
        text: firstSentence(g.sectionText.get(h.id)),
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
