import { signWebhook } from '@zestequity/partner-auth';
import { uploadLimitsByOperation } from '@zestequity/spec-model';
import { AdminApi } from '../admin.js';
import { Breakages } from '../breakages.js';
import { Clock } from '../clock.js';
import { evaluateAttributes, type TemplateDocument } from '../contracts/evaluate.js';
import { DEFAULT_CONTRACTS_DIR, loadRegistry, type Registry } from '../contracts/registry.js';
import type { Deps } from '../domain/deps.js';
import { TOKEN_LIFETIME_SECONDS } from '../domain/oauth.js';
import { People } from '../domain/people.js';
import { Faults } from '../faults.js';
import { Files } from '../files.js';
import { assertSniffable } from '../http/multipart.js';
import type { HostPolicy } from '../http/request-guard.js';
import { Idempotency } from '../idempotency.js';
import type { SandboxOptions } from '../options.js';
import { SandboxOptionsError } from '../options.js';
import { loadPartners, type Partner } from '../partners.js';
import { plainHttpUrl } from '../plain-url.js';
import { listOperations, loadBundledSpec } from '../spec/openapi.js';
import { compileSpec } from '../spec/validators.js';
import { FileStore } from '../store/file.js';
import { MemoryStore } from '../store/memory.js';
import type { Store } from '../store/store.js';
import { Dispatcher } from '../webhooks/dispatcher.js';
import { ResponseChecker } from './check-response.js';
import type { PipelineEnv } from './env.js';
import { operationHandlers } from './handlers.js';
import { buildRouter } from './route.js';
import { Writer } from './write.js';

/** What only becomes known once the server listens (its port), read through these when needed. */
export interface Addresses {
  /** The sandbox's own loopback base URL. */
  self(): string;
  /** The base of signed file URLs. */
  public(): string;
  /** Accepted assertion audiences. */
  audiences(): string[];
  hostPolicy: HostPolicy;
}

export interface Assembled {
  env: PipelineEnv;
  outbox: Dispatcher;
  clock: Clock;
}

function selfCheckRegistry(registry: Registry): void {
  for (const version of registry.versions.values()) {
    for (const [name, sample] of version.documents.samples) {
      const template = version.documents.templates.get(String(sample.templateId)) as TemplateDocument | undefined;
      if (!template)
        throw new SandboxOptionsError(
          `contract sample ${version.version}/${name} names unknown template ${String(sample.templateId)}`,
        );
      const errors = evaluateAttributes(version, template, sample.attributes as Record<string, unknown>);
      if (errors.length > 0)
        throw new SandboxOptionsError(
          `contract sample ${version.version}/${name} fails its template: ${JSON.stringify(errors)}`,
        );
    }
  }
}

/**
 * `baseUrl` as a list of absolute http(s) URLs without trailing slashes. Each one is an accepted assertion audience
 * and the first is the base of signed file URLs, so anything else (a bare word, another scheme, a query, a fragment,
 * credentials) would be accepted silently and then mint links and audiences no client can use; refused at start-up.
 */
export function checkedBaseUrls(baseUrl: SandboxOptions['baseUrl']): string[] {
  const list = baseUrl === undefined ? [] : Array.isArray(baseUrl) ? baseUrl : [baseUrl];
  return list.map((entry) => plainHttpUrl(entry, 'baseUrl'));
}

/** The slowest time scale accepted (see `checkedOptions`). */
const MIN_TIME_SCALE = 1e-8;

/**
 * Refuses (SandboxOptionsError) the options `startSandbox` would refuse before it builds anything, partners aside:
 * the command line checks them before it writes the development partners' files.
 */
export function checkSandboxOptions(options: SandboxOptions): void {
  checkedBaseUrls(options.baseUrl);
  checkedOptions(options);
}

/** The numeric options, checked before anything is built. */
function checkedOptions(options: SandboxOptions): { timeScale: number; tokenLifetimeSeconds: number } {
  const timeScale = options.timeScale ?? 1;
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(tokenLifetimeSeconds) || tokenLifetimeSeconds < 1)
    throw new SandboxOptionsError('tokenLifetimeSeconds must be a positive integer');
  // Every webhook delay and the attempt timeout are divided by timeScale: 0 would divide by zero, Infinity would
  // retry at once, NaN would schedule nothing.
  // Slower than real time is allowed down to 1e-8: the 12 h retry then lands about 137,000 years ahead, still a time
  // a Date can hold. Below that the next attempt's time could not be printed (the deliveries list answered 500).
  if (!(Number.isFinite(timeScale) && timeScale >= MIN_TIME_SCALE))
    throw new SandboxOptionsError(`timeScale must be a finite number of at least ${MIN_TIME_SCALE}, got ${timeScale}`);
  // Unchecked, 0, a negative number or NaN made every delivery attempt fail ("no response within NaN ms").
  const timeoutMs = options.webhookTimeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new SandboxOptionsError(
      `webhookTimeoutMs must be a finite number of milliseconds greater than 0, got ${timeoutMs}`,
    );
  return { timeScale, tokenLifetimeSeconds };
}

/** The webhook outbox; the `investor-created-once-per-batch` breakage filters what it records. */
function webhookOutbox(
  options: SandboxOptions,
  store: Store,
  partners: Map<string, Partner>,
  breakages: Breakages,
  checker: ResponseChecker,
  timeScale: number,
  people: People,
): Dispatcher {
  return new Dispatcher({
    store,
    partner: (id) => partners.get(id),
    sign: (payload, secret) => signWebhook({ payload, secret: breakages.webhookSecret(secret) }),
    timeScale,
    timeoutMs: options.webhookTimeoutMs,
    checkEvent: checker.eventCheck(),
    log: options.log ?? (() => {}),
    emits: breakages.has('investor-created-once-per-batch') ? (eventType) => breakages.emits(eventType) : undefined,
    people,
  });
}

/** Builds every part a request passes through, from the options; throws on a bad option or an incomplete spec. */
export function assemble(options: SandboxOptions, addresses: Addresses): Assembled {
  const spec = options.spec ?? loadBundledSpec();
  const operations = listOperations(spec);
  // Size cap, file part and accepted types of each upload come from the spec (x-zest-max-bytes, encoding), not constants.
  const uploadLimits = uploadLimitsByOperation(operations);
  for (const [operationId, limits] of uploadLimits) assertSniffable(operationId, limits);
  const compiled = compileSpec(spec, operations, { responses: options.validateResponses === true });
  const checker = new ResponseChecker(options.validateResponses === true, compiled);
  const breakages = new Breakages(options.breakages);
  const { timeScale, tokenLifetimeSeconds } = checkedOptions(options);
  const registry = loadRegistry(options.contractsDir ?? DEFAULT_CONTRACTS_DIR);
  selfCheckRegistry(registry);
  const partners = loadPartners(options.partners ?? []);
  const store: Store = options.store ?? (options.storeFile ? new FileStore(options.storeFile) : new MemoryStore());
  const clock = new Clock(store);
  const faults = new Faults(options.faults);
  const people = new People(store);
  const outbox = webhookOutbox(options, store, partners, breakages, checker, timeScale, people);
  const files = new Files(store, clock, addresses.public);
  const deps: Deps = { store, clock, outbox, registry, files, partners, people };
  const idempotency = new Idempotency(store, clock);
  const handlers = operationHandlers(deps, breakages, {
    tokenLifetimeSeconds,
    rejectReplayedAssertions: options.rejectReplayedAssertions === true,
    audiences: addresses.audiences,
  });
  const router = buildRouter(operations, compiled, handlers, breakages, deps);
  const writer = new Writer(store, checker, breakages);
  const admin = new AdminApi({
    deps,
    faults,
    idempotency,
    write: (res, reply, extra) => writer.write(res, reply, extra),
    errorReply: (error) => writer.errorReply(error),
    clock,
    spec,
    selfUrl: addresses.self,
    signingSecret: (secret) => breakages.webhookSecret(secret),
  });
  const env = { store, deps, breakages, compiled, uploadLimits, faults, idempotency, router, checker, writer, admin };
  return { env: { ...env, hostPolicy: addresses.hostPolicy }, outbox, clock };
}
