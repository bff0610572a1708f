import { isObject, locateOperations, type OperationLocation } from '@zestequity/spec-model';
import { type Doc, deepEqual, docRuleFor, isFreePath, resolve, stableStringify } from '../document.js';
import type { Draft } from '../draft.js';

/**
 * What oasdiff does not see or sees differently: security compared by what a partner must send (not by the
 * scheme's name), servers, and the project's vendor extensions. Names generated code depends on (operationIds,
 * path parameter names, components) are the codegen engine's.
 */
export function policyFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  const headOps = new Map(locateOperations(head, 'path').map((op) => [`${op.method} ${op.name}`, op]));

  for (const b of locateOperations(base, 'path')) {
    const headPath = pathMatch.get(b.name);
    const h = headPath ? headOps.get(`${b.method} ${headPath}`) : undefined;
    if (h) addOperationFindings(base, head, b, h, out);
  }

  out.push(...serverFindings(base, head));
  out.push(...securitySchemeFindings(base, head));
  return out;
}

/** Records one finding on the head side of the operation being compared. */
type Report = (rule: string, message: string, segments: string[]) => void;

/** Compares one operation present on both sides, appending its findings to `out`. */
function addOperationFindings(base: Doc, head: Doc, b: OperationLocation, h: OperationLocation, out: Draft[]): void {
  const push: Report = (rule, message, segments) => {
    out.push({
      rule,
      message,
      operation: h.key,
      segments,
      side: 'head',
      engine: 'policy',
      ...(isFreePath(h.name) ? { free: true } : {}),
    });
  };
  operationIdFindings(b, h, push);
  requestMediaTypeFindings(base, head, b, h, push);
  securityFindings(base, head, b, h, push);
  idempotencyFindings(b, h, push);
  emitsFindings(b, h, push);
}

// A changed or removed operationId is the codegen engine's (SG018); a new one only adds a name.
function operationIdFindings(b: OperationLocation, h: OperationLocation, push: Report): void {
  if (b.node.operationId === undefined && typeof h.node.operationId === 'string') {
    push('SG060', `new operationId \`${h.node.operationId}\``, [...h.segments, 'operationId']);
  }
}

// What a client sends: a body media type the API stops accepting breaks it, whatever the new one is called.
// (oasdiff misses `application/json` -> `application/vnd.…+json`, which it deems a specialisation.)
function requestMediaTypeFindings(
  base: Doc,
  head: Doc,
  b: OperationLocation,
  h: OperationLocation,
  push: Report,
): void {
  const bMedia = requestMediaTypes(base, b.node.requestBody);
  const hMedia = requestMediaTypes(head, h.node.requestBody);
  for (const type of bMedia) {
    if (!hMedia.includes(type))
      push('SG004', `the request body is no longer accepted as \`${type}\``, [...h.segments, 'requestBody']);
  }
  for (const type of hMedia) {
    if (bMedia.length > 0 && !bMedia.includes(type))
      push('SG052', `the request body is now also accepted as \`${type}\``, [...h.segments, 'requestBody']);
  }
}

function securityFindings(base: Doc, head: Doc, b: OperationLocation, h: OperationLocation, push: Report): void {
  const bSecurity = effectiveSecurity(base, b);
  const hSecurity = effectiveSecurity(head, h);
  for (const [key, label] of bSecurity) {
    if (!hSecurity.has(key)) push('SG016', `can no longer be called with ${label}`, [...h.segments, 'security']);
  }
  for (const [key, label] of hSecurity) {
    if (!bSecurity.has(key)) push('SG056', `can now also be called with ${label}`, [...h.segments, 'security']);
  }
}

// A base that never declared the extension says nothing about idempotency: only a declared level can tighten.
function idempotencyFindings(b: OperationLocation, h: OperationLocation, push: Report): void {
  const bIdem = b.node['x-zest-idempotency'];
  const hIdem = h.node['x-zest-idempotency'];
  if (bIdem === undefined) {
    if (hIdem !== undefined)
      push('SG072', `x-zest-idempotency declared as \`${String(hIdem)}\``, [...h.segments, 'x-zest-idempotency']);
  } else if (hIdem === 'required' && bIdem !== 'required') {
    push('SG023', `now requires an Idempotency-Key (x-zest-idempotency was \`${String(bIdem)}\`)`, [
      ...h.segments,
      'x-zest-idempotency',
    ]);
  } else if (bIdem === 'required' && hIdem !== 'required') {
    push(
      'SG060',
      `no longer requires an Idempotency-Key (x-zest-idempotency is ${hIdem === undefined ? 'absent' : `\`${String(hIdem)}\``})`,
      [...h.segments, 'x-zest-idempotency'],
    );
  } else if (bIdem !== hIdem) {
    push('SG072', `x-zest-idempotency changed from ${String(bIdem)} to ${String(hIdem)}`, [
      ...h.segments,
      'x-zest-idempotency',
    ]);
  }
}

function emitsFindings(b: OperationLocation, h: OperationLocation, push: Report): void {
  const bEmits = stringList(b.node['x-zest-emits']);
  const hEmits = stringList(h.node['x-zest-emits']);
  for (const event of bEmits) {
    if (!hEmits.includes(event)) push('SG022', `no longer emits webhook \`${event}\``, [...h.segments, 'x-zest-emits']);
  }
  for (const event of hEmits) {
    if (!bEmits.includes(event)) push('SG060', `now also emits webhook \`${event}\``, [...h.segments, 'x-zest-emits']);
  }
}

/**
 * The alternatives a caller may satisfy, keyed by what goes on the wire (scheme type, HTTP scheme, header or
 * query name, scopes): renaming `HTTPBearer` to `bearerAuth` changes nothing for a partner.
 */
function effectiveSecurity(doc: Doc, op: OperationLocation): Map<string, string> {
  const declared = Array.isArray(op.node.security) ? op.node.security : Array.isArray(doc.security) ? doc.security : [];
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const out = new Map<string, string>();
  if (declared.length === 0) {
    out.set('anonymous', 'no credentials');
    return out;
  }
  for (const requirement of declared) {
    if (!isObject(requirement) || Object.keys(requirement).length === 0) {
      out.set('anonymous', 'no credentials');
      continue;
    }
    const parts = Object.entries(requirement)
      .map(([name, scopes]) => {
        const scheme = schemes[name];
        const wire = isObject(scheme) ? wireOfScheme(scheme) : `unknown:${name}`;
        const list = Array.isArray(scopes) ? [...scopes].map(String).sort() : [];
        const how = isObject(scheme) ? describeScheme(scheme) : 'undefined scheme';
        return {
          key: `${wire}[${list.join(',')}]`,
          label: `${name} (${how}${list.length ? `; scopes ${list.join(', ')}` : ''})`,
        };
      })
      .sort((x, y) => x.key.localeCompare(y.key));
    out.set(parts.map((p) => p.key).join('&'), parts.map((p) => p.label).join(' + '));
  }
  return out;
}

function wireOfScheme(scheme: Record<string, unknown>): string {
  const type = String(scheme.type ?? '');
  if (type === 'http') return `http:${String(scheme.scheme ?? '').toLowerCase()}`;
  if (type === 'apiKey') return `apiKey:${String(scheme.in ?? '')}:${String(scheme.name ?? '').toLowerCase()}`;
  if (type === 'oauth2') return `oauth2:${stableStringify(stripDocs(scheme.flows))}`;
  if (type === 'openIdConnect') return `openIdConnect:${String(scheme.openIdConnectUrl ?? '')}`;
  return `${type}:${stableStringify(stripDocs(scheme))}`;
}

function describeScheme(scheme: Record<string, unknown>): string {
  switch (scheme.type) {
    case 'http':
      return `HTTP ${String(scheme.scheme ?? '')}`;
    case 'apiKey':
      return `API key in ${String(scheme.in ?? '')} \`${String(scheme.name ?? '')}\``;
    case 'oauth2':
      return 'OAuth 2';
    case 'openIdConnect':
      return 'OpenID Connect';
    default:
      return String(scheme.type ?? 'unknown');
  }
}

function stripDocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDocs);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (!docRuleFor(key)) out[key] = stripDocs(inner);
  return out;
}

function requestMediaTypes(doc: Doc, body: unknown): string[] {
  const node = resolve(doc, body, []).node;
  return isObject(node) && isObject(node.content) ? Object.keys(node.content) : [];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function serverFindings(base: Doc, head: Doc): Draft[] {
  const out: Draft[] = [];
  const urls = (doc: Doc) =>
    (Array.isArray(doc.servers) ? doc.servers : []).flatMap((s) =>
      isObject(s) && typeof s.url === 'string' ? [s.url.replace(/\/+$/, '')] : [],
    );
  const before = urls(base);
  const after = urls(head);
  for (const url of before) {
    if (!after.includes(url))
      out.push({
        rule: 'SG021',
        message: `server \`${url}\` was removed`,
        segments: ['servers'],
        side: 'head',
        engine: 'policy',
      });
  }
  after.forEach((url, i) => {
    if (!before.includes(url))
      out.push({
        rule: 'SG060',
        message: `new server \`${url}\``,
        segments: ['servers', String(i)],
        side: 'head',
        engine: 'policy',
      });
  });
  return out;
}

function securitySchemeFindings(base: Doc, head: Doc): Draft[] {
  const schemes = (doc: Doc) =>
    isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const before = schemes(base);
  const after = schemes(head);
  const out: Draft[] = [];
  for (const [name, scheme] of Object.entries(before)) {
    const next = after[name];
    if (!isObject(scheme) || !isObject(next)) continue;
    if (!deepEqual(stripDocs(scheme), stripDocs(next))) {
      out.push({
        rule: 'SG017',
        message: `security scheme \`${name}\` changed from ${wireOfScheme(scheme)} to ${wireOfScheme(next)}`,
        segments: ['components', 'securitySchemes', name],
        side: 'head',
        engine: 'policy',
      });
    }
  }
  return out;
}
