/**
 * GENERATED FILE — DO NOT EDIT.
 * Produced by packages/client/scripts/generate-spec-facts.mjs from @zestequity/partner-api-spec (dist/openapi.json).
 * Change the spec, then run `pnpm --filter @zestequity/partner-api-client generate`.
 */

/** `servers` of the spec, by environment. */
export const SERVERS = {
  "production": "https://api.zestequity.com",
  "sandbox": "https://sandbox.api.zestequity.com",
  "local": "http://localhost:8080"
} as const;

/** Name of the header parameter that carries the idempotency key. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** Operations (`METHOD path`) that accept an Idempotency-Key, and whether it is required. */
export const IDEMPOTENT_OPERATIONS = {
  "POST /v1/investors": "optional",
  "POST /v1/spv-requests": "required",
  "POST /v1/spvs/{spvSlug}/subscriptions": "optional"
} as const;

/** Largest file the upload operations accept, in bytes (`x-zest-max-bytes` of the multipart `file` part). */
export const UPLOAD_MAX_BYTES = 10485760;

/** Content types the upload operations accept (multipart `encoding.file.contentType`). */
export const UPLOAD_CONTENT_TYPES = [
  "application/pdf",
  "image/jpeg",
  "image/png",
  "image/webp"
] as const;

/** Largest `perPage` of GET /v1/spv-requests. */
export const SPV_LIST_MAX_PER_PAGE = 100;
