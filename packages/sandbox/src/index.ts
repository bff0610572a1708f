export { type UploadLimits, uploadLimitsByOperation } from '@zestequity/spec-model';
export { TOKEN_LIFETIME_SECONDS } from './domain/oauth.js';
export { storedPeople } from './domain/people.js';
export type { PersonRecord } from './domain/records.js';
export type { FaultsConfig } from './faults.js';
export { MAX_JSON_BODY_BYTES } from './http/body.js';
export { MAX_JSON_ARRAY_ITEMS, MAX_JSON_DEPTH } from './http/json-shape.js';
export { RETENTION_SECONDS as IDEMPOTENCY_RETENTION_SECONDS } from './idempotency.js';
export { SandboxOptionsError } from './options.js';
export type { PartnerConfig } from './partners.js';
export { UnsafePathError } from './private-file.js';
export {
  BREAKAGE_DESCRIPTIONS,
  BREAKAGES,
  type Breakage,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from './server.js';
export { bundledUploadLimits } from './spec/openapi.js';
export { FileStore, type FileStoreOptions, StoreFileError } from './store/file.js';
export { MemoryStore } from './store/memory.js';
export type { Collection, Op, Store, Transaction } from './store/store.js';
export { COLLECTIONS, durable, inTransaction, settle } from './store/store.js';
export { DELIVERY_TIMEOUT_SECONDS } from './webhooks/delivery.js';
export type { DeliveryAttempt, DeliveryRecord, DeliveryStatus } from './webhooks/outbox.js';
export { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from './webhooks/outbox.js';
