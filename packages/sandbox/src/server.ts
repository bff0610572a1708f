import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { WebhookEvent } from '@zestequity/partner-api-types';
import { signWebhook } from '@zestequity/partner-auth';
import { AdminApi } from './admin.js';
import { type Breakage, Breakages } from './breakages.js';
import { Clock } from './clock.js';
import { evaluateAttributes, type TemplateDocument } from './contracts/evaluate.js';
import { DEFAULT_CONTRACTS_DIR, loadRegistry, type Registry } from './contracts/registry.js';
import { contractHandlers } from './domain/contracts.js';
import type { Deps } from './domain/deps.js';
import { investorHandlers } from './domain/investors.js';
import { authenticate, oauthHandlers, sweepTokens, TOKEN_LIFETIME_SECONDS } from './domain/oauth.js';
import { spvRequestHandlers } from './domain/spv-requests.js';
import { subscriptionHandlers } from './domain/subscriptions.js';
import { Faults, type FaultsConfig } from './faults.js';
import { Files } from './files.js';
import { firstValues, mediaType, parseForm, parseJson, readBody } from './http/body.js';
import type { Handler, Reply, RequestContext } from './http/context.js';
import {
  ApiError,
  badRequest,
  envelope,
  frameworkValidationBody,
  type ValidationItem,
  validationFailed,
} from './http/errors.js';
import { assertSniffable, type MultipartBody, readMultipart } from './http/multipart.js';
import { checkAdminRequest, checkHost, type HostPolicy, normaliseAllowedHost } from './http/request-guard.js';
import { Router } from './http/router.js';
import { parseUrlEncoded } from './http/text.js';
import { Idempotency, requestHash, type SerializedReply } from './idempotency.js';
import { loadPartners, type Partner, type PartnerConfig } from './partners.js';
import { mapAjvErrors } from './spec/ajv-errors.js';
import { listOperations, loadBundledSpec, type OpenApiDocument, type OperationSpec } from './spec/openapi.js';
import { type UploadLimits, uploadLimitsByOperation } from './spec/uploads.js';
import { type CompiledSpec, compileSpec, type OperationValidators } from './spec/validators.js';
import { FileStore } from './store/file.js';
import { MemoryStore } from './store/memory.js';
import { durable, inTransaction, type Store, settle } from './store/store.js';
import { Dispatcher } from './webhooks/dispatcher.js';
import type { DeliveryRecord } from './webhooks/outbox.js';

export { BREAKAGE_DESCRIPTIONS, BREAKAGES, type Breakage } from './breakages.js';

export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** The partners that may authenticate. */
  partners?: PartnerConfig[];
  /** Speeds up the webhook retry schedule and timeout (2 = twice as fast). Default 1. */
  timeScale?: number;
  /** Fault injection on /v1 requests; off by default. */
  faults?: FaultsConfig;
  /** Keep state in this file (an fsynced journal: survives restarts and crashes); default in memory only. */
  storeFile?: string;
  /** Bring your own Store implementation (wins over storeFile). */
  store?: Store;
  /** Test-only contract breakages. */
  breakages?: Breakage[];
  /** Check every response and webhook payload against the spec; a mismatch becomes a loud 500. Default false. */
  validateResponses?: boolean;
  /**
   * Extra base URLs this sandbox answers as (accepted as assertion `aud`), e.g. the public URL behind a proxy.
   * `http://127.0.0.1:<port>` and `http://localhost:<port>` are always accepted. The first entry, when given, is
   * also the base of signed file URLs.
   */
  baseUrl?: string | string[];
  /** Override the bundled spec (tests of the sandbox itself). */
  spec?: OpenApiDocument;
  /** Contract registry directory; default the bundled `contracts/`. */
  contractsDir?: string;
  /** Overrides the (scaled) 10 s webhook timeout, in ms. */
  webhookTimeoutMs?: number;
  /** Access-token lifetime (`expiresIn`), seconds; default 3600 as documented. Short ones let tests cross an expiry in real time. */
  tokenLifetimeSeconds?: number;
  /**
   * Host names (or URLs, whose host is taken) the sandbox answers besides the loopback names, the address it is
   * bound to and the hosts of `baseUrl`; any other `Host` header gets 403 (DNS rebinding). Needed when it is
   * reached by another name, e.g. `--host 0.0.0.0` called as `http://devbox:8080`.
   */
  allowedHosts?: string[];
  /**
   * Refuse an assertion that was already exchanged (same `jti`, or the same bytes when it has none) for as long as
   * it is valid: 401 `invalid_token`. Off by default: the API documentation does not say Zest checks this.
   */
  rejectReplayedAssertions?: boolean;
  /** Log sink; default silent. */
  log?: (line: string) => void;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>` (or the host that was bound). */
  url: string;
  port: number;
  /** Accepted assertion audiences. */
  audiences: string[];
  store: Store;
  clock: Clock;
  setFaults(faults: FaultsConfig): void;
  admin: {
    /*
     * The helpers that write are transactions, like their admin routes: all of their writes or (when they throw)
     * none, and they resolve once those writes are durable (on disk with a store file).
     */
    approveSpvRequest(slug: string): Promise<Record<string, unknown>>;
    rejectSpvRequest(slug: string, reason: string): Promise<Record<string, unknown>>;
    completeSubscription(subscriptionSlug: string): Promise<Record<string, unknown>>;
    deliveries(filter?: { status?: string; eventType?: string; clientId?: string }): DeliveryRecord[];
    redeliver(deliveryId: string): Promise<DeliveryRecord | undefined>;
    /** Waits until no webhook is pending or in flight; false on timeout. */
    webhooksIdle(timeoutMs?: number): Promise<boolean>;
    advanceClock(seconds: number): void;
  };
  /** Responses or events that did not match the spec (only collected with validateResponses; each was a 500). */
  responseProblems: string[];
  /** `operationId status` pairs the sandbox answered although the spec does not declare them (validateResponses). */
  undeclaredStatuses: string[];
  /** What each upload operation accepts (file part, `x-zest-max-bytes`, content types), as read from the spec served. */
  uploadLimits: ReadonlyMap<string, UploadLimits>;
  stop(): Promise<void>;
}

/** Bulk operations whose rows are judged one by one: schema errors inside a row fail that row only. */
const PER_ROW_ARRAYS = new Map([['bulkCreateInvestors', 'investors']]);
const JSON_HEADERS = { 'Content-Type': 'application/json' };

class ResponseCheckError extends Error {}

function selfCheckRegistry(registry: Registry): void {
  for (const version of registry.versions.values()) {
    for (const [name, sample] of version.documents.samples) {
      const template = version.documents.templates.get(String(sample.templateId)) as TemplateDocument | undefined;
      if (!template)
        throw new Error(
          `contract sample ${version.version}/${name} names unknown template ${String(sample.templateId)}`,
        );
      const errors = evaluateAttributes(version, template, sample.attributes as Record<string, unknown>);
      if (errors.length > 0)
        throw new Error(`contract sample ${version.version}/${name} fails its template: ${JSON.stringify(errors)}`);
    }
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? (() => {});
  const spec = options.spec ?? loadBundledSpec();
  const operations = listOperations(spec);
  // Size cap, file part and accepted types of each upload come from the spec (x-zest-max-bytes, encoding), not constants.
  const uploadLimits = uploadLimitsByOperation(spec, operations);
  for (const [operationId, limits] of uploadLimits) assertSniffable(operationId, limits);
  const validateResponses = options.validateResponses === true;
  const compiled = compileSpec(spec, operations, { responses: validateResponses });
  const breakages = new Breakages(options.breakages);
  const timeScale = options.timeScale ?? 1;
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(tokenLifetimeSeconds) || tokenLifetimeSeconds < 1)
    throw new Error('tokenLifetimeSeconds must be a positive integer');
  if (!(timeScale > 0)) throw new Error('timeScale must be a positive number');

  const registry = loadRegistry(options.contractsDir ?? DEFAULT_CONTRACTS_DIR);
  selfCheckRegistry(registry);
  const partners = loadPartners(options.partners ?? []);
  const store: Store = options.store ?? (options.storeFile ? new FileStore(options.storeFile) : new MemoryStore());
  const clock = new Clock();
  const faults = new Faults(options.faults);
  const responseProblems: string[] = [];
  const undeclaredStatuses: string[] = [];
  let publicUrl = '';
  let audiences: string[] = [];

  const checkEvent = validateResponses
    ? (event: WebhookEvent) => {
        const eventType: string = event.eventType;
        const validate = compiled.webhooks.get(eventType);
        if (!validate) throw new ResponseCheckError(`webhook ${eventType} is not in the spec`);
        if (!validate(event)) {
          const problem = `webhook ${eventType} payload does not match the spec: ${JSON.stringify(validate.errors)}`;
          responseProblems.push(problem);
          throw new ResponseCheckError(problem);
        }
      }
    : undefined;
  const outbox = new Dispatcher({
    store,
    partner: (id) => partners.get(id),
    sign: (payload, secret) => signWebhook({ payload, secret: breakages.webhookSecret(secret) }),
    timeScale,
    timeoutMs: options.webhookTimeoutMs,
    checkEvent,
    log,
  });
  if (breakages.has('investor-created-once-per-batch')) {
    const enqueue = outbox.enqueue.bind(outbox);
    outbox.enqueue = ((...args: Parameters<typeof enqueue>) =>
      breakages.emits(args[1]) ? enqueue(...args) : undefined) as typeof enqueue;
  }
  const files = new Files(store, clock, () => publicUrl);
  const deps: Deps = { store, clock, outbox, registry, files, partners };
  const idempotency = new Idempotency(store, clock);

  const handlers: Record<string, Handler> = {
    getHealth: () => ({ status: 200, body: { status: 'ok' } }),
    ...oauthHandlers(deps, () => audiences, {
      lifetimeSeconds: tokenLifetimeSeconds,
      rejectReplays: options.rejectReplayedAssertions === true,
      leniency: breakages.assertionLeniency(),
    }),
    ...contractHandlers(deps),
    ...spvRequestHandlers(deps),
    ...investorHandlers(deps),
    ...subscriptionHandlers(deps),
  };
  const missing = operations
    .filter((op) => !handlers[op.operationId])
    .map((op) => `${op.method} ${op.path} (${op.operationId})`);
  if (missing.length > 0) throw new Error(`the sandbox has no handler for: ${missing.join(', ')}`);

  const router = new Router<{ operation: OperationSpec; validators: OperationValidators; handler: Handler }>();
  for (const operation of operations) {
    router.add(operation.method, operation.path, {
      operation,
      validators: compiled.operations.get(operation.operationId)!,
      handler: breakages.handler(operation.operationId, handlers[operation.operationId]!, deps),
    });
  }

  // ---- responses -------------------------------------------------------------------------------------------

  const errorSchema = compiled.errorEnvelope;

  function checkResponse(
    operation: OperationSpec | undefined,
    validators: OperationValidators | undefined,
    status: number,
    body: unknown,
  ): void {
    if (!validateResponses || !operation || !validators?.responses) return;
    const declared =
      validators.responses.get(String(status)) ??
      validators.responses.get(`${String(status)[0]}XX`) ??
      validators.responses.get('DEFAULT');
    if (!declared) {
      // Not declared by the spec for this operation: recorded (and reported), but the body must still be the envelope.
      const entry = `${operation.operationId} ${status}`;
      if (!undeclaredStatuses.includes(entry)) undeclaredStatuses.push(entry);
      if (status >= 400 && errorSchema && !errorSchema(body)) {
        const problem = `${operation.operationId} ${status}: body is not the partner envelope: ${JSON.stringify(errorSchema.errors)}`;
        responseProblems.push(problem);
        throw new ResponseCheckError(problem);
      }
      return;
    }
    const validate = declared.get('application/json');
    if (validate && !validate(body)) {
      const problem = `${operation.operationId} ${status}: response does not match the spec: ${JSON.stringify(validate.errors)}`;
      responseProblems.push(problem);
      throw new ResponseCheckError(problem);
    }
  }

  function serialize(
    operation: OperationSpec | undefined,
    validators: OperationValidators | undefined,
    reply: Reply,
  ): SerializedReply {
    checkResponse(operation, validators, reply.status, reply.body);
    const body = operation ? breakages.body(operation.operationId, reply.status, reply.body) : reply.body;
    return {
      status: reply.status,
      headers: { ...JSON_HEADERS, ...reply.headers },
      body: Buffer.from(JSON.stringify(body), 'utf8'),
    };
  }

  const declares = (operation: OperationSpec, status: number) =>
    operation.responses[String(status)] !== undefined || operation.responses[`${String(status)[0]}XX`] !== undefined;

  function errorReply(error: unknown, operation?: OperationSpec, validators?: OperationValidators): SerializedReply {
    if (error instanceof ApiError) {
      try {
        // Request validation on an operation whose spec declares the framework's 422 and no 400: answer what the
        // live service answers there. Everywhere else the partner envelope.
        if (
          error.status === 400 &&
          error.location &&
          operation &&
          !declares(operation, 400) &&
          declares(operation, 422)
        ) {
          return serialize(operation, validators, { status: 422, body: frameworkValidationBody(error) });
        }
        return serialize(operation, validators, {
          status: error.status,
          body: envelope(error),
          headers: error.headers,
        });
      } catch (checkError) {
        return errorReply(checkError);
      }
    }
    const internal = new ApiError(500, 'internal_error', 'The sandbox failed to handle this request.');
    const body = envelope(internal);
    if (error instanceof ResponseCheckError) {
      body.detail = `Sandbox response check failed: ${error.message}`;
      console.error(`[zest-sandbox] RESPONSE CHECK FAILED ${error.message}`);
    } else {
      console.error(`[zest-sandbox] internal error ${body.errorId}:`, error);
    }
    return { status: 500, headers: { ...JSON_HEADERS }, body: Buffer.from(JSON.stringify(body), 'utf8') };
  }

  /**
   * The one place an answer leaves: it ends the transaction open in this request's context (committed for a 2xx,
   * rolled back otherwise) and waits until every commit so far is durable, so nothing is acknowledged that a crash
   * could take back. A store that can no longer write turns the answer into a 500.
   */
  function write(res: ServerResponse, reply: SerializedReply, extraHeaders?: Record<string, string>): void {
    let answer = reply;
    try {
      settle(store, reply.status < 300);
    } catch (error) {
      answer = errorReply(error);
    }
    const send = (final: SerializedReply) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(final.status, {
        ...final.headers,
        ...(final === reply ? extraHeaders : undefined),
        'Content-Length': String(final.body.length),
      });
      res.end(final.body);
    };
    durable(store).then(
      () => send(answer),
      (error: unknown) => send(errorReply(error)),
    );
  }

  /** Runs a request's handler as one transaction: a non-2xx answer (or a throw) leaves no write behind. */
  function atomically(execute: () => Promise<SerializedReply>): Promise<SerializedReply> {
    return inTransaction(store, async (tx) => {
      const reply = await execute();
      if (reply.status < 200 || reply.status >= 300) tx.abort();
      return reply;
    });
  }

  // ---- requests --------------------------------------------------------------------------------------------

  function validationItems(
    validators: OperationValidators,
    location: 'path' | 'query' | 'header',
    data: Record<string, unknown>,
  ): ValidationItem[] {
    const entry = validators.params.find((p) => p.location === location);
    if (!entry || entry.validate(data)) return [];
    return mapAjvErrors(entry.validate.errors, { codes: compiled.validationCodes, names: entry.names, data });
  }

  async function readJsonOrForm(
    req: IncomingMessage,
    operation: OperationSpec,
    validators: OperationValidators,
    ctx: RequestContext,
  ): Promise<void> {
    const body = operation.requestBody!;
    const type = mediaType(req);
    const declaredTypes = Object.keys(body.content);
    const hasBody =
      req.headers['content-length'] !== undefined
        ? req.headers['content-length'] !== '0'
        : req.headers['transfer-encoding'] !== undefined;
    if (!hasBody && !type) {
      if (body.required) throw badRequest(`This operation needs a ${declaredTypes.join(' or ')} body.`).at('body');
      return;
    }
    if (!Object.hasOwn(body.content, type)) {
      const detail = `Content-Type must be ${declaredTypes.join(' or ')}${type ? `, not ${type}` : ''}.`;
      throw operation.responses['415']
        ? new ApiError(415, 'unsupported_media_type', detail)
        : badRequest(detail).at('body');
    }
    if (type === 'multipart/form-data') {
      const limits = uploadLimits.get(operation.operationId)!;
      ctx.multipart = () =>
        readValidatedMultipart(
          req,
          validators,
          breakages.trustsDeclaredUploadType() ? { ...limits, trustDeclaredType: true } : limits,
        );
      return;
    }
    const bytes = await readBody(req);
    if (bytes.length === 0) {
      if (body.required) throw badRequest(`This operation needs a ${type} body; the body was empty.`).at('body');
      return;
    }
    let data: unknown;
    try {
      data = type === 'application/x-www-form-urlencoded' ? parseForm(bytes) : parseJson(bytes);
    } catch (error) {
      throw error instanceof ApiError ? error.at('body') : error;
    }
    const validate = validators.bodies.get(type);
    if (validate && !validate(data)) {
      const items = mapAjvErrors(validate.errors, { codes: compiled.validationCodes, data });
      const rowProperty = PER_ROW_ARRAYS.get(operation.operationId);
      const rowPattern = rowProperty ? new RegExp(`^${rowProperty}\\[(\\d+)\\]`) : undefined;
      const perRow = rowPattern && items.every((item) => rowPattern.test(String(item.field)));
      if (!perRow) throw validationFailed(items).at('body');
      for (const item of items) {
        const index = Number(rowPattern.exec(String(item.field))![1]);
        const list = ctx.rowErrors.get(index) ?? [];
        list.push(item);
        ctx.rowErrors.set(index, list);
      }
    }
    ctx.body = data;
  }

  async function readValidatedMultipart(
    req: IncomingMessage,
    validators: OperationValidators,
    limits: UploadLimits,
  ): Promise<MultipartBody> {
    const parsed = await readMultipart(req, limits);
    const validate = validators.bodies.get('multipart/form-data');
    const data: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, parsed.fields);
    // The file's bytes are not JSON; the schema only needs to see that the part is there (format: binary).
    if (parsed.file) data[parsed.file.fieldName] = '';
    if (validate && !validate(data))
      throw validationFailed(mapAjvErrors(validate.errors, { codes: compiled.validationCodes, data })).at('body');
    return parsed;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): Promise<void> {
    const isV1 = pathname.startsWith('/v1/') || pathname === '/v1';
    const decision = isV1 ? faults.decide() : { latencyMs: 0, unavailable: false, drop: false };
    if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
    if (decision.unavailable) {
      req.resume();
      return write(
        res,
        errorReply(new ApiError(503, 'service_unavailable', 'Injected fault: the service is temporarily unavailable.')),
        {
          'Retry-After': '1',
        },
      );
    }
    const match = router.match(req.method ?? 'GET', pathname);
    if (match.kind !== 'found') {
      req.resume();
      if (match.kind === 'method-not-allowed') {
        return write(
          res,
          errorReply(
            new ApiError(
              405,
              'invalid_request',
              `${req.method} is not allowed on ${pathname}; use ${match.allow.join(', ')}.`,
            ),
          ),
          {
            Allow: match.allow.join(', '),
          },
        );
      }
      return write(res, errorReply(new ApiError(404, 'not_found', `No operation at ${req.method} ${pathname}.`)));
    }
    const { operation, validators, handler } = match.value;
    let reply: SerializedReply;
    let replayed = false;
    try {
      const ctx: RequestContext = {
        operation,
        req,
        params: match.params,
        query: {},
        body: undefined,
        partner: undefined,
        rowErrors: new Map(),
        multipart: () => Promise.reject(badRequest('This operation takes no multipart body.')),
      };
      if (operation.auth !== 'none') {
        try {
          ctx.partner = authenticate(deps, req.headers.authorization);
        } catch (error) {
          ctx.partner = breakages.unauthenticatedPartner(operation.operationId, deps.partners);
          // Optional auth (contracts): a bad or missing token simply means anonymous.
          if (operation.auth === 'required' && !ctx.partner) throw error;
        }
      }
      const pathProblems = validationItems(validators, 'path', ctx.params as Record<string, unknown>);
      if (pathProblems.length > 0) throw validationFailed(pathProblems).at('path');
      let query: Record<string, unknown>;
      try {
        query = firstValues(search ? parseUrlEncoded(search, 'The query string') : []);
      } catch (error) {
        throw error instanceof ApiError ? error.at('query') : error;
      }
      const queryProblems = validationItems(validators, 'query', query);
      if (queryProblems.length > 0) throw validationFailed(queryProblems).at('query');
      ctx.query = query;
      const headers: Record<string, unknown> = {};
      for (const param of operation.parameters) {
        if (param.in !== 'header') continue;
        const value = req.headers[param.name.toLowerCase()];
        if (value !== undefined) headers[param.name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
      }
      const headerProblems = validationItems(validators, 'header', headers).filter(
        (p) => breakages.requiresIdempotencyKey() || !/idempotency-key/i.test(`${String(p.field)} ${p.message}`),
      );
      if (headerProblems.length > 0) throw badRequest(headerProblems.map((p) => p.message).join('; ')).at('header');
      if (operation.requestBody) await readJsonOrForm(req, operation, validators, ctx);
      else req.resume();

      const execute = async (): Promise<SerializedReply> => {
        try {
          return serialize(operation, validators, await handler(ctx));
        } catch (error) {
          return errorReply(error, operation, validators);
        }
      };
      const sent = headers['idempotency-key'] as string | undefined;
      if (operation.idempotency === 'required' && !sent && breakages.requiresIdempotencyKey()) {
        throw badRequest('The Idempotency-Key header is required on this operation.').at('header');
      }
      const stored = ctx.partner
        ? breakages.idempotency(
            operation.idempotency,
            sent,
            ctx.partner.clientId,
            requestHash(operation.method, pathname, ctx.body ?? null),
          )
        : undefined;
      if (operation.idempotency !== 'none' && stored?.key) {
        // The idempotency record is written in the same transaction as the handler's writes.
        ({ reply, replayed } = await idempotency.run(stored.scope, stored.key, stored.hash, execute, {
          reexecuteReplays: stored.reexecuteReplays,
        }));
      } else {
        reply = await atomically(execute);
      }
    } catch (error) {
      reply = errorReply(error, operation, validators);
    }
    const broken = breakages.reply(operation.operationId, reply);
    if (decision.drop || broken === 'drop') {
      // The change (if any) is committed; the client never hears about it.
      req.socket.destroy();
      return;
    }
    reply = broken;
    // A request refused before its body was read (wrong media type, bad header, ...): drain the rest, or a large body
    // still in flight makes the socket close with a reset and the client never sees the answer.
    if (!req.complete) req.resume();
    write(res, reply, replayed ? { 'Idempotent-Replayed': 'true' } : undefined);
  }

  const admin = new AdminApi({ deps, faults, idempotency, write, errorReply, clock, spec, selfUrl: () => url });

  async function listener(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const search = q === -1 ? '' : url.slice(q + 1);
    try {
      const isAdmin = pathname === '/sandbox' || pathname.startsWith('/sandbox/');
      const refusal = checkHost(req, hostPolicy) ?? (isAdmin ? checkAdminRequest(req, hostPolicy) : undefined);
      if (refusal) {
        req.resume();
        return write(res, errorReply(refusal));
      }
      // An admin action is one transaction too; `write` ends it before the answer is sent.
      if (isAdmin) await inTransaction(store, () => admin.handle(req, res, pathname, search));
      else await handleApi(req, res, pathname, search);
    } catch (error) {
      write(res, errorReply(error));
    }
  }

  const server: Server = createServer({ keepAliveTimeout: 5000 }, (req, res) => void listener(req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (error, socket) => {
    if (socket.writable) {
      const body = JSON.stringify(
        envelope(new ApiError(400, 'invalid_request', `Malformed HTTP request: ${(error as Error).message}`)),
      );
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    } else {
      socket.destroy();
    }
  });

  const host = options.host ?? '127.0.0.1';
  const extra =
    options.baseUrl === undefined ? [] : Array.isArray(options.baseUrl) ? options.baseUrl : [options.baseUrl];
  const hostPolicy: HostPolicy = {
    allowed: new Set([
      ...(options.allowedHosts ?? []).map(normaliseAllowedHost),
      ...extra.map(normaliseAllowedHost),
      ...(host === '0.0.0.0' || host === '::' ? [] : [normaliseAllowedHost(host.includes(':') ? `[${host}]` : host)]),
    ]),
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // `localhost` resolves to ::1 first on some systems; on the default loopback bind, answer there too (best effort).
  let ipv6: Server | undefined;
  if (host === '127.0.0.1') {
    const candidate = createServer({ keepAliveTimeout: 5000 }, (req, res) => void listener(req, res));
    candidate.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    ipv6 = await new Promise<Server | undefined>((resolve) => {
      candidate.once('error', () => resolve(undefined));
      candidate.listen(port, '::1', () => resolve(candidate));
    });
  }
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  audiences = [
    ...new Set([
      ...extra.map((u) => u.replace(/\/+$/, '')),
      url,
      `http://localhost:${port}`,
      `http://127.0.0.1:${port}`,
    ]),
  ];
  publicUrl = extra[0]?.replace(/\/+$/, '') ?? url;
  outbox.start();
  const sweeper = setInterval(() => {
    idempotency.sweep();
    sweepTokens(deps);
  }, 60_000);
  sweeper.unref();
  log(`zest-sandbox listening on ${url}`);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    audiences,
    store,
    clock,
    setFaults: (config) => faults.set(config),
    admin: admin.helpers(),
    responseProblems,
    undeclaredStatuses,
    uploadLimits,
    stop() {
      stopped ??= (async () => {
        clearInterval(sweeper);
        await outbox.stop();
        await Promise.all(
          [server, ipv6].map(
            (srv) =>
              new Promise<void>((resolve) => {
                if (!srv) return resolve();
                srv.close(() => resolve());
                for (const socket of sockets) socket.destroy();
              }),
          ),
        );
        await store.close();
      })();
      return stopped;
    },
  };
}

export type { CompiledSpec, Partner };
