// oasdiff's check ids mapped onto spec-guard's numbered rules. oasdiff rates changes ERR (3), WARN (2) or INFO (1);
// the /v1 policy is additive-only, so every WARN is breaking here, and a few INFO checks are promoted because they
// take something away from a partner. Ids that another engine owns (security, operationIds, webhooks) are dropped.

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
  'request-property-default-value-changed': 'SG008',
  'request-body-default-value-changed': 'SG008',
  'request-property-default-value-removed': 'SG008',
  'request-body-default-value-removed': 'SG008',
  // A response in another media type than before: a client that asks for (or checks) the old one breaks, whether
  // oasdiff calls the new name more specific, more general or just different.
  'response-media-type-name-specialized': 'SG014',
  'response-media-type-name-generalized': 'SG014',
  'response-media-type-name-changed': 'SG014',
  'response-body-any-of-added': 'SG012',
  'response-property-any-of-added': 'SG012',
  'response-property-pattern-removed': 'SG013',
  'response-property-pattern-changed': 'SG013',
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
  [/^request-/, 'SG007'],
  [/^response-(required|optional)-property-removed$/, 'SG009'],
  [/^response-property-became-optional$/, 'SG010'],
  [/^response-.*enum-value-added$/, 'SG011'],
  [
    /^response-(body|property)-(type-changed|list-of-types-widened|became-nullable|one-of-added|any-of-added|const-changed|const-removed|content-media-type-changed|content-encoding-changed|prefix-items-added)$/,
    'SG012',
  ],
  [/^response-media-type-(removed|name-generalized)$/, 'SG014'],
  [/^(required|optional)-response-header-removed$|^response-header-became-optional$/, 'SG015'],
  [/^response-(body|property)-/, 'SG013'],
];

const ADDITIVE: Array<[RegExp, string]> = [
  [/sunset|deprecat|stability|reactivated/, 'SG061'],
  [/^(endpoint-added|api-path-added)$/, 'SG050'],
  [/^api-tag-/, 'SG072'],
  [
    /^(new-optional-request-.*|request-body-added-optional|new-required-request-property-with-default|new-optional-request-default-parameter-to-existing-path)$/,
    'SG051',
  ],
  [/^request-/, 'SG052'],
  [/^response-(required|optional)-(write-only-)?property-added$/, 'SG053'],
  [/^response-(success-status|non-success-status|media-type|header)-|^response-.*-header-added$/, 'SG055'],
  [/^response-/, 'SG054'],
];

/** The rule id for an oasdiff check id at a level (3 ERR, 2 WARN, 1 INFO), or `undefined` when another engine owns it. */
export function mapOasdiffId(id: string, level: number): string | undefined {
  if (DROPPED.some((pattern) => pattern.test(id))) return undefined;
  const fixed = PROMOTED[id] ?? DEMOTED[id];
  if (fixed) return fixed;
  if (level >= 2) {
    for (const [pattern, rule] of BREAKING) if (pattern.test(id)) return rule;
    // A breaking check this version of spec-guard does not know: fail closed.
    return 'SG040';
  }
  for (const [pattern, rule] of ADDITIVE) if (pattern.test(id)) return rule;
  return 'SG060';
}
