import { isObject, type OperationLocation } from '@zestequity/spec-model';
import { type Doc, resolve } from '../document.js';
import { ReceivedSchemaComparer } from './received-schema.js';

// Response headers are something partners receive, like a webhook payload: a new header (optional or always sent)
// adds data they may ignore (SG055), and a header's schema is read in the receiver's direction. oasdiff reports a removed
// header or one that became optional (SG015) and has no check for the rest, which would otherwise fail closed.

export interface HeaderChange {
  rule: string;
  message: string;
  segments: string[];
}

/** The receiver-direction rules of the webhook engine, as the response rules they correspond to. */
const AS_RESPONSE: Record<string, string> = {
  SG031: 'SG009',
  SG032: 'SG010',
  SG033: 'SG011',
  SG034: 'SG012',
  SG035: 'SG013',
  SG037: 'SG029',
  SG058: 'SG053',
  SG059: 'SG054',
};

interface Header {
  name: string;
  required: boolean;
  deprecated: boolean;
  schema: unknown;
  /** Where the header object is (a component's place when it is a `$ref`). */
  segments: string[];
  /** Where the response names it. */
  listed: string[];
}

/** New response headers, headers that are now always sent or deprecated, and header schemas, per response status. */
export function responseHeaderFindings(
  base: Doc,
  head: Doc,
  b: OperationLocation,
  h: OperationLocation,
): HeaderChange[] {
  const out: HeaderChange[] = [];
  const bResponses = responses(base, b);
  for (const [status, hResponse] of responses(head, h)) {
    const bResponse = bResponses.get(status);
    if (!bResponse) continue;
    const bHeaders = headers(base, bResponse);
    for (const [key, hh] of headers(head, hResponse)) {
      const bh = bHeaders.get(key);
      if (!bh) {
        const how = hh.required ? 'always sent' : 'optional';
        out.push({
          rule: 'SG055',
          message: `response ${status} has a new ${how} header \`${hh.name}\``,
          segments: hh.listed,
        });
        continue;
      }
      if (!bh.required && hh.required) {
        out.push({
          rule: 'SG054',
          message: `response ${status} now always sends header \`${hh.name}\``,
          segments: hh.listed,
        });
      }
      // Announced, as for a parameter or a property: the header is still sent until a removal (SG015) says otherwise.
      if (bh.deprecated !== hh.deprecated) {
        out.push({
          rule: 'SG061',
          message: `response ${status}: header \`${hh.name}\` ${hh.deprecated ? 'deprecated' : 'no longer deprecated'}`,
          segments: [...hh.segments, 'deprecated'],
        });
      }
      const comparer = new ReceivedSchemaComparer(base, head);
      comparer.compare(
        bh.schema,
        [...bh.segments, 'schema'],
        hh.schema,
        [...hh.segments, 'schema'],
        `header ${hh.name}`,
      );
      for (const change of comparer.changes) {
        out.push({
          rule: AS_RESPONSE[change.rule] ?? 'SG040',
          message: `response ${status}: ${change.message}`,
          segments: change.segments,
        });
      }
    }
  }
  return out;
}

function responses(
  doc: Doc,
  op: OperationLocation,
): Map<string, { node: Record<string, unknown>; segments: string[] }> {
  const out = new Map<string, { node: Record<string, unknown>; segments: string[] }>();
  if (!isObject(op.node.responses)) return out;
  for (const [status, raw] of Object.entries(op.node.responses)) {
    const found = resolve(doc, raw, [...op.segments, 'responses', status]);
    if (isObject(found.node)) out.set(status, { node: found.node, segments: found.segments });
  }
  return out;
}

/** A response's headers by lower-case name (HTTP header names are case-insensitive). */
function headers(doc: Doc, response: { node: Record<string, unknown>; segments: string[] }): Map<string, Header> {
  const out = new Map<string, Header>();
  const list = response.node.headers;
  if (!isObject(list)) return out;
  for (const [name, raw] of Object.entries(list)) {
    const listed = [...response.segments, 'headers', name];
    const found = resolve(doc, raw, listed);
    if (!isObject(found.node)) continue;
    out.set(name.toLowerCase(), {
      name,
      required: found.node.required === true,
      deprecated: found.node.deprecated === true,
      schema: found.node.schema,
      segments: found.segments,
      listed,
    });
  }
  return out;
}
