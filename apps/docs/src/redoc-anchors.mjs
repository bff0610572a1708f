// Where Redoc 3 puts things on the reference page. Redoc routes with the URL hash: `#/<tag>/<operationid>` for
// operations and webhooks, `#/<schemas section>/<schema>` for schemas. Redoc slugs tag names with `slugify` and
// lower-cases operationIds; this reproduces that for the names this spec uses, and the browser test navigates to every
// anchor built here, so a change in Redoc's scheme fails a test rather than leaving dead search results.

export const REFERENCE_PAGE = 'reference.html';
/** The second Redoc page: the local sandbox's admin API (`/sandbox/...`), from its own OpenAPI document. */
export const ADMIN_REFERENCE_PAGE = 'sandbox-admin.html';
export const SCHEMAS_SECTION = 'Schemas';

/** slugify()'s default mode as Redoc calls it, for ASCII names: drop punctuation, spaces to dashes, lower case. */
export function redocSlug(name) {
  return String(name)
    .replace(/\$/g, 'dollar')
    .replace(/%/g, 'percent')
    .replace(/&/g, 'and')
    .replace(/</g, 'less')
    .replace(/>/g, 'greater')
    .replace(/\|/g, 'or')
    .replace(/[^\w\s$*_+~.()'"!\-:@]+/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase();
}

/** Hash route of an operation or webhook: under its first tag, named by its operationId. */
export function operationRoute(operation, { fallbackTag } = {}) {
  const tag = operation.tags?.[0] ?? fallbackTag;
  if (!tag) throw new Error(`Operation ${operation.operationId} has no tag; Redoc would file it under "Other"`);
  if (!operation.operationId) throw new Error(`An operation tagged ${tag} has no operationId`);
  return `#/${redocSlug(tag)}/${operation.operationId.replace(/\\/g, '%5C').toLowerCase()}`;
}

export function schemaRoute(name) {
  return `#/${redocSlug(SCHEMAS_SECTION)}/${redocSlug(name)}`;
}

export function referenceHref(route) {
  return `${REFERENCE_PAGE}${route}`;
}
