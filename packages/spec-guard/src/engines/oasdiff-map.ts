// oasdiff's check ids mapped onto spec-guard's numbered rules. oasdiff rates changes ERR (3), WARN (2) or INFO (1);
// the /v1 policy is additive-only, so every WARN is breaking here, and a few INFO checks are promoted because they
// take something away from a partner. Ids that another engine owns (security, operationIds, webhooks) are dropped.
// An id is additive only when it is listed by name below: anything else fails closed.

/** Owned by spec-guard's own engines, which read them more precisely than oasdiff does. */
const DROPPED = [
  /^api-operation-id-(added|removed)$/, // SG018 compares operationIds per matched operation
  /^api-(global-)?security-/, // SG016/SG056 compare effective security by scheme definition, not scheme name
  /^webhook-/, // webhooks are read in the receiver's direction by the webhook engine
  /^request-body-media-type-(added|removed)$/, // the policy engine compares request media types itself
  /^api-schema-removed$/, // SG020/SG024: the codegen engine tells a removed component from a renamed one
];

/** INFO-level checks the additive-only policy treats as breaking. */
const PROMOTED: Record<string, string> = {
  'api-removed-with-deprecation': 'SG001',
  'api-path-removed-with-deprecation': 'SG001',
  'request-parameter-removed-with-deprecation': 'SG004',
  // A default set on an optional request value is what the server now fills in for partners who omit it: their
  // existing requests change meaning, as for a parameter (which oasdiff itself rates ERR).
  'request-property-default-value-added': 'SG008',
  'request-body-default-value-added': 'SG008',
  'request-property-default-value-changed': 'SG008',
  'request-body-default-value-changed': 'SG008',
  'request-property-default-value-removed': 'SG008',
  'request-body-default-value-removed': 'SG008',
  // A response in another media type than before: a client that asks for (or checks) the old one breaks, whether
  // oasdiff calls the new name more specific, more general or just different.
  'response-media-type-name-specialized': 'SG014',
  'response-media-type-name-generalized': 'SG014',
  'response-media-type-name-changed': 'SG014',
  // A response value the server may omit is read, when missing, as its documented default: a default changed or
  // removed gives the same response another meaning (as for a request value, SG008, and a response header). A default
  // added only documents what a missing value meant all along (narrowed, below).
  'response-property-default-value-changed': 'SG029',
  'response-property-default-value-removed': 'SG029',
  'response-body-default-value-changed': 'SG029',
  'response-body-default-value-removed': 'SG029',
  'response-body-any-of-added': 'SG012',
  'response-property-any-of-added': 'SG012',
  'response-property-pattern-removed': 'SG013',
  'response-property-pattern-changed': 'SG013',
  // A write-only property is not sent in responses any more: partners that read it lose it.
  'response-required-property-became-write-only': 'SG009',
  'response-optional-property-became-write-only': 'SG009',
  // A read-only property in a request is one the server ignores or refuses: partners that send it lose its effect.
  'request-required-property-became-read-only': 'SG004',
  'request-optional-property-became-read-only': 'SG004',
};

/** WARN-level checks that are not breaking even under the additive-only policy. */
const DEMOTED: Record<string, string> = {
  // A write-only property that starts appearing in responses adds data; it takes nothing away.
  'response-required-property-became-not-write-only': 'SG053',
};

const BREAKING: Array<[RegExp, string]> = [
  [/^api-(path-)?removed-/, 'SG001'],
  [/^request-parameter-removed/, 'SG004'],
  // oasdiff's sunset bookkeeping: deprecating is allowed here, only the removal itself breaks (SG001, SG004).
  [/sunset|deprecat|stability/, 'SG061'],
  [/^response-success-status-removed$/, 'SG002'],
  [
    /^(new-required-request-parameter|new-request-path-parameter|new-required-request-default-parameter-to-existing-path|request-parameter-became-required|new-required-request-header-property|request-header-property-became-required|new-required-request-property|request-property-became-required|request-body-became-required|request-body-added-required)$/,
    'SG003',
  ],
  [
    /^(request-parameter-removed.*|request-property-removed|request-body-removed|request-body-media-type-removed)$/,
    'SG004',
  ],
  [/^request-.*-default-value-/, 'SG008'],
  [
    /^request-.*(type-changed|type-specialized|list-of-types-narrowed|became-not-nullable|content-media-type-changed|content-encoding-changed)$/,
    'SG005',
  ],
  [
    /^request-.*(enum-value-removed|became-enum|const-added|const-changed|one-of-removed|any-of-removed|all-of-added|prefix-items-removed)$/,
    'SG006',
  ],
  // The server picks the variant by another property, or no longer knows a value partners send.
  [/^request-(body|property)-discriminator-(added|mapping-changed|mapping-deleted|property-name-changed)$/, 'SG006'],
  [/^request-/, 'SG007'],
  [/^response-(required|optional)-property-removed$/, 'SG009'],
  [/^response-property-became-optional$/, 'SG010'],
  [/^response-.*enum-value-added$/, 'SG011'],
  [
    /^response-(body|property)-(type-changed|list-of-types-widened|became-nullable|one-of-added|any-of-added|const-changed|const-removed|content-media-type-changed|content-encoding-changed|prefix-items-added)$/,
    'SG012',
  ],
  // Partners dispatch on the discriminator: a mapping key gone, renamed or repointed, or a discriminator property
  // renamed or removed, sends them a variant they cannot tell apart any more.
  [
    /^response-(body|property)-discriminator-(mapping-added|mapping-changed|mapping-deleted|property-name-changed|removed)$/,
    'SG012',
  ],
  [/^response-media-type-(removed|name-generalized)$/, 'SG014'],
  [/^(required|optional)-response-header-removed$|^response-header-became-optional$/, 'SG015'],
  [/^response-(body|property)-/, 'SG013'],
];

// INFO checks known to be compatible, each spelled out in full: an id not listed here is never additive, however
// harmless its name looks, because a newer oasdiff may add INFO checks that take something away from partners.
const RELAXED_REQUEST = [
  'any-of-added',
  'one-of-added',
  'became-nullable',
  'became-optional',
  'became-required-with-default',
  'const-removed',
  'contains-removed',
  'content-schema-removed',
  'dependent-required-removed',
  'dependent-schema-removed',
  'discriminator-mapping-added',
  'discriminator-removed',
  'else-removed',
  'if-removed',
  'then-removed',
  'enum-value-added',
  'exclusive-max-increased',
  'exclusive-min-decreased',
  'list-of-types-widened',
  'max-contains-increased',
  'max-increased',
  'max-items-increased',
  'max-length-increased',
  'min-contains-decreased',
  'min-decreased',
  'min-items-decreased',
  'min-length-decreased',
  'pattern-generalized',
  'pattern-property-removed',
  'pattern-removed',
  'property-list-of-types-widened',
  'property-names-removed',
  'property-type-generalized',
  'type-generalized',
  'unevaluated-items-removed',
  'unevaluated-properties-removed',
];

const NARROWED_RESPONSE = [
  'all-of-added',
  'any-of-removed',
  'one-of-removed',
  'const-added',
  'contains-added',
  'content-schema-added',
  'default-value-added',
  'dependent-required-added',
  'dependent-schema-added',
  'discriminator-added',
  'else-added',
  'if-added',
  'then-added',
  'enum-value-removed',
  'list-of-types-narrowed',
  'max-contains-decreased',
  'min-contains-increased',
  'pattern-added',
  'pattern-property-added',
  'property-names-added',
  'became-required',
  'unevaluated-items-added',
  'unevaluated-properties-added',
];

const exactly = (ids: string) => new RegExp(`^(${ids})$`);

const ADDITIVE: Array<[RegExp, string]> = [
  [
    exactly(
      '(endpoint|request-parameter|request-property|response-property)-(deprecated|deprecated-with-sunset|reactivated)',
    ),
    'SG061',
  ],
  [exactly('endpoint-added|api-path-added'), 'SG050'],
  [exactly('api-tag-added|api-tag-removed'), 'SG072'],
  [
    exactly(
      'new-optional-request-(parameter|property|default-parameter-to-existing-path)|request-body-added-optional|new-required-request-property-with-default',
    ),
    'SG051',
  ],
  [exactly(`request-(body|property|parameter)-(${RELAXED_REQUEST.join('|')})`), 'SG052'],
  // Read-only and write-only on what partners send: write-only is meant for requests; read-only ones are not sent.
  [exactly('request-(required|optional)-property-became-(not-read-only|write-only|not-write-only)'), 'SG052'],
  [
    exactly(
      'request-read-only-property-(enum-value-removed|exclusive-max-decreased|exclusive-min-increased|max-decreased|max-length-decreased|min-increased)',
    ),
    'SG052',
  ],
  [
    exactly(
      'response-(required|optional)-(write-only-)?property-added|response-optional-property-became-not-write-only',
    ),
    'SG053',
  ],
  [
    exactly('response-(success-status-added|non-success-status-added|non-success-status-removed|media-type-added)'),
    'SG055',
  ],
  [exactly(`response-(body|property)-(${NARROWED_RESPONSE.join('|')})|response-mediatype-enum-value-removed`), 'SG054'],
  // Read-only is meant for responses, and write-only properties were never sent: nothing partners receive changes.
  [exactly('response-(required|optional)-property-became-(read-only|not-read-only)'), 'SG054'],
  [
    exactly(
      'response-(required|optional)-write-only-property-removed|response-write-only-property-(became-optional|became-required|enum-value-added)',
    ),
    'SG054',
  ],
];

/**
 * The rule id for an oasdiff check id at a level (3 ERR, 2 WARN, 1 INFO), or `undefined` when another engine owns it.
 * Only ids listed as compatible come out additive; any other id, at any level, gets a breaking rule or SG040.
 */
export function mapOasdiffId(id: string, level: number): string | undefined {
  if (DROPPED.some((pattern) => pattern.test(id))) return undefined;
  const fixed = PROMOTED[id] ?? DEMOTED[id];
  if (fixed) return fixed;
  if (level < 2) {
    for (const [pattern, rule] of ADDITIVE) if (pattern.test(id)) return rule;
  }
  for (const [pattern, rule] of BREAKING) if (pattern.test(id)) return rule;
  // A check this version of spec-guard does not know: fail closed.
  return 'SG040';
}
