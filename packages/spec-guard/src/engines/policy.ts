import { isObject, type OperationLocation } from '@zestequity/spec-model';
import { type Doc, deepEqual, docRuleFor, isFreePath, resolve, setOwn, stableStringify } from '../document.js';
import type { Draft } from '../draft.js';
import { matchedOperations } from '../operations.js';
import { responseHeaderFindings } from './response-headers.js';
import { serverFindings } from './servers.js';

/**
 * What oasdiff does not see or sees differently: security compared by what a partner must send (not by the
 * scheme's name), servers, and the project's vendor extensions. Names generated code depends on (operationIds,
 * path parameter names, components) are the codegen engine's.
 */
export function policyFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  for (const [b, h] of matchedOperations(base, head, pathMatch)) addOperationFindings(base, head, b, h, out);

  out.push(...serverFindings(base, head, pathMatch));
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
  parameterRelaxations(base, head, b, h, push);
  securityFindings(base, head, b, h, push);
  idempotencyFindings(b, h, push);
  emitsFindings(b, h, push);
  for (const change of responseHeaderFindings(base, head, b, h)) push(change.rule, change.message, change.segments);
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
  const at = [...h.segments, 'requestBody'];
  for (const type of bMedia) {
    if (hMedia.includes(type)) continue;
    // A media range with the same schema (`application/` with any subtype, say) still takes the body partners send as `application/json`.
    const range = hMedia.find(
      (other) => covers(other, type) && sameSchema(base, b.node.requestBody, type, head, h.node.requestBody, other),
    );
    if (range)
      push('SG052', `the request body sent as \`${type}\` is accepted as \`${range}\`, with the same schema`, at);
    else push('SG004', `the request body is no longer accepted as \`${type}\``, at);
  }
  for (const type of hMedia) {
    if (bMedia.length > 0 && !bMedia.includes(type))
      push('SG052', `the request body is now also accepted as \`${type}\``, [...h.segments, 'requestBody']);
  }
}

/**
 * A way of calling the operation that is gone breaks partners only if no remaining alternative asks for less: when
 * the operation becomes anonymous (`security: []`), or needs fewer scopes or schemes, a request that sends the old
 * credentials is still accepted.
 */
function securityFindings(base: Doc, head: Doc, b: OperationLocation, h: OperationLocation, push: Report): void {
  const bSecurity = effectiveSecurity(base, b);
  const hSecurity = effectiveSecurity(head, h);
  const at = [...h.segments, 'security'];
  for (const [key, alternative] of bSecurity) {
    if (hSecurity.has(key)) continue;
    const laxer = [...hSecurity.values()].find((other) => asksNoMoreThan(other, alternative));
    if (laxer)
      push(
        'SG056',
        `no longer lists ${alternative.label}, but requests with it still work (${laxer.label} is enough)`,
        at,
      );
    else push('SG016', `can no longer be called with ${alternative.label}`, at);
  }
  for (const [key, alternative] of hSecurity) {
    if (!bSecurity.has(key)) push('SG056', `can now also be called with ${alternative.label}`, at);
  }
}

/** Whether credentials that satisfy `given` also satisfy `wanted`: each scheme it needs, with no more scopes. */
function asksNoMoreThan(wanted: SecurityAlternative, given: SecurityAlternative): boolean {
  return wanted.parts.every((need) =>
    given.parts.some((have) => have.wire === need.wire && need.scopes.every((scope) => have.scopes.includes(scope))),
  );
}

/**
 * `x-zest-idempotency` from one declared value to another (the table is in RULES.md, under SG027). Declared, a value
 * is a promise the SDK acts on: it sends a key, and retries, only where keys are taken. Once declared, an absent
 * value reads as `none`, as the SDK reads it; a base that never declared the extension said nothing, so declaring it
 * is metadata (SG072).
 */
const IDEMPOTENCY: Record<string, Record<string, string>> = {
  none: { optional: 'SG062', required: 'SG023' },
  optional: { none: 'SG027', required: 'SG023' },
  required: { none: 'SG027', optional: 'SG060' },
};

function idempotencyFindings(b: OperationLocation, h: OperationLocation, push: Report): void {
  const bIdem = b.node['x-zest-idempotency'];
  const declared = h.node['x-zest-idempotency'];
  const at = [...h.segments, 'x-zest-idempotency'];
  if (bIdem === undefined) {
    if (declared !== undefined) push('SG072', `x-zest-idempotency declared as \`${String(declared)}\``, at);
    return;
  }
  const hIdem = declared ?? 'none';
  const was = `x-zest-idempotency was \`${String(bIdem)}\``;
  const now = declared === undefined ? 'absent, which reads as `none`' : `\`${String(declared)}\``;
  if (bIdem === hIdem) {
    if (declared === undefined)
      push('SG072', `x-zest-idempotency \`none\` no longer written (absent reads as none)`, at);
    return;
  }
  const rule = typeof bIdem === 'string' && typeof hIdem === 'string' ? IDEMPOTENCY[bIdem]?.[hIdem] : undefined;
  const messages: Record<string, string> = {
    SG023: `now requires an Idempotency-Key (${was})`,
    SG027: `no longer takes an Idempotency-Key (${was}, now ${now}): the SDK stops sending one, and a retry after a time-out may act twice`,
    SG060: `no longer requires an Idempotency-Key (x-zest-idempotency is ${now})`,
    SG062: `now takes an optional Idempotency-Key (${was}, now ${now}): retries with a key become safe`,
  };
  if (rule) push(rule, messages[rule] ?? rule, at);
  else
    push(
      'SG040',
      `x-zest-idempotency changed from \`${String(bIdem)}\` to ${now}; only required, optional and none have a meaning`,
      at,
    );
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

interface SecurityAlternative {
  label: string;
  /** The schemes it needs together, each by what goes on the wire, with the scopes it needs. */
  parts: Array<{ wire: string; scopes: string[] }>;
}

/**
 * The alternatives a caller may satisfy, keyed by what goes on the wire (scheme type, HTTP scheme, header or
 * query name, scopes): renaming `HTTPBearer` to `bearerAuth` changes nothing for a partner.
 */
function effectiveSecurity(doc: Doc, op: OperationLocation): Map<string, SecurityAlternative> {
  const declared = Array.isArray(op.node.security) ? op.node.security : Array.isArray(doc.security) ? doc.security : [];
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const out = new Map<string, SecurityAlternative>();
  const anonymous: SecurityAlternative = { label: 'no credentials', parts: [] };
  if (declared.length === 0) {
    out.set('anonymous', anonymous);
    return out;
  }
  for (const requirement of declared) {
    if (!isObject(requirement) || Object.keys(requirement).length === 0) {
      out.set('anonymous', anonymous);
      continue;
    }
    // An OAuth 2 scheme with several flows is satisfied by any one of them: one alternative per flow.
    const options = Object.entries(requirement).map(([name, scopes]) => {
      const scheme = schemes[name];
      const wires = isObject(scheme) ? wiresOfScheme(scheme) : [`unknown:${name}`];
      const list = Array.isArray(scopes) ? [...scopes].map(String).sort() : [];
      const how = isObject(scheme) ? describeScheme(scheme) : 'undefined scheme';
      const label = `${name} (${how}${list.length ? `; scopes ${list.join(', ')}` : ''})`;
      return wires.map((wire) => ({ wire, scopes: list, key: `${wire}[${list.join(',')}]`, label }));
    });
    for (const combination of product(options)) {
      const parts = combination.sort((x, y) => x.key.localeCompare(y.key));
      out.set(parts.map((p) => p.key).join('&'), {
        label: parts.map((p) => p.label).join(' + '),
        parts: parts.map(({ wire, scopes }) => ({ wire, scopes })),
      });
    }
  }
  return out;
}

/** Every way to pick one item of each list (a few lists of a few items: a requirement's schemes and their flows). */
function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((picked) => list.map((item) => [...picked, item])), [[]]);
}

/** What goes on the wire for each way a scheme can be used: an OAuth 2 scheme's flows one by one. */
function wiresOfScheme(scheme: Record<string, unknown>): string[] {
  const flows = scheme.type === 'oauth2' && isObject(scheme.flows) ? withoutScopes(stripDocs(scheme)).flows : undefined;
  if (!isObject(flows) || Object.keys(flows).length === 0) return [wireOfScheme(scheme)];
  return Object.entries(flows).map(([name, flow]) => `oauth2:${name}:${stableStringify(flow)}`);
}

/** How credentials are obtained and sent; the scopes a scheme defines are compared on their own. */
function wireOfScheme(scheme: Record<string, unknown>): string {
  const type = String(scheme.type ?? '');
  if (type === 'http') return `http:${String(scheme.scheme ?? '').toLowerCase()}`;
  if (type === 'apiKey') return `apiKey:${String(scheme.in ?? '')}:${String(scheme.name ?? '').toLowerCase()}`;
  if (type === 'oauth2') return `oauth2:${stableStringify(withoutScopes(stripDocs(scheme)).flows)}`;
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
  for (const [key, inner] of Object.entries(value)) if (!docRuleFor(key)) setOwn(out, key, stripDocs(inner));
  return out;
}

/** Whether a media range (any type, `application/` with any subtype, a `+json` suffix range) covers a media type. */
function covers(range: string, type: string): boolean {
  const [rType = '', rSub = ''] = range.split(';')[0]?.trim().toLowerCase().split('/') ?? [];
  const [tType = '', tSub = ''] = type.split(';')[0]?.trim().toLowerCase().split('/') ?? [];
  if (rType === '*' && rSub === '*') return true;
  if (rType !== tType) return false;
  if (rSub === '*') return true;
  const suffix = /^\*\+(.+)$/.exec(rSub)?.[1];
  return suffix !== undefined && tSub.endsWith(`+${suffix}`);
}

function sameSchema(base: Doc, bBody: unknown, bType: string, head: Doc, hBody: unknown, hType: string): boolean {
  const schemaOf = (doc: Doc, body: unknown, type: string) => {
    const node = resolve(doc, body, []).node;
    const media = isObject(node) && isObject(node.content) ? node.content[type] : undefined;
    return isObject(media) ? media.schema : undefined;
  };
  return (
    stableStringify(stripDocs(schemaOf(base, bBody, bType))) ===
    stableStringify(stripDocs(schemaOf(head, hBody, hType)))
  );
}

/**
 * Request parameters that now take what they refused: an empty value (`allowEmptyValue`) or reserved characters
 * left unencoded (`allowReserved`); values encoded as before still read the same (SG052).
 */
function parameterRelaxations(base: Doc, head: Doc, b: OperationLocation, h: OperationLocation, push: Report): void {
  const bParams = parametersOf(base, b);
  for (const [id, hp] of parametersOf(head, h)) {
    const bp = bParams.get(id);
    if (!bp) continue;
    for (const key of ['allowEmptyValue', 'allowReserved']) {
      if (bp.node[key] !== true && hp.node[key] === true)
        push(
          'SG052',
          `parameter \`${String(hp.node.name)}\` now takes ${key === 'allowEmptyValue' ? 'an empty value' : 'reserved characters unencoded'}`,
          [...hp.segments, key],
        );
    }
  }
}

/** An operation's parameters (its path item's too), resolved, by location and name (a header's in lower case). */
function parametersOf(
  doc: Doc,
  op: OperationLocation,
): Map<string, { node: Record<string, unknown>; segments: string[] }> {
  const out = new Map<string, { node: Record<string, unknown>; segments: string[] }>();
  const add = (list: unknown, at: string[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const found = resolve(doc, raw, [...at, String(i)]);
      if (!isObject(found.node) || typeof found.node.name !== 'string') return;
      const name = found.node.in === 'header' ? found.node.name.toLowerCase() : found.node.name;
      out.set(`${String(found.node.in)}:${name}`, { node: found.node, segments: found.segments });
    });
  };
  add(op.pathParameters, op.pathParameterSegments);
  add(op.node.parameters, [...op.segments, 'parameters']);
  return out;
}

function requestMediaTypes(doc: Doc, body: unknown): string[] {
  const node = resolve(doc, body, []).node;
  return isObject(node) && isObject(node.content) ? Object.keys(node.content) : [];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
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
    const at = ['components', 'securitySchemes', name];
    const [was, now] = [withoutScopes(stripDocs(scheme)), withoutScopes(stripDocs(next))];
    // A flow only added is one more way to get a token (SG060); partners keep using the flows they used.
    for (const flow of addedFlows(was, now)) {
      out.push(
        schemeDraft('SG060', `security scheme \`${name}\` offers a new OAuth 2 flow \`${flow}\``, [
          ...at,
          'flows',
          flow,
        ]),
      );
      if (isObject(now.flows)) now.flows = Object.fromEntries(Object.entries(now.flows).filter(([k]) => k !== flow));
    }
    const changes = differences(was, now, []);
    if (changes.length > 0) {
      const shown = changes.slice(0, 3).join('; ') + (changes.length > 3 ? `; and ${changes.length - 3} more` : '');
      out.push(schemeDraft('SG017', `security scheme \`${name}\` changed: ${shown}`, at));
    }
    out.push(...scopeFindings(name, scheme, next, at));
  }
  return out;
}

function schemeDraft(rule: string, message: string, segments: string[]): Draft {
  return { rule, message, segments, side: 'head', engine: 'policy' };
}

/**
 * The scopes an OAuth 2 flow defines: one no longer defined breaks partners who ask for it (SG017); a new one asks
 * nothing of anyone until an operation requires it, and that is SG016 there (SG060); a reworded one is text (SG070).
 */
function scopeFindings(
  name: string,
  scheme: Record<string, unknown>,
  next: Record<string, unknown>,
  at: string[],
): Draft[] {
  const out: Draft[] = [];
  const flows = (s: Record<string, unknown>) => (isObject(s.flows) ? s.flows : {});
  const scopes = (flow: unknown) => (isObject(flow) && isObject(flow.scopes) ? flow.scopes : {});
  for (const [flowName, flow] of Object.entries(flows(scheme))) {
    const nextFlow = flows(next)[flowName];
    if (!isObject(nextFlow)) continue;
    const bScopes = scopes(flow);
    const hScopes = scopes(nextFlow);
    const where = (scope: string) => [...at, 'flows', flowName, 'scopes', scope];
    const what = (scope: string) => `scope \`${scope}\` of security scheme \`${name}\` (${flowName})`;
    for (const scope of Object.keys(bScopes)) {
      if (!Object.hasOwn(hScopes, scope))
        out.push(schemeDraft('SG017', `${what(scope)} is no longer defined`, [...at, 'flows', flowName, 'scopes']));
      else if (!deepEqual(bScopes[scope], hScopes[scope]))
        out.push(schemeDraft('SG070', `the description of ${what(scope)} changed`, where(scope)));
    }
    for (const scope of Object.keys(hScopes)) {
      if (!Object.hasOwn(bScopes, scope)) out.push(schemeDraft('SG060', `new ${what(scope)}`, where(scope)));
    }
  }
  return out;
}

/** The OAuth 2 flows only the head's scheme has, when both schemes are OAuth 2 and share at least one flow. */
function addedFlows(was: Record<string, unknown>, now: Record<string, unknown>): string[] {
  if (was.type !== 'oauth2' || now.type !== 'oauth2' || !isObject(was.flows) || !isObject(now.flows)) return [];
  const before = was.flows;
  const added = Object.keys(now.flows).filter((k) => !Object.hasOwn(before, k));
  return added.length < Object.keys(now.flows).length ? added : [];
}

/** An OAuth 2 scheme without the scope definitions of its flows. */
function withoutScopes(scheme: unknown): Record<string, unknown> {
  if (!isObject(scheme)) return {};
  if (!isObject(scheme.flows)) return scheme;
  const flows: Record<string, unknown> = {};
  for (const [name, flow] of Object.entries(scheme.flows)) {
    if (!isObject(flow)) flows[name] = flow;
    else {
      const { scopes: _scopes, ...rest } = flow;
      flows[name] = rest;
    }
  }
  return { ...scheme, flows };
}

/** What differs between two values, as `path` from `a` to `b` sentences, at most one per leaf. */
function differences(a: unknown, b: unknown, at: string[]): string[] {
  if (stableStringify(a) === stableStringify(b)) return [];
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((key) =>
      differences(a[key], b[key], [...at, key]),
    );
  }
  const show = (v: unknown) => (v === undefined ? 'nothing' : `\`${typeof v === 'string' ? v : stableStringify(v)}\``);
  return [`\`${at.join('.') || '(scheme)'}\` from ${show(a)} to ${show(b)}`];
}
