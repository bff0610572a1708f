import { createRequire } from 'node:module';
import { createTokenProvider } from '@zestequity/partner-auth';
import type { OpenApiDocument } from '@zestequity/spec-model';
import { type Check, CheckAborted, type CheckContext, CheckNotApplicable, describeResponse } from './checks/check.js';
import { Fixtures } from './checks/fixtures.js';
import { CHECKS } from './checks/index.js';
import { createApiCaller } from './http/api.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type Exchange,
  type FetchLike,
  Recorder,
  ResponseTooLargeError,
} from './http/recorder.js';
import { ContractTestConfigError, checkOptions, checkPrivateKeys } from './options.js';
import { loadSpec } from './spec/load-spec.js';
import { listOperations, type SpecOperation } from './spec/operations.js';
import { checkLocalRefChains } from './spec/ref-chains.js';
import { ResponseValidator } from './spec/response-validator.js';
import { notTheApi, oneLine, schemeHint } from './target/diagnosis.js';
import { probeStatefulness } from './target/probe.js';
import { detectSandboxAdmin, type SandboxAdmin, sandboxDeliverySource } from './target/sandbox-admin.js';
import type {
  CheckResult,
  ContractReport,
  ContractTestOptions,
  OperationCoverage,
  SchemaFailure,
  TargetInfo,
} from './types.js';
import { startWebhookReceiver } from './webhooks/receiver.js';
import type { WebhookSource } from './webhooks/source.js';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { name: string; version: string };

export { ContractTestConfigError };

const PROBE = {
  id: 'target.probe',
  title: 'Detect what the target can show (token, statefulness, admin API, webhooks)',
  tags: ['target'],
};
const COVERAGE = {
  id: 'coverage.every-operation',
  title: 'Every operation of the spec was called at least once',
  tags: ['coverage'],
};

/**
 * Runs the contract suite against one environment and returns the report. It never throws for a failing target:
 * failures are in the report. It throws {@link ContractTestConfigError} for unusable options.
 */
export async function runContractTests(options: ContractTestOptions): Promise<ContractReport> {
  const run = await prepareRun(options);
  const results: CheckResult[] = [];
  try {
    results.push(await probeTarget(run));
    await runChecks(run, results);
  } finally {
    await run.stopWebhooks();
  }
  const coverage = computeCoverage(run.operationList, run.recorder.exchanges, results);
  results.push(coverageResult(coverage, options));
  return buildReport({
    spec: run.spec,
    target: run.target,
    started: run.started,
    results,
    coverage,
    exchanges: run.recorder.exchanges,
    operations: run.operationList.length,
  });
}

/** Everything one run shares between its checks: the spec, the recorder, the partners' tokens, the target. */
interface Run {
  options: ContractTestOptions;
  started: number;
  baseUrl: string;
  progress: (message: string) => void;
  spec: OpenApiDocument;
  operationList: SpecOperation[];
  operations: Map<string, SpecOperation>;
  validator: ResponseValidator;
  recorder: Recorder;
  tokens: TokenProvider;
  secondTokens: TokenProvider | undefined;
  admin: SandboxAdmin | undefined;
  target: TargetInfo;
  webhooks: WebhookSource | undefined;
  /** Stops the webhook receiver this run started (not one passed in). */
  stopWebhooks: () => Promise<void>;
  fixtures: Fixtures;
  makeContext: (checkId: string) => CheckContext;
  /** Set when the probe's token exchange was answered, but gave no token: checks that need a token cannot run. */
  tokenFailed?: boolean;
}

type TokenProvider = ReturnType<typeof createTokenProvider>;

/** Checks the options, reads the spec, and finds out what the target offers (admin API, a way to see webhooks). */
async function prepareRun(options: ContractTestOptions): Promise<Run> {
  const started = Date.now();
  const baseUrl = checkOptions(options, [PROBE, ...CHECKS, COVERAGE]);
  const progress = options.onProgress ?? (() => {});
  const { spec, operationList } = await readSpec(options.specPath);
  const audience = options.audience ?? baseUrl;
  await checkPrivateKeys(options, audience);
  const validator = new ResponseValidator(spec);
  const plainFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const recorder = new Recorder({
    baseUrl,
    operations: operationList,
    validator,
    fetch: plainFetch,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const { tokens, secondTokens } = partnerTokensOrConfigError(options, baseUrl, audience, recorder);
  const admin: SandboxAdmin | undefined =
    options.useSandboxAdmin === false
      ? undefined
      : await detectSandboxAdmin(baseUrl, plainFetch, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const observed = await observeWebhooks(options, admin, progress);
  const target: TargetInfo = {
    baseUrl,
    audience,
    stateful: false,
    statefulReason: 'not probed yet',
    sandboxAdmin: admin !== undefined,
    webhookSource: observed.source,
    webhookSourceReason: observed.reason,
  };
  const operations = new Map<string, SpecOperation>(operationList.map((o) => [o.operationId, o]));
  const fixtures = new Fixtures(operations, options, admin);
  const run: Omit<Run, 'makeContext'> = {
    options,
    started,
    baseUrl,
    progress,
    spec,
    operationList,
    operations,
    validator,
    recorder,
    tokens,
    secondTokens,
    admin,
    target,
    webhooks: observed.webhooks,
    stopWebhooks: observed.stop,
    fixtures,
  };
  return { ...run, makeContext: (checkId) => createCheckContext(run, checkId) };
}

/**
 * A spec the model cannot read (no file, not OpenAPI 3.1, an upload without its limits, a `$ref` that leads nowhere)
 * is a configuration error.
 */
async function readSpec(specPath: string | undefined) {
  return loadSpec(specPath)
    .then((doc) => {
      checkLocalRefChains(doc);
      return { spec: doc, operationList: listOperations(doc) };
    })
    .catch((error: Error) => {
      throw new ContractTestConfigError(`cannot read the spec: ${error.message}`);
    });
}

/** The token providers; what they refuse at creation (an empty audience, say) is an option the caller got wrong. */
function partnerTokensOrConfigError(...args: Parameters<typeof createPartnerTokens>) {
  try {
    return createPartnerTokens(...args);
  } catch (error) {
    throw new ContractTestConfigError(`cannot create the token provider: ${(error as Error).message}`);
  }
}

/** Token providers for the partner and, when configured, the second partner (the tenancy checks). */
function createPartnerTokens(options: ContractTestOptions, baseUrl: string, audience: string, recorder: Recorder) {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const tokens = createTokenProvider({
    baseUrl,
    clientId: options.clientId,
    issuer: options.issuer,
    privateKey: options.privateKey,
    audience,
    // Token exchanges the provider makes are contract traffic too, judged like any other.
    fetch: leaveTimeoutToRecorder(recorder.fetchFor(PROBE.id)),
    // The same bound as every other request, so the provider's message and the recorder's name the same wait.
    timeoutMs,
  });
  const second = options.secondPartner;
  const secondTokens = second
    ? createTokenProvider({
        baseUrl,
        clientId: second.clientId,
        issuer: second.issuer,
        privateKey: second.privateKey,
        audience: second.audience ?? audience,
        fetch: leaveTimeoutToRecorder(recorder.fetchFor(PROBE.id, 'second')),
        timeoutMs,
      })
    : undefined;
  return { tokens, secondTokens };
}

/**
 * The token provider's only signal is its timeout, set to the recorder's: dropping it leaves one clock, so the
 * exchange is cut off by the recorder (body included) and both name the same wait. The recorder's timeout still
 * rejects with a TimeoutError, which the provider reports as its own timeout.
 */
function leaveTimeoutToRecorder(fetchImpl: FetchLike): FetchLike {
  return (input, init) => fetchImpl(input, { ...init, signal: null });
}

/** Where the run sees the target's webhook deliveries, and why: a receiver passed in, our own, the sandbox's log. */
async function observeWebhooks(
  options: ContractTestOptions,
  admin: SandboxAdmin | undefined,
  progress: (message: string) => void,
): Promise<{
  webhooks: WebhookSource | undefined;
  source: TargetInfo['webhookSource'];
  reason: string;
  stop: () => Promise<void>;
}> {
  const keep = async () => {};
  if (options.webhookReceiver) {
    const reason = 'the receiver passed in webhookReceiver';
    return { webhooks: options.webhookReceiver, source: 'receiver', reason, stop: keep };
  }
  if (options.webhookListen) {
    const receiver = await startWebhookReceiver(options.webhookListen).catch((error: Error) => {
      throw new ContractTestConfigError(`cannot listen for webhooks on ${options.webhookListen}: ${error.message}`);
    });
    progress(`webhook receiver listening at ${receiver.url}`);
    const reason = `loopback receiver at ${receiver.url}`;
    return { webhooks: receiver, source: 'receiver', reason, stop: () => receiver.stop() };
  }
  if (admin) {
    const reason = "the sandbox's delivery log (/sandbox/webhook-deliveries: exact bytes and Zest-Signature)";
    return {
      webhooks: sandboxDeliverySource(admin, options.clientId),
      source: 'sandbox-deliveries',
      reason,
      stop: keep,
    };
  }
  const reason =
    'no way to observe deliveries: pass --webhook-listen <host:port> and register that URL as the partner webhook URL';
  return { webhooks: undefined, source: 'none', reason, stop: keep };
}

/** What one check sees: the run, callers whose exchanges are recorded under its id, and its failure list. */
function createCheckContext(run: Omit<Run, 'makeContext'>, checkId: string): CheckContext {
  const { baseUrl, operations, recorder, tokens, secondTokens } = run;
  const fetchForCheck = recorder.fetchFor(checkId);
  const failures: string[] = [];
  const caller = createApiCaller({ baseUrl, operations, fetch: fetchForCheck, token: () => tokens.getToken() });
  const secondCaller = secondTokens
    ? createApiCaller({
        baseUrl,
        operations,
        fetch: recorder.fetchFor(checkId, 'second'),
        token: () => secondTokens.getToken(),
      })
    : undefined;
  const ctx: CheckContext & { failures: string[] } = {
    failures,
    checkId,
    spec: run.spec,
    operations,
    validator: run.validator,
    target: run.target,
    options: run.options,
    fixtures: run.fixtures,
    admin: run.admin,
    webhooks: run.webhooks,
    runStartedAt: run.started,
    exchanges: recorder.exchanges,
    fetch: fetchForCheck,
    call: caller.call,
    second: secondCaller,
    ...expectations(failures),
  };
  return ctx;
}

/** The assertions of a check context, each recording into `failures`. */
function expectations(
  failures: string[],
): Pick<CheckContext, 'expect' | 'fail' | 'notApplicable' | 'expectStatus' | 'expectError'> {
  return {
    expect(condition, message) {
      if (!condition) failures.push(message);
      return Boolean(condition);
    },
    fail(message): never {
      failures.push(message);
      throw new CheckAborted(message);
    },
    notApplicable(reason): never {
      throw new CheckNotApplicable(reason);
    },
    expectStatus(response, status, what) {
      if (response.status === status) return true;
      failures.push(`${what}: expected ${status}, got ${describeResponse(response)}`);
      return false;
    },
    expectError(response, status, code, what) {
      const body = response.json as Record<string, unknown> | undefined;
      if (response.status === status && body?.code === code) return true;
      failures.push(`${what}: expected ${status} ${code}, got ${describeResponse(response)}`);
      return false;
    },
  };
}

/**
 * The probe decides what applies; it always runs and is a row of its own, so a target that cannot even be probed
 * fails the run instead of turning every behaviour into "not applicable".
 */
async function probeTarget(run: Run): Promise<CheckResult> {
  const { target } = run;
  const result = await runOne(PROBE, run.recorder, run.makeContext, async (ctx) => {
    await run.tokens.getToken().catch((error: Error) => {
      if (isTokenError(error)) run.tokenFailed = true;
      throw error;
    });
    const verdict = await probeStatefulness(ctx);
    target.stateful = verdict.stateful;
    target.statefulReason = verdict.reason;
  });
  if (target.statefulReason === 'not probed yet') {
    target.statefulReason = 'the probe failed, so stateful behaviours cannot be judged; see target.probe';
  }
  run.progress(`target ${run.baseUrl}: ${target.statefulReason}`);
  return diagnoseProbe(run, result);
}

/**
 * Adds what the probe's failures say about the target as a whole, once, ahead of them: answers that are not JSON
 * (not the API at all), or a first contact that failed like a wrong scheme. Failures are kept, each on one line.
 */
function diagnoseProbe(run: Run, result: CheckResult): CheckResult {
  if (result.status !== 'failed') return result;
  const probeExchanges = run.recorder.exchanges.filter((e) => e.checkId === PROBE.id);
  const failures = result.failures.map(oneLine);
  const notApi = notTheApi(probeExchanges, run.baseUrl);
  const failedContact = probeExchanges.find((e) => e.networkError);
  const hint = failedContact ? schemeHint(failedContact.networkError!, failedContact.url) : undefined;
  const diagnosis = notApi ?? hint;
  if (diagnosis) run.progress(diagnosis);
  return { ...result, failures: diagnosis ? [diagnosis, ...failures] : failures };
}

/** Every check of the suite in order, appended to `results` as it ends (skipped when the probe got no answer). */
async function runChecks(run: Run, results: CheckResult[]): Promise<void> {
  const unreachable = probeNoAnswer(run);
  if (unreachable)
    run.progress(`the target did not answer the probe (${unreachable}); the remaining checks are skipped`);
  for (const check of CHECKS) {
    if (unreachable) {
      // Every request would wait for the same dead target; the failed probe already says why.
      results.push({
        id: check.id,
        title: check.title,
        tags: check.tags,
        status: 'skipped',
        reason: `the target did not answer the probe (${unreachable})`,
        failures: [],
        durationMs: 0,
        requests: 0,
      });
      continue;
    }
    const result = await runCheck(check, run);
    results.push(result);
    run.progress(`${symbol(result.status)} ${check.id}${result.reason ? ` (${result.reason})` : ''}`);
  }
}

/**
 * Why the probe got no answer at all (refused, reset, timed out), naming the request; undefined when it got one.
 * An exchange without a status never got an answer, whichever layer gave up first: the token provider's deadline
 * can win the race with the recorder's, leaving the exchange without its reason yet.
 */
function probeNoAnswer(run: Run): string | undefined {
  const unanswered = run.recorder.exchanges.find((e) => e.checkId === PROBE.id && e.status === undefined);
  if (!unanswered) return undefined;
  const timeoutMs = run.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const reason = oneLine(unanswered.networkError ?? `no answer within ${timeoutMs} ms`);
  const hint = schemeHint(reason, unanswered.url);
  return `${unanswered.method} ${unanswered.url}: ${reason}${hint ? `; ${hint}` : ''}`;
}

export function isSelected(
  check: { id: string; tags: string[] },
  options: Pick<ContractTestOptions, 'only' | 'skip'>,
): boolean {
  const labels = new Set([check.id, ...check.tags]);
  if (options.only?.length && !options.only.some((label) => labels.has(label))) return false;
  if (options.skip?.some((label) => labels.has(label))) return false;
  return true;
}

async function runCheck(check: Check, run: Run): Promise<CheckResult> {
  const { options, target } = run;
  const base = { id: check.id, title: check.title, tags: check.tags, failures: [], durationMs: 0, requests: 0 };
  if (!isSelected(check, options)) return { ...base, status: 'skipped', reason: 'not selected by --only/--skip' };
  const reason = check.applies?.({ target, options });
  if (reason) return { ...base, status: 'not_applicable', reason };
  return runOne(check, run.recorder, run.makeContext, (ctx) => check.run(ctx), run.tokenFailed);
}

/**
 * A refused token exchange (wrong client id, key or issuer), not a target that did not answer: that one stops the
 * run. Matched by name, as the error may come from another copy of the auth package.
 */
function isTokenError(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return name === 'TokenExchangeError' && code !== 'timeout' && code !== 'network_error';
}

/**
 * Runs one check and turns what it recorded into its row. When the probe's token exchange was refused
 * (`tokenFailed`), a check stopped by the same refusal is not applicable rather than failed a second time: the
 * probe's row is the one root failure.
 */
async function runOne(
  check: { id: string; title: string; tags: string[] },
  recorder: Recorder,
  makeContext: (checkId: string) => CheckContext,
  body: (ctx: CheckContext) => Promise<void>,
  tokenFailed?: boolean,
): Promise<CheckResult> {
  const ctx = makeContext(check.id) as CheckContext & { failures: string[] };
  const started = performance.now();
  let notApplicable: string | undefined;
  try {
    await body(ctx);
  } catch (error) {
    if (error instanceof CheckNotApplicable) notApplicable = error.message;
    else if (tokenFailed && isTokenError(error))
      notApplicable = 'needs a token, and the token exchange failed: see target.probe';
    // An oversized body is already a problem of its exchange, listed below.
    else if (!(error instanceof CheckAborted) && !(error instanceof ResponseTooLargeError))
      ctx.failures.push(`stopped by an error: ${describeError(error)}`);
  }
  const own = recorder.exchanges.filter((e) => e.checkId === check.id);
  for (const exchange of own) {
    for (const problem of exchange.problems) {
      const operation = exchange.operationId ?? `${exchange.method} ${exchange.url}`;
      ctx.failures.push(`${operation} ${exchange.status}: ${problem.kind} at ${problem.location}: ${problem.message}`);
    }
    if (exchange.networkError) ctx.failures.push(`${exchange.method} ${exchange.url}: ${exchange.networkError}`);
  }
  const failures = [...new Set(ctx.failures)];
  const result: CheckResult = {
    id: check.id,
    title: check.title,
    tags: check.tags,
    status: failures.length > 0 ? 'failed' : notApplicable ? 'not_applicable' : 'passed',
    failures,
    durationMs: Math.round(performance.now() - started),
    requests: own.length,
  };
  if (notApplicable) result.reason = notApplicable;
  return result;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    return `${error.name}: ${error.message}${detail}`;
  }
  return String(error);
}

function symbol(status: CheckResult['status']): string {
  return { passed: 'PASS', failed: 'FAIL', not_applicable: 'N/A ', skipped: 'SKIP' }[status];
}

export function computeCoverage(
  operations: SpecOperation[],
  exchanges: readonly Exchange[],
  results: CheckResult[],
): OperationCoverage[] {
  return operations.map((operation) => {
    const mine = exchanges.filter((e) => e.operationId === operation.operationId && e.status !== undefined);
    const seen: Record<string, number> = {};
    for (const exchange of mine) seen[String(exchange.status)] = (seen[String(exchange.status)] ?? 0) + 1;
    const entry: OperationCoverage = {
      operationId: operation.operationId,
      method: operation.method,
      path: operation.path,
      declaredStatuses: Object.keys(operation.responses),
      seen,
      violations: mine.filter((e) => e.problems.length > 0).length,
      state: mine.length > 0 ? 'covered' : 'uncovered',
    };
    if (mine.length === 0) {
      const callers = CHECKS.filter((c) => c.operations.includes(operation.operationId) || c.operations.includes('*'));
      const ran = callers.filter((c) => {
        const status = results.find((r) => r.id === c.id)?.status;
        return status === 'passed' || status === 'failed';
      });
      if (ran.length === 0) {
        entry.state = 'not_applicable';
        entry.reason = `only called by checks that did not run: ${callers
          .map((c) => `${c.id} (${results.find((r) => r.id === c.id)?.status ?? 'absent'})`)
          .join(', ')}`;
      } else {
        entry.reason = `never called, although ${ran.map((c) => c.id).join(', ')} ran`;
      }
    }
    return entry;
  });
}

function coverageResult(coverage: OperationCoverage[], options: ContractTestOptions): CheckResult {
  const base = { ...COVERAGE, durationMs: 0, requests: 0 };
  if (!isSelected(COVERAGE, options))
    return { ...base, status: 'skipped', reason: 'not selected by --only/--skip', failures: [] };
  const failures = coverage
    .filter((c) => c.state === 'uncovered')
    .map((c) => `${c.operationId} (${c.method} ${c.path}): ${c.reason}`);
  const skipped = coverage.filter((c) => c.state === 'not_applicable');
  if (failures.length > 0) return { ...base, status: 'failed', failures };
  if (skipped.length > 0) {
    return {
      ...base,
      status: 'not_applicable',
      failures: [],
      reason: `${skipped.length} operation(s) only exercised by checks that did not run: ${skipped.map((c) => c.operationId).join(', ')}`,
    };
  }
  return { ...base, status: 'passed', failures: [] };
}

function buildReport(input: {
  spec: Record<string, any>;
  target: TargetInfo;
  started: number;
  results: CheckResult[];
  coverage: OperationCoverage[];
  exchanges: readonly Exchange[];
  operations: number;
}): ContractReport {
  const schemaFailures: SchemaFailure[] = [];
  for (const exchange of input.exchanges) {
    for (const problem of exchange.problems) {
      schemaFailures.push({
        checkId: exchange.checkId,
        operationId: exchange.operationId ?? `${exchange.method} ${exchange.url}`,
        method: exchange.method,
        url: exchange.url,
        status: exchange.status!,
        ...(exchange.declaredAs ? { declaredAs: exchange.declaredAs } : {}),
        kind: problem.kind,
        location: problem.location,
        message: problem.message,
      });
    }
  }
  const count = (status: CheckResult['status']) => input.results.filter((r) => r.status === status).length;
  const failed = count('failed');
  return {
    tool: { name: pkg.name, version: pkg.version },
    spec: {
      title: String(input.spec.info?.title ?? ''),
      version: String(input.spec.info?.version ?? ''),
      operations: input.operations,
    },
    target: input.target,
    startedAt: new Date(input.started).toISOString(),
    durationMs: Date.now() - input.started,
    checks: input.results,
    coverage: input.coverage,
    schemaFailures,
    summary: {
      passed: count('passed'),
      failed,
      notApplicable: count('not_applicable'),
      skipped: count('skipped'),
      requests: input.exchanges.length,
      schemaFailures: schemaFailures.length,
      operationsCovered: input.coverage.filter((c) => c.state === 'covered').length,
      operationsTotal: input.coverage.length,
      // A broken response always fails its check; counting them too guards token renewals made between checks.
      ok: failed === 0 && schemaFailures.length === 0,
    },
  };
}
