import { describe, expectTypeOf, it } from 'vitest';
import type {
  InvestorCreateRow,
  operations,
  PartnerError,
  paths,
  SpvRequest,
  SpvRequestCreate,
  SpvRequestStatus,
  WebhookEvent,
  WebhookEventOf,
  WebhookEventType,
} from '../src/index.js';

describe('request bodies', () => {
  it('accepts a complete SPV request body', () => {
    const body: SpvRequestCreate = {
      templateId: 'syndicate_secondary',
      templateVersion: '1.0.0',
      attributes: { currency: 'USD' },
    };
    expectTypeOf(body).toMatchTypeOf<SpvRequestCreate>();
  });

  it('rejects a body missing a required field', () => {
    // @ts-expect-error attributes is required
    const body: SpvRequestCreate = { templateId: 'syndicate_secondary', templateVersion: '1.0.0' };
    void body;
  });

  it('rejects a wrongly typed field in an investor row', () => {
    const row: InvestorCreateRow = {
      partnerInvestorId: 'acme-inv-1',
      email: 'alice@example.com',
      firstName: 'Alice',
      lastName: 'Doe',
      // @ts-expect-error dateOfBirth is an ISO date string, not a Date
      dateOfBirth: new Date(),
    };
    void row;
  });
});

describe('enums', () => {
  it('narrows SPV request status to the documented values', () => {
    expectTypeOf<SpvRequestStatus>().toEqualTypeOf<'pending-review' | 'approved' | 'rejected' | 'cancelled'>();
    // @ts-expect-error not a status
    const status: SpvRequestStatus = 'pending';
    void status;
  });
});

describe('responses and errors', () => {
  it('exposes the SPV request response under a friendly name', () => {
    expectTypeOf<SpvRequest['status']>().toEqualTypeOf<SpvRequestStatus>();
    expectTypeOf<
      paths['/v1/spv-requests/{slug}']['get']['responses'][200]['content']['application/json']
    >().toEqualTypeOf<SpvRequest>();
  });

  it('types the partner error envelope', () => {
    expectTypeOf<PartnerError['errorId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PartnerError>().toHaveProperty('code');
  });

  it('requires the Idempotency-Key header on createSpvRequest only', () => {
    type CreateHeaders = operations['createSpvRequest']['parameters']['header'];
    expectTypeOf<CreateHeaders>().toHaveProperty('Idempotency-Key');
    // @ts-expect-error the key is required when creating an SPV request
    const missing: CreateHeaders = {};
    void missing;
    const optional: operations['bulkCreateInvestors']['parameters']['header'] = {};
    void optional;
  });
});

describe('webhooks', () => {
  it('has the nine event types', () => {
    expectTypeOf<WebhookEventType>().toEqualTypeOf<
      | 'spv_request.created'
      | 'spv_request.completed'
      | 'spv_request.rejected'
      | 'spv_request.cancelled'
      | 'investor.created'
      | 'subscription.created'
      | 'signed_subscription_form.uploaded'
      | 'funding_receipt.uploaded'
      | 'subscription.completed'
    >();
  });

  it('discriminates the union by eventType', () => {
    const handle = (event: WebhookEvent) => {
      if (event.eventType === 'spv_request.completed') {
        expectTypeOf(event.data.materialisedRefs.vehicleSlug).toEqualTypeOf<string>();
      }
      if (event.eventType === 'funding_receipt.uploaded') {
        expectTypeOf(event.data.wireReference).toEqualTypeOf<string>();
        // @ts-expect-error a funding receipt carries no materialised refs
        void event.data.materialisedRefs;
      }
    };
    void handle;
    expectTypeOf<WebhookEventOf<'investor.created'>['eventType']>().toEqualTypeOf<'investor.created'>();
  });
});
