import { randomUUID } from 'node:crypto';
import type { Deps } from './domain/deps.js';
import type { Handler, RequestContext } from './http/context.js';
import type { SerializedReply } from './idempotency.js';
import { SandboxOptionsError } from './options.js';
import type { Partner } from './partners.js';

/**
 * Deliberate contract breakages, for the contract-test suite to prove that each of its checks can fail. Each one is
 * a realistic server bug, injected one at a time; none is ever on unless passed (`--breakage`, `breakages: [...]`).
 * The value is what the bug does, shown by `zest-sandbox --help` and the README.
 */
export const BREAKAGE_DESCRIPTIONS = {
  'spv-request-missing-field': 'SpvRequestResponse bodies lose their required `createdAt`',
  'idempotency-replay-reexecutes': 'a replayed Idempotency-Key executes again instead of returning the stored answer',
  'idempotency-ignores-body': 'a reused Idempotency-Key replays the first answer even when the body differs (no 409)',
  'idempotency-key-not-required': 'POST /v1/spv-requests without an Idempotency-Key is executed instead of refused',
  'idempotency-optional-key-ignored': 'the optional Idempotency-Key of bulk operations is ignored',
  'idempotency-keys-shared-across-partners': 'idempotency keys are stored per key only, not per partner',
  'token-exchange-down': 'every token exchange is refused with 401',
  'token-accepts-expired-assertion': 'the token exchange accepts assertions that expired up to a day ago',
  'oauth-info-wrong-client': '`GET /v1/oauth2/info` names another client',
  'cancel-skips-auth': '`DELETE /v1/spv-requests/{slug}` runs without checking the bearer token',
  'health-check-hangs-up': '`GET /public/hc` closes the connection without an answer',
  'contract-template-missing': 'a listed contract template cannot be read (404)',
  'pagination-skip-off-by-one': 'list pages report `skip` one higher than the page they hold',
  'list-ignores-status-filter': '`GET /v1/spv-requests?status=` returns every status',
  'count-ignores-status-filter': '`count` of `GET /v1/spv-requests?status=` counts every status',
  'per-page-unbounded': '`perPage`/`page` outside their bounds answer 200 instead of being refused',
  'cancel-conflict-ignored': 'cancelling a request that is no longer pending answers 200 instead of 409',
  'unknown-spv-request-500': 'reading or cancelling an unknown SPV request answers 500 instead of 404',
  'investors-bad-row-fails-batch': 'one bad investor row fails the whole batch',
  'subscription-status-wrong': 'new subscriptions are reported `completed` instead of `pending`',
  'upload-too-large-as-400': 'an oversized upload is refused with 400 instead of 413',
  'upload-trusts-declared-type': "an upload's declared Content-Type is believed without looking at its bytes",
  'validation-error-without-items': '400 validation_error answers lose their `validationErrors` items',
  'error-without-error-id': 'error answers lose their `errorId`',
  'tenant-isolation-off': "a partner can read another partner's SPV request by its slug",
  'tenant-spv-by-owner':
    "subscriptions and uploads act for the SPV's owner, so a partner can subscribe and upload to another partner's SPV",
  'webhook-signature-wrong-secret': "webhooks are signed with a secret other than the partner's",
  'investor-created-once-per-batch': '`investor.created` is sent once per batch instead of once per created row',
} as const;

export type Breakage = keyof typeof BREAKAGE_DESCRIPTIONS;
export const BREAKAGES = Object.keys(BREAKAGE_DESCRIPTIONS) as Breakage[];

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function errorReply(status: number, code: string, detail: string): SerializedReply {
  return {
    status,
    headers: { ...JSON_HEADERS },
    body: Buffer.from(JSON.stringify({ code, detail, errorId: randomUUID() })),
  };
}

function parse(reply: SerializedReply): unknown {
  try {
    return JSON.parse(reply.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The hooks the server calls. Each hook is a no-op unless its breakage is on, so the sandbox's real code paths stay
 * the ones every other test exercises.
 */
export class Breakages {
  private readonly on: Set<Breakage>;
  /** Set while a bulk investor request runs with `investor-created-once-per-batch`: further rows are not emitted. */
  private investorEventSent: boolean | undefined;

  constructor(names: readonly string[] = []) {
    for (const name of names)
      if (!(BREAKAGES as readonly string[]).includes(name)) throw new SandboxOptionsError(`unknown breakage ${name}`);
    this.on = new Set(names as Breakage[]);
  }

  has(name: Breakage): boolean {
    return this.on.has(name);
  }

  get names(): Breakage[] {
    return [...this.on];
  }

  /** Changes a reply body before it is serialised (shape bugs). */
  body(operationId: string, status: number, body: unknown): unknown {
    if (!body || typeof body !== 'object') return body;
    let out = body as Record<string, unknown>;
    if (this.has('spv-request-missing-field')) {
      const strip = (record: unknown) => {
        const { createdAt: _dropped, ...rest } = record as Record<string, unknown>;
        return rest;
      };
      if (status < 300 && ['createSpvRequest', 'getSpvRequest', 'cancelSpvRequest'].includes(operationId))
        out = strip(out);
      if (status < 300 && operationId === 'listSpvRequests')
        out = { ...out, documents: Array.isArray(out.documents) ? out.documents.map(strip) : [] };
    }
    if (this.has('oauth-info-wrong-client') && operationId === 'getOauth2Info' && status === 200)
      out = { ...out, clientId: `${out.clientId}_other` };
    if (this.has('pagination-skip-off-by-one') && operationId === 'listSpvRequests' && status === 200)
      out = { ...out, skip: Number(out.skip) + 1 };
    if (this.has('subscription-status-wrong') && operationId === 'createSubscriptions' && status === 201) {
      const rows = Array.isArray(out.results) ? out.results : [];
      out = { ...out, results: rows.map((row: Record<string, unknown>) => ({ ...row, status: 'completed' })) };
    }
    if (this.has('validation-error-without-items') && out.code === 'validation_error') {
      const { validationErrors: _dropped, ...rest } = out;
      out = rest;
    }
    if (this.has('error-without-error-id') && status >= 400 && 'errorId' in out) {
      const { errorId: _dropped, ...rest } = out;
      out = rest;
    }
    return out;
  }

  /** Changes the final answer of a /v1 request (status bugs); `'drop'` closes the connection without one. */
  reply(operationId: string, reply: SerializedReply): SerializedReply | 'drop' {
    const { status } = reply;
    if (this.has('health-check-hangs-up') && operationId === 'getHealth') return 'drop';
    if (this.has('token-exchange-down') && operationId === 'exchangeJwtAssertion')
      return errorReply(401, 'invalid_token', 'Broken on purpose: no token for anyone.');
    if (this.has('contract-template-missing') && operationId === 'getContractTemplate' && status === 200) {
      return errorReply(404, 'not_found', 'Broken on purpose: the template is listed but cannot be read.');
    }
    if (this.has('per-page-unbounded') && operationId === 'listSpvRequests' && status === 422) {
      return {
        ...reply,
        status: 200,
        body: Buffer.from(JSON.stringify({ documents: [], count: 0, skip: 0, limit: 0 })),
      };
    }
    if (this.has('cancel-conflict-ignored') && operationId === 'cancelSpvRequest' && status === 409) {
      return { ...reply, status: 200, body: Buffer.from('{}') };
    }
    if (
      this.has('unknown-spv-request-500') &&
      (operationId === 'getSpvRequest' || operationId === 'cancelSpvRequest') &&
      status === 404
    ) {
      return errorReply(500, 'internal_error', 'Broken on purpose: an unknown slug crashes the handler.');
    }
    if (this.has('upload-too-large-as-400') && operationId === 'uploadSubscriptionForm' && status === 413) {
      return errorReply(400, 'invalid_request', 'Broken on purpose: the file is too large.');
    }
    if (this.has('investors-bad-row-fails-batch') && operationId === 'bulkCreateInvestors' && status === 200) {
      const results = (parse(reply) as { results?: unknown } | undefined)?.results;
      const rows: unknown[] = Array.isArray(results) ? results : [];
      if (rows.some((row) => (row as { status?: unknown } | null)?.status === 'failed')) {
        return {
          status: 400,
          headers: { ...JSON_HEADERS },
          body: Buffer.from(
            JSON.stringify({
              code: 'validation_error',
              detail: 'Broken on purpose: one bad row fails the batch.',
              errorId: randomUUID(),
              validationErrors: [],
            }),
          ),
        };
      }
    }
    return reply;
  }

  /** Wraps a handler (bugs in what a handler reads or who it acts for). */
  handler(operationId: string, handler: Handler, deps: Deps): Handler {
    if (this.has('list-ignores-status-filter') && operationId === 'listSpvRequests') {
      return (ctx) => handler({ ...ctx, query: { ...ctx.query, status: undefined } });
    }
    if (this.has('count-ignores-status-filter') && operationId === 'listSpvRequests') {
      return async (ctx) => {
        const reply = await handler(ctx);
        const all = await handler({ ...ctx, query: { ...ctx.query, status: undefined } });
        return { ...reply, body: { ...(reply.body as object), count: (all.body as { count?: number }).count } };
      };
    }
    if (this.has('tenant-isolation-off') && operationId === 'getSpvRequest') {
      return (ctx) => {
        // Authorised by the record, not by the token: the owner of the slug is who the request acts for.
        const owner = deps.store.get<{ clientId: string }>('spvRequests', ctx.params.slug ?? '')?.clientId;
        const partner = owner ? deps.partners.get(owner) : undefined;
        return handler(partner ? { ...ctx, partner } : ctx);
      };
    }
    if (
      this.has('tenant-spv-by-owner') &&
      ['createSubscriptions', 'uploadSubscriptionForm', 'uploadFundingReceipt'].includes(operationId)
    ) {
      return (ctx) => {
        const owner = deps.store.get<{ clientId: string }>('spvs', ctx.params.spvSlug ?? '')?.clientId;
        const partner = owner ? deps.partners.get(owner) : undefined;
        return handler(partner ? { ...ctx, partner } : ctx);
      };
    }
    if (this.has('investor-created-once-per-batch') && operationId === 'bulkCreateInvestors') {
      return async (ctx: RequestContext) => {
        this.investorEventSent = false;
        try {
          return await handler(ctx);
        } finally {
          this.investorEventSent = undefined;
        }
      };
    }
    return handler;
  }

  /** Whether an event is enqueued at all (cardinality bugs). */
  emits(eventType: string): boolean {
    if (eventType !== 'investor.created' || this.investorEventSent === undefined) return true;
    if (this.investorEventSent) return false;
    this.investorEventSent = true;
    return true;
  }

  /** The partner a failed authentication falls back to, for operations that forget to check the token. */
  unauthenticatedPartner(operationId: string, partners: Map<string, Partner>): Partner | undefined {
    if (this.has('cancel-skips-auth') && operationId === 'cancelSpvRequest') return partners.values().next().value;
    return undefined;
  }

  requiresIdempotencyKey(): boolean {
    return !this.has('idempotency-key-not-required');
  }

  /**
   * The key, scope and body hash an idempotent request is stored under. `hash` is called only when a key is kept:
   * hashing a 100-row body costs about as much as parsing it, and a request without a key never needs it.
   */
  idempotency(idempotency: string, key: string | undefined, clientId: string, hash: () => string) {
    const kept = this.has('idempotency-optional-key-ignored') && idempotency === 'optional' ? undefined : key;
    return {
      key: kept,
      scope: this.has('idempotency-keys-shared-across-partners') ? '*' : clientId,
      hash: kept === undefined ? '' : this.has('idempotency-ignores-body') ? 'ignored' : hash(),
      reexecuteReplays: this.has('idempotency-replay-reexecutes'),
    };
  }

  /** Assertion checks the token exchange relaxes. */
  assertionLeniency(): { clockSkewSeconds?: number } {
    return this.has('token-accepts-expired-assertion') ? { clockSkewSeconds: 86_400 } : {};
  }

  webhookSecret(secret: string): string {
    return this.has('webhook-signature-wrong-secret') ? `${secret}_wrong` : secret;
  }

  trustsDeclaredUploadType(): boolean {
    return this.has('upload-trusts-declared-type');
  }
}
