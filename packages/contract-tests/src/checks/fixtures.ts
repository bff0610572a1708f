import { randomUUID } from 'node:crypto';
import type { ApiResponse } from '../http/api.js';
import { requestExample } from '../spec/examples.js';
import type { SpecOperation } from '../spec/operations.js';
import type { SandboxAdmin } from '../target/sandbox-admin.js';
import type { ContractTestOptions } from '../types.js';
import type { CheckContext } from './check.js';

export interface ApprovedSpv {
  spvSlug: string;
  shareClassSlug: string;
  /** Set when the suite created and approved the SPV request itself. */
  spvRequestSlug?: string;
}

export interface Subscription {
  spvSlug: string;
  personId: string;
  subscriptionSlug?: string;
}

/**
 * Test data the checks share. Request bodies start from the spec's own examples and only change what must be
 * unique per run (ids, emails), so no payload shape is restated here. Requests a fixture sends are charged to the
 * check that asked for it.
 */
export class Fixtures {
  /** Unique per run, so reruns against a long-lived environment never collide with earlier data. */
  readonly runId = randomUUID().slice(0, 8);
  /** Event types the suite made the target emit outside spec operations (sandbox admin actions). */
  readonly adminEmitted = new EventTally();
  private counter = 0;
  private approved: Promise<ApprovedSpv> | undefined;

  constructor(
    private readonly operations: Map<string, SpecOperation>,
    private readonly options: ContractTestOptions,
    private readonly admin: SandboxAdmin | undefined,
  ) {}

  unique(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.runId}-${this.counter}`;
  }

  example(operationId: string): any {
    const operation = this.operations.get(operationId);
    if (!operation) throw new Error(`The spec has no operation ${operationId}`);
    return requestExample(operation);
  }

  /** The body used to create SPV requests: the partner's own (`--spv-request-file`) or the spec's example. */
  spvRequestBody(): any {
    const body = this.options.spvRequestBody ?? this.example('createSpvRequest');
    if (!body || typeof body !== 'object')
      throw new Error('The spec has no request example for createSpvRequest; pass spvRequestBody');
    return structuredClone(body);
  }

  /** A body with the same template but different attributes, for the idempotency conflict. */
  differentSpvRequestBody(): any {
    const body = this.spvRequestBody();
    const attributes: Record<string, unknown> = { ...(body.attributes ?? {}) };
    if (typeof attributes.currency === 'string') {
      // Another currency keeps the example template's body valid while changing its hash.
      attributes.currency = attributes.currency === 'EUR' ? 'USD' : 'EUR';
    } else {
      const key = Object.keys(attributes).find((k) => typeof attributes[k] === 'string');
      if (key) attributes[key] = `${String(attributes[key])}-changed`;
      else attributes.contractTestsMarker = this.runId;
    }
    body.attributes = attributes;
    return body;
  }

  async createSpvRequest(ctx: CheckContext, input: { key?: string; body?: unknown } = {}) {
    const key = input.key ?? randomUUID();
    const body = input.body ?? this.spvRequestBody();
    const response = await ctx.call('createSpvRequest', { json: body, headers: { 'idempotency-key': key } });
    return { key, body, response, slug: slugOf(response) };
  }

  /** {@link createSpvRequest}, expecting 201 with a slug; `undefined` (the failure recorded as `what`) otherwise. */
  async createdSpvRequest(ctx: CheckContext, what: string) {
    const created = await this.createSpvRequest(ctx);
    if (!ctx.expectStatus(created.response, 201, what) || !created.slug) return undefined;
    return { ...created, slug: created.slug };
  }

  /** An investor row from the spec's example, made unique for this run. */
  investorRow(): any {
    const rows: any[] = this.example('bulkCreateInvestors')?.investors ?? [];
    const row = structuredClone(rows[0] ?? {});
    const id = this.unique('ct-inv');
    row.partnerInvestorId = id;
    row.email = `${id}@example.com`;
    return row;
  }

  /** Registers a new investor and returns its `zestPersonId`. */
  async freshPerson(ctx: CheckContext): Promise<string> {
    const row = this.investorRow();
    const response = await ctx.call('bulkCreateInvestors', { json: { investors: [row] } });
    if (!ctx.expectStatus(response, 200, 'creating an investor for this check')) ctx.fail('no investor to work with');
    const result = response.json?.results?.[0];
    if (!result?.zestPersonId) ctx.fail(`creating an investor returned no zestPersonId: ${JSON.stringify(result)}`);
    return result.zestPersonId as string;
  }

  /**
   * An SPV the partner may subscribe to: `--spv-slug` when given, otherwise an SPV request created here and
   * approved through the sandbox admin API. Shared by every check that needs one.
   */
  approvedSpv(ctx: CheckContext): Promise<ApprovedSpv> {
    if (this.options.spvSlug) {
      if (!this.options.shareClassSlug)
        ctx.notApplicable('--spv-slug is set but --share-class-slug is not; both are needed to subscribe');
      return Promise.resolve({ spvSlug: this.options.spvSlug, shareClassSlug: this.options.shareClassSlug! });
    }
    const admin = this.admin;
    if (!admin) {
      ctx.notApplicable(
        'needs an approved SPV: pass --spv-slug and --share-class-slug, or target a sandbox with the /sandbox admin API',
      );
    }
    this.approved ??= (async () => {
      const created = await this.createdSpvRequest(ctx, 'creating the SPV request to approve');
      if (!created) ctx.fail('could not create an SPV request to approve');
      await admin.approveSpvRequest(created.slug);
      this.adminEmitted.add('spv_request.completed');
      const read = await ctx.call('getSpvRequest', { params: { slug: created.slug } });
      ctx.expectStatus(read, 200, 'reading the approved SPV request');
      const spvSlug = read.json?.materialisedRefs?.vehicleSlug;
      const shareClassSlug = this.options.shareClassSlug ?? read.json?.feesAndCarry?.shareClasses?.[0]?.slug;
      if (read.json?.status !== 'approved')
        ctx.fail(`after approval the SPV request has status ${read.json?.status}, expected approved`);
      if (typeof spvSlug !== 'string') ctx.fail('the approved SPV request has no materialisedRefs.vehicleSlug');
      if (typeof shareClassSlug !== 'string')
        ctx.fail('the approved SPV request has no feesAndCarry.shareClasses[0].slug');
      return { spvSlug, shareClassSlug, spvRequestSlug: created.slug };
    })();
    // A failed approval is not cached: the next check that needs an SPV reports its own failure.
    return this.approved.catch((error) => {
      this.approved = undefined;
      throw error;
    });
  }

  /** A subscription row from the spec's example for this person and share class. */
  subscriptionRow(personId: string, shareClassSlug: string): any {
    const rows: any[] = this.example('createSubscriptions')?.subscriptions ?? [];
    const row = structuredClone(rows[0] ?? {});
    row.zestPersonId = personId;
    row.shareClassSlug = shareClassSlug;
    row.partnerSubscriptionId = this.unique('ct-sub');
    return row;
  }

  /** A new subscription with nothing uploaded yet, for the upload checks. */
  async freshSubscription(ctx: CheckContext): Promise<Subscription> {
    const spv = await this.approvedSpv(ctx);
    const personId = await this.freshPerson(ctx);
    const response = await ctx.call('createSubscriptions', {
      params: { spvSlug: spv.spvSlug },
      json: { subscriptions: [this.subscriptionRow(personId, spv.shareClassSlug)] },
    });
    if (!ctx.expectStatus(response, 201, 'creating a subscription for this check'))
      ctx.fail('no subscription to upload to');
    return { spvSlug: spv.spvSlug, personId, subscriptionSlug: response.json?.results?.[0]?.subscriptionSlug };
  }
}

/** How many events of each type the suite caused outside spec operations. */
export class EventTally extends Map<string, number> {
  add(eventType: string): this {
    return this.set(eventType, (this.get(eventType) ?? 0) + 1);
  }
}

export function slugOf(response: ApiResponse): string | undefined {
  const slug = response.json?.spvRequestSlug;
  return typeof slug === 'string' ? slug : undefined;
}
