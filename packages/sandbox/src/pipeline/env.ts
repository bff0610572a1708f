import type { UploadLimits } from '@zestequity/spec-model';
import type { AdminApi } from '../admin.js';
import type { Breakages } from '../breakages.js';
import type { Deps } from '../domain/deps.js';
import type { Faults } from '../faults.js';
import type { HostPolicy } from '../http/request-guard.js';
import type { Router } from '../http/router.js';
import type { Idempotency } from '../idempotency.js';
import type { CompiledSpec } from '../spec/validators.js';
import type { Store } from '../store/store.js';
import type { ResponseChecker } from './check-response.js';
import type { Route } from './route.js';
import type { Writer } from './write.js';

/** What the stages share, built once when the sandbox starts (`assemble.ts`). */
export interface PipelineEnv {
  store: Store;
  deps: Deps;
  breakages: Breakages;
  compiled: CompiledSpec;
  uploadLimits: ReadonlyMap<string, UploadLimits>;
  faults: Faults;
  idempotency: Idempotency;
  router: Router<Route>;
  checker: ResponseChecker;
  writer: Writer;
  hostPolicy: HostPolicy;
  admin: AdminApi;
}
