// The search index shipped with the site: one MiniSearch document per operation, webhook, schema and guide section,
// serialised at build time so the browser only loads it.

import MiniSearch from 'minisearch';
import '../assets/tokenize.js';
import { listOperations, listSchemas, listWebhooks, resolveRef } from './spec-model.mjs';
import { operationRoute, referenceHref, schemaRoute } from './redoc-anchors.mjs';

export const FIELDS = ['title', 'operationId', 'path', 'eventType', 'text'];
export const STORE_FIELDS = ['title', 'kind', 'url', 'detail'];
export const BOOST = { title: 3, operationId: 3, path: 2, eventType: 3 };

const firstSentence = (s) => (s ? String(s).replace(/\s+/g, ' ').trim().slice(0, 300) : '');

/** Documents describing the reference page (also used by the browser tests as the list of what must be visible). */
export function referenceEntries(doc) {
  const entries = [];
  for (const { operation, method, path } of listOperations(doc)) {
    entries.push({
      id: `operation:${operation.operationId}`,
      kind: 'Operation',
      title: operation.summary ?? operation.operationId,
      operationId: operation.operationId,
      path,
      detail: `${method.toUpperCase()} ${path}`,
      text: [operation.tags?.join(' '), firstSentence(operation.description)].filter(Boolean).join(' '),
      url: referenceHref(operationRoute(operation)),
    });
  }
  for (const { operation, eventType } of listWebhooks(doc)) {
    entries.push({
      id: `webhook:${eventType}`,
      kind: 'Webhook',
      title: operation.summary ?? eventType,
      operationId: operation.operationId,
      eventType,
      detail: eventType,
      text: firstSentence(operation.description),
      url: referenceHref(operationRoute(operation, { fallbackTag: 'Webhooks' })),
    });
  }
  for (const name of listSchemas(doc)) {
    const schema = resolveRef(doc, doc.components.schemas[name]);
    entries.push({
      id: `schema:${name}`,
      kind: 'Schema',
      title: name,
      detail: schema?.title && schema.title !== name ? schema.title : 'schema',
      text: firstSentence(schema?.description),
      url: referenceHref(schemaRoute(name)),
    });
  }
  return entries;
}

/** Documents for every heading of every guide: the section's text is what follows the heading up to the next one. */
export function guideEntries(guides) {
  const entries = [];
  for (const g of guides) {
    for (const h of g.headings) {
      entries.push({
        id: `guide:${g.name}#${h.id}`,
        kind: 'Guide',
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
