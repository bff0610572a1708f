import { isObject, locateOperations, type OperationLocation } from '@zestequity/spec-model';
import { type Doc, resolve } from '../document.js';
import type { Draft } from '../draft.js';
import { ReceivedSchemaComparer } from './received-schema.js';
import { SchemaPairs } from './schema-pairs.js';

/**
 * Webhooks in the receiver's direction. Zest sends the request; the partner parses it. So a webhook's request is
 * read the way oasdiff reads a *response*: removing, retyping or loosening what is sent breaks receivers, and
 * adding to it does not.
 */
export function webhookFindings(base: Doc, head: Doc): Draft[] {
  const out: Draft[] = [];
  const baseOps = locateOperations(base, 'webhook');
  const headOps = locateOperations(head, 'webhook');
  const headByKey = new Map(headOps.map((op) => [`${op.name} ${op.method}`, op]));
  const baseNames = new Set(baseOps.map((op) => op.name));
  const headNames = new Set(headOps.map((op) => op.name));

  for (const name of baseNames) {
    if (!headNames.has(name)) {
      out.push(draft('SG030', `webhook \`${name}\` was removed`, name, ['webhooks'], 'head'));
    }
  }
  for (const op of baseOps) {
    const match = headByKey.get(`${op.name} ${op.method}`);
    if (!match) {
      if (headNames.has(op.name)) {
        out.push(
          draft(
            'SG030',
            `webhook \`${op.name}\` is no longer delivered with ${op.method.toUpperCase()}`,
            op.name,
            ['webhooks', op.name],
            'head',
          ),
        );
      }
      continue;
    }
    out.push(...compareDelivery(base, head, op, match));
  }
  const baseKeys = new Set(baseOps.map((op) => `${op.name} ${op.method}`));
  for (const op of headOps) {
    if (!baseNames.has(op.name)) out.push(draft('SG057', `new webhook \`${op.name}\``, op.name, op.segments, 'head'));
    // The same event delivered with another method too: receivers built for the old one refuse it (a 405), and the
    // delivery fails.
    else if (!baseKeys.has(`${op.name} ${op.method}`))
      out.push(
        draft(
          'SG036',
          `webhook \`${op.name}\` may now also be delivered with ${op.method.toUpperCase()}; receivers handle only the method they were told`,
          op.name,
          op.segments,
          'head',
        ),
      );
  }
  return out;
}

function draft(rule: string, message: string, event: string, segments: string[], side: 'base' | 'head'): Draft {
  return { rule, message, operation: `webhook ${event}`, segments, side, engine: 'webhooks' };
}

function compareDelivery(base: Doc, head: Doc, b: OperationLocation, h: OperationLocation): Draft[] {
  const comparer = new ReceivedSchemaComparer(base, head);
  const prefix = `webhook \`${h.name}\`: `;
  const pair: DeliveryPair = { base, head, b, h, comparer, prefix };
  return [
    ...compareHeaders(pair),
    ...comparePayload(pair),
    ...deprecations(pair),
    ...comparer.changes.map((change) =>
      draft(change.rule, prefix + change.message, h.name, change.segments, change.side),
    ),
  ];
}

/** One webhook in both documents, and what comparing it needs. */
interface DeliveryPair {
  base: Doc;
  head: Doc;
  b: OperationLocation;
  h: OperationLocation;
  comparer: ReceivedSchemaComparer;
  prefix: string;
}

/** Headers Zest sends with the delivery (Zest-Signature, …): removed, now optional, now required, added, retyped. */
function compareHeaders({ base, head, b, h, comparer, prefix }: DeliveryPair): Draft[] {
  const out: Draft[] = [];
  const bHeaders = headerParameters(base, b);
  const hHeaders = headerParameters(head, h);
  for (const [name, bh] of bHeaders) {
    const hh = hHeaders.get(name);
    if (!hh) {
      out.push(
        draft(
          'SG036',
          `${prefix}header \`${bh.name}\` is no longer sent`,
          h.name,
          [...h.segments, 'parameters'],
          'head',
        ),
      );
      continue;
    }
    if (bh.required && !hh.required) {
      out.push(draft('SG036', `${prefix}header \`${bh.name}\` is no longer always sent`, h.name, hh.segments, 'head'));
    } else if (!bh.required && hh.required) {
      out.push(draft('SG059', `${prefix}header \`${hh.name}\` is now always sent`, h.name, hh.segments, 'head'));
    }
    comparer.compare(bh.schema, [...bh.segments, 'schema'], hh.schema, [...hh.segments, 'schema'], `header ${hh.name}`);
  }
  for (const [name, hh] of hHeaders) {
    if (!bHeaders.has(name))
      out.push(draft('SG058', `${prefix}new header \`${hh.name}\``, h.name, hh.segments, 'head'));
  }
  return out;
}

/** The payload, per media type: a media type no longer sent, a schema change within one, a media type added. */
function comparePayload({ base, head, b, h, comparer, prefix }: DeliveryPair): Draft[] {
  const out: Draft[] = [];
  const bBody = resolve(base, b.node.requestBody, [...b.segments, 'requestBody']);
  const hBody = resolve(head, h.node.requestBody, [...h.segments, 'requestBody']);
  const bContent = isObject(bBody.node) && isObject(bBody.node.content) ? bBody.node.content : {};
  const hContent = isObject(hBody.node) && isObject(hBody.node.content) ? hBody.node.content : {};
  for (const [mediaType, bMedia] of Object.entries(bContent)) {
    const hMedia = hContent[mediaType];
    if (!isObject(hMedia)) {
      out.push(
        draft(
          'SG036',
          `${prefix}payload media type \`${mediaType}\` is no longer sent`,
          h.name,
          [...hBody.segments, 'content'],
          'head',
        ),
      );
      continue;
    }
    if (!isObject(bMedia)) continue;
    comparer.compare(
      bMedia.schema,
      [...bBody.segments, 'content', mediaType, 'schema'],
      hMedia.schema,
      [...hBody.segments, 'content', mediaType, 'schema'],
      '',
    );
  }
  for (const mediaType of Object.keys(hContent)) {
    if (!Object.hasOwn(bContent, mediaType)) {
      out.push(
        draft(
          'SG058',
          `${prefix}payload also sent as \`${mediaType}\``,
          h.name,
          [...hBody.segments, 'content', mediaType],
          'head',
        ),
      );
    }
  }
  return out;
}

/**
 * `deprecated` set or cleared on the delivery, a delivery header or a payload value (SG061): it changes nothing
 * receivers get, only what they are told to expect.
 */
function deprecations({ base, head, b, h, prefix }: DeliveryPair): Draft[] {
  const out: Draft[] = [];
  const flag = (node: Record<string, unknown>) => node.deprecated === true;
  const note = (was: boolean, what: string, at: string[]) =>
    out.push(
      draft('SG061', `${prefix}${what} ${was ? 'is no longer deprecated' : 'is now deprecated'}`, h.name, at, 'head'),
    );
  if (flag(b.node) !== flag(h.node)) note(flag(b.node), 'the delivery', [...h.segments, 'deprecated']);
  const bHeaders = headerParameters(base, b);
  for (const [name, hh] of headerParameters(head, h)) {
    const bh = bHeaders.get(name);
    if (bh && bh.deprecated !== hh.deprecated)
      note(bh.deprecated, `header \`${hh.name}\``, [...hh.segments, 'deprecated']);
  }
  const pairs = new SchemaPairs(base, head, (bNode, _bAt, hNode, hAt) => {
    if (flag(bNode) !== flag(hNode))
      note(flag(bNode), `the payload value at \`${hAt.join('.')}\``, [...hAt, 'deprecated']);
  });
  pairs.content(
    { node: b.node.requestBody, segments: [...b.segments, 'requestBody'] },
    { node: h.node.requestBody, segments: [...h.segments, 'requestBody'] },
  );
  return out;
}

interface Header {
  name: string;
  required: boolean;
  deprecated: boolean;
  schema: unknown;
  segments: string[];
}

function headerParameters(doc: Doc, op: OperationLocation): Map<string, Header> {
  const out = new Map<string, Header>();
  const collect = (list: unknown[], at: string[]) => {
    list.forEach((raw, i) => {
      const param = resolve(doc, raw, [...at, String(i)]);
      if (!isObject(param.node) || param.node.in !== 'header' || typeof param.node.name !== 'string') return;
      // HTTP header names are case-insensitive.
      out.set(param.node.name.toLowerCase(), {
        name: param.node.name,
        required: param.node.required === true,
        deprecated: param.node.deprecated === true,
        schema: param.node.schema,
        segments: param.segments,
      });
    });
  };
  collect(op.pathParameters, op.pathParameterSegments);
  if (Array.isArray(op.node.parameters)) collect(op.node.parameters, [...op.segments, 'parameters']);
  return out;
}
