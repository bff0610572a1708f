// The numbered rules. RULES.md documents each one (what it catches, why it matters to partners, an example) and
// test/catalogue holds at least one {base, revision} pair per rule; a test keeps the three in step.

/**
 * - `breaking`: breaks partners on the wire (a request that stops validating, a response they cannot read);
 * - `codegen`: the wire is unchanged, but code generated from the spec (types, clients) breaks: names and orders
 *   that generators turn into identifiers;
 * - `additive`, `docs`: safe.
 */
export type Kind = 'breaking' | 'codegen' | 'additive' | 'docs';

export interface Rule {
  id: string;
  name: string;
  kind: Kind;
  summary: string;
}

const table: Array<[string, string, Kind, string]> = [
  // Path operations (oasdiff's findings, mapped and, where the additive-only policy demands it, promoted).
  ['SG001', 'operation-removed', 'breaking', 'An operation or a whole path was removed.'],
  ['SG002', 'success-response-removed', 'breaking', 'A success (2xx) response status was removed.'],
  [
    'SG003',
    'required-request-input-added',
    'breaking',
    'A request now needs a parameter, header, body or property it did not need before.',
  ],
  [
    'SG004',
    'request-input-removed',
    'breaking',
    'A request parameter, property, body or media type the API accepted is gone.',
  ],
  ['SG005', 'request-type-changed', 'breaking', 'A request value changed type or format, or stopped accepting null.'],
  [
    'SG006',
    'request-values-narrowed',
    'breaking',
    'A request value accepts fewer values (enum value removed, became an enum or a const).',
  ],
  [
    'SG007',
    'request-constraint-tightened',
    'breaking',
    'A request limit got stricter (max, min, length, items, pattern).',
  ],
  ['SG008', 'request-default-changed', 'breaking', 'The default applied to an omitted request value changed.'],
  ['SG009', 'response-property-removed', 'breaking', 'A response property (required or optional) was removed.'],
  [
    'SG010',
    'response-property-became-optional',
    'breaking',
    'A response property that was always sent may now be missing.',
  ],
  ['SG011', 'response-enum-value-added', 'breaking', 'A response value can take a value partners have never seen.'],
  [
    'SG012',
    'response-type-changed',
    'breaking',
    'A response value changed type or format, became nullable, or gained a variant.',
  ],
  [
    'SG013',
    'response-constraint-loosened',
    'breaking',
    'A response limit got looser (longer strings, bigger numbers, pattern dropped).',
  ],
  ['SG014', 'response-media-type-removed', 'breaking', 'A response media type was removed or generalised.'],
  ['SG015', 'response-header-removed', 'breaking', 'A response header was removed or became optional.'],
  [
    'SG016',
    'security-tightened',
    'breaking',
    'A way of calling an operation (anonymous, a scheme, a scope set) was removed.',
  ],
  ['SG017', 'security-scheme-changed', 'breaking', 'A security scheme changed how credentials are sent.'],
  [
    'SG018',
    'operation-id-changed',
    'codegen',
    'An operationId changed: generated clients name their methods after it.',
  ],
  [
    'SG019',
    'path-parameter-renamed',
    'codegen',
    'A path parameter was renamed: typed clients key paths and parameters by name.',
  ],
  [
    'SG020',
    'component-removed',
    'codegen',
    'A named component (schema, parameter, response, …) was removed: partners import generated types by that name.',
  ],
  ['SG021', 'server-removed', 'breaking', 'A server URL partners may be configured with was removed.'],
  [
    'SG022',
    'emitted-event-removed',
    'breaking',
    'An operation no longer emits a webhook event it used to emit (x-zest-emits).',
  ],
  [
    'SG023',
    'idempotency-key-now-required',
    'breaking',
    'An operation now requires an Idempotency-Key (x-zest-idempotency).',
  ],
  [
    'SG026',
    'path-parameters-reordered',
    'breaking',
    'Path parameters kept their names but moved to other positions: each value lands in another parameter.',
  ],
  [
    'SG027',
    'idempotency-key-no-longer-honoured',
    'breaking',
    'An operation stops taking an Idempotency-Key (x-zest-idempotency becomes none): retries may act twice.',
  ],
  [
    'SG028',
    'server-default-changed',
    'breaking',
    'A server variable now defaults to another value: clients that take the defaults reach another host.',
  ],
  [
    'SG029',
    'response-default-changed',
    'breaking',
    'The default documented for an omitted response value was added, changed or removed.',
  ],
  // Generated code: the same wire under other names or in another order.
  [
    'SG024',
    'component-renamed',
    'codegen',
    'A component was renamed (same content, every $ref follows): generated type names change.',
  ],
  [
    'SG025',
    'enum-order-changed',
    'codegen',
    'The values of an enum were reordered: generators that number or list enum members change them.',
  ],
  // Webhooks, read in the receiver's direction: a payload is something partners parse.
  ['SG030', 'webhook-removed', 'breaking', 'A webhook event (or its delivery operation) was removed.'],
  ['SG031', 'webhook-property-removed', 'breaking', 'A webhook payload property was removed.'],
  [
    'SG032',
    'webhook-property-became-optional',
    'breaking',
    'A webhook payload property that was always sent may now be missing.',
  ],
  [
    'SG033',
    'webhook-enum-value-added',
    'breaking',
    'A webhook payload value can take a value receivers have never seen.',
  ],
  [
    'SG034',
    'webhook-type-changed',
    'breaking',
    'A webhook payload value changed type, format or const, became nullable, or gained a variant.',
  ],
  [
    'SG035',
    'webhook-constraint-loosened',
    'breaking',
    'A webhook payload limit got looser (length, range, items, pattern).',
  ],
  [
    'SG036',
    'webhook-delivery-changed',
    'breaking',
    'A webhook delivery header was removed or became optional, or a media type was removed.',
  ],
  [
    'SG037',
    'webhook-default-changed',
    'breaking',
    'The default documented for an omitted webhook payload value was added, changed or removed.',
  ],
  // Fail closed.
  ['SG040', 'unrecognised-change', 'breaking', 'A change under /v1 or in a webhook that no rule can prove additive.'],
  // Changes partners can ignore.
  ['SG050', 'operation-added', 'additive', 'A new operation or path.'],
  ['SG051', 'optional-request-input-added', 'additive', 'A new optional request parameter, property or body.'],
  [
    'SG052',
    'request-relaxed',
    'additive',
    'A request accepts more than before (looser limit, new enum value, became optional).',
  ],
  ['SG053', 'response-property-added', 'additive', 'A new response property.'],
  [
    'SG054',
    'response-narrowed',
    'additive',
    'A response sends a subset of what it sent before (tighter limit, enum value removed).',
  ],
  ['SG055', 'response-added', 'additive', 'A new response status, media type or header.'],
  [
    'SG056',
    'security-relaxed',
    'additive',
    'A new way of calling an operation, or one that asks for less (anonymous access, fewer scopes).',
  ],
  ['SG057', 'webhook-added', 'additive', 'A new webhook event.'],
  ['SG058', 'webhook-property-added', 'additive', 'A new webhook payload property or delivery header.'],
  ['SG059', 'webhook-narrowed', 'additive', 'A webhook payload sends a subset of what it sent before.'],
  [
    'SG060',
    'other-compatible-change',
    'additive',
    'A compatible change with no dedicated rule (server added, operationId added, event added, …).',
  ],
  [
    'SG061',
    'deprecation-announced',
    'additive',
    'Something was deprecated or given a sunset date; only its removal would break.',
  ],
  [
    'SG062',
    'idempotency-key-now-honoured',
    'additive',
    'An operation now takes an optional Idempotency-Key (x-zest-idempotency none to optional).',
  ],
  // Documentation only.
  ['SG070', 'description-changed', 'docs', 'A description, summary or title changed.'],
  ['SG071', 'example-changed', 'docs', 'An example changed.'],
  [
    'SG072',
    'metadata-changed',
    'docs',
    'Document metadata changed (info, tags, external docs, vendor extensions without a rule).',
  ],
  // The exceptions file itself.
  [
    'SG090',
    'exception-invalid',
    'breaking',
    'An exceptions-file entry is malformed (no reason, no expiry, unknown rule, …).',
  ],
  ['SG091', 'exception-expired', 'breaking', 'An exceptions-file entry is past its expiry date.'],
];

export const RULES: readonly Rule[] = table.map(([id, name, kind, summary]) => ({ id, name, kind, summary }));

const byId = new Map(RULES.map((rule) => [rule.id, rule]));

export function getRule(id: string): Rule {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}

export function isRuleId(id: string): boolean {
  return byId.has(id);
}
