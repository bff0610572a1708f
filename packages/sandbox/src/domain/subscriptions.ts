import { isPositiveDecimal } from '../decimal.js';
import { type Handler, type Reply, type RequestContext, requirePartner } from '../http/context.js';
import { ApiError, conflict, notFound, type ValidationItem, validationFailed, validationItem } from '../http/errors.js';
import { checkUploadType } from '../http/multipart.js';
import type { Deps } from './deps.js';
import { freshId } from './ids.js';
import type { PersonRecord, Schemas, SpvRecord, SubscriptionRecord } from './records.js';

function ownedSpv(deps: Deps, clientId: string, spvSlug: string): SpvRecord {
  const spv = deps.store.get<SpvRecord>('spvs', spvSlug);
  if (!spv || spv.clientId !== clientId) throw notFound(`SPV ${spvSlug} was not found.`);
  return spv;
}

function ownedPerson(deps: Deps, clientId: string, personId: string): PersonRecord | undefined {
  const person = deps.people.person(personId);
  return person && person.clientId === clientId ? person : undefined;
}

function result(sub: SubscriptionRecord): Schemas['SubscriptionResult'] {
  return {
    subscriptionSlug: sub.subscriptionSlug,
    spvSlug: sub.spvSlug,
    personId: sub.personId,
    status: sub.status,
    lumpSum: sub.lumpSum,
    shareClassSlug: sub.shareClassSlug,
    ...(sub.partnerSubscriptionId !== undefined ? { partnerSubscriptionId: sub.partnerSubscriptionId } : {}),
  };
}

/**
 * The subscription an upload path (spvSlug, personId) addresses: the person's most recent subscription in that
 * SPV that is not completed, or, if all are completed, the most recent one (so the caller gets 409 terminal).
 */
function addressedSubscription(deps: Deps, clientId: string, spvSlug: string, personId: string): SubscriptionRecord {
  ownedSpv(deps, clientId, spvSlug);
  if (!ownedPerson(deps, clientId, personId)) throw notFound(`Person ${personId} was not found.`);
  let latest: SubscriptionRecord | undefined;
  let open: SubscriptionRecord | undefined;
  for (const sub of deps.store.values<SubscriptionRecord>('subscriptions')) {
    if (sub.clientId !== clientId || sub.spvSlug !== spvSlug || sub.personId !== personId) continue;
    latest = sub;
    if (sub.status !== 'completed') open = sub;
  }
  const sub = open ?? latest;
  if (!sub) throw notFound(`Person ${personId} has no subscription in SPV ${spvSlug}.`);
  if (sub.status === 'completed')
    throw conflict(`Subscription ${sub.subscriptionSlug} is completed (terminal); it accepts no more uploads.`);
  return sub;
}

/** All or nothing: every row is checked before anything is written; one bad row fails the whole request. */
function createSubscriptions(deps: Deps, ctx: RequestContext): Reply {
  const partner = requirePartner(ctx);
  const spv = ownedSpv(deps, partner.clientId, ctx.params.spvSlug!);
  const rows = (ctx.body as Schemas['SubscriptionBulkCreate']).subscriptions;
  const problems: ValidationItem[] = [];
  if (rows.length === 0)
    problems.push(validationItem('subscriptions', 'required', 'subscriptions needs at least one row'));
  const people: PersonRecord[] = [];
  rows.forEach((row, i) => {
    const person = ownedPerson(deps, partner.clientId, row.zestPersonId);
    if (!person) throw notFound(`Person ${row.zestPersonId} (subscriptions[${i}].zestPersonId) was not found.`);
    people.push(person);
    if (!spv.shareClassSlugs.includes(row.shareClassSlug)) {
      problems.push(
        validationItem(
          `subscriptions[${i}].shareClassSlug`,
          'enum',
          `subscriptions[${i}].shareClassSlug must be one of ${spv.shareClassSlugs.join(', ') || '(none: the SPV has no share classes)'}`,
          row.shareClassSlug,
        ),
      );
    }
    if (spv.currency && row.lumpSum.currency !== spv.currency) {
      problems.push(
        validationItem(
          `subscriptions[${i}].lumpSum.currency`,
          'currency_mismatch',
          `lumpSum.currency must be the SPV currency ${spv.currency}`,
          row.lumpSum.currency,
        ),
      );
    }
    if (!isPositiveDecimal(row.lumpSum.value)) {
      problems.push(
        validationItem(
          `subscriptions[${i}].lumpSum.value`,
          'min_value',
          'lumpSum.value must be greater than 0',
          row.lumpSum.value,
        ),
      );
    }
  });
  if (problems.length > 0) throw validationFailed(problems, 'No subscription was created: every row must be valid.');
  const now = deps.clock.nowIso();
  const created: SubscriptionRecord[] = [];
  for (const [i, row] of rows.entries()) {
    const sub: SubscriptionRecord = {
      // Stored before the next is minted, so `freshId` also keeps the slugs of one batch apart.
      subscriptionSlug: freshId(deps.store, 'subscriptions', 'sub'),
      clientId: partner.clientId,
      spvSlug: spv.spvSlug,
      personId: row.zestPersonId,
      ...(row.partnerSubscriptionId !== undefined ? { partnerSubscriptionId: row.partnerSubscriptionId } : {}),
      partnerInvestorId: people[i]!.partnerInvestorId,
      lumpSum: { currency: row.lumpSum.currency, value: row.lumpSum.value },
      shareClassSlug: row.shareClassSlug,
      status: 'pending',
      createdAt: now,
    };
    created.push(sub);
    deps.store.set('subscriptions', sub.subscriptionSlug, sub);
    deps.outbox.enqueue(
      partner.clientId,
      'subscription.created',
      {
        subscriptionSlug: sub.subscriptionSlug,
        spvSlug: sub.spvSlug,
        personId: sub.personId,
        ...(sub.partnerSubscriptionId !== undefined ? { partnerSubscriptionId: sub.partnerSubscriptionId } : {}),
        lumpSum: sub.lumpSum,
        shareClassSlug: sub.shareClassSlug,
        status: 'pending',
      },
      now,
    );
  }
  const body: Schemas['SubscriptionBulkResponse'] = { results: created.map(result) };
  return { status: 201, body };
}

async function uploadSubscriptionForm(deps: Deps, ctx: RequestContext): Promise<Reply> {
  const partner = requirePartner(ctx);
  const sub = addressedSubscription(deps, partner.clientId, ctx.params.spvSlug!, ctx.params.personId!);
  const { file, limits } = await ctx.multipart();
  const type = checkUploadType(file!, limits);
  // Uploads are content-addressed: the same bytes again are a no-op that answers like the first time.
  const stored = deps.files.save('forms', type, file!.filename, file!.bytes);
  const current = deps.store.get<SubscriptionRecord>('subscriptions', sub.subscriptionSlug)!;
  if (current.status === 'completed') throw conflict(`Subscription ${sub.subscriptionSlug} is completed (terminal).`);
  let uploadedAt = current.form?.sha256 === stored.sha256 ? current.form.uploadedAt : undefined;
  if (!uploadedAt) {
    uploadedAt = deps.clock.nowIso();
    current.form = { fileId: stored.fileId, sha256: stored.sha256, uploadedAt };
    deps.store.set('subscriptions', current.subscriptionSlug, current);
    deps.outbox.enqueue(
      partner.clientId,
      'signed_subscription_form.uploaded',
      {
        subscriptionSlug: current.subscriptionSlug,
        spvSlug: current.spvSlug,
        personId: current.personId,
        ...(current.partnerInvestorId ? { partnerInvestorId: current.partnerInvestorId } : {}),
        subscriptionFormUrl: deps.files.signedUrl(stored.fileId),
        uploadedAt,
      },
      uploadedAt,
    );
  }
  const body: Schemas['FormUploadResponse'] = {
    subscriptionSlug: current.subscriptionSlug,
    spvSlug: current.spvSlug,
    personId: current.personId,
    subscriptionFormUrl: deps.files.signedUrl(stored.fileId),
    uploadedAt,
  };
  return { status: 201, body };
}

async function uploadFundingReceipt(deps: Deps, ctx: RequestContext): Promise<Reply> {
  const partner = requirePartner(ctx);
  const sub = addressedSubscription(deps, partner.clientId, ctx.params.spvSlug!, ctx.params.personId!);
  if (!sub.form)
    throw conflict(`Upload the signed subscription form of ${sub.subscriptionSlug} before its funding receipt.`);
  const { fields, file, limits } = await ctx.multipart();
  const amount = fields.amount!;
  const currency = fields.currency!;
  const wireReference = fields.wireReference!;
  const problems: ValidationItem[] = [];
  if (currency !== sub.lumpSum.currency) {
    problems.push(
      validationItem(
        'currency',
        'currency_mismatch',
        `currency must be the subscription currency ${sub.lumpSum.currency}`,
        currency,
      ),
    );
  }
  if (!isPositiveDecimal(amount))
    problems.push(validationItem('amount', 'min_value', 'amount must be greater than 0', amount));
  if (problems.length > 0) throw validationFailed(problems);
  const type = checkUploadType(file!, limits);
  const stored = deps.files.save('receipts', type, file!.filename, file!.bytes);
  const current = deps.store.get<SubscriptionRecord>('subscriptions', sub.subscriptionSlug)!;
  if (current.status === 'completed') throw conflict(`Subscription ${sub.subscriptionSlug} is completed (terminal).`);
  const same =
    current.funding &&
    current.funding.sha256 === stored.sha256 &&
    current.funding.amount === amount &&
    current.funding.currency === currency &&
    current.funding.wireReference === wireReference;
  let uploadedAt = same ? current.funding!.uploadedAt : undefined;
  if (!uploadedAt) {
    uploadedAt = deps.clock.nowIso();
    current.funding = { fileId: stored.fileId, sha256: stored.sha256, uploadedAt, amount, currency, wireReference };
    deps.store.set('subscriptions', current.subscriptionSlug, current);
    deps.outbox.enqueue(
      partner.clientId,
      'funding_receipt.uploaded',
      {
        subscriptionSlug: current.subscriptionSlug,
        spvSlug: current.spvSlug,
        personId: current.personId,
        ...(current.partnerInvestorId ? { partnerInvestorId: current.partnerInvestorId } : {}),
        fundingReceiptUrl: deps.files.signedUrl(stored.fileId),
        amount,
        currency,
        wireReference,
        uploadedAt,
      },
      uploadedAt,
    );
  }
  const body: Schemas['FundingUploadResponse'] = {
    subscriptionSlug: current.subscriptionSlug,
    spvSlug: current.spvSlug,
    personId: current.personId,
    fundingReceiptUrl: deps.files.signedUrl(stored.fileId),
    amount,
    currency,
    wireReference,
    uploadedAt,
  };
  return { status: 201, body };
}

export function subscriptionHandlers(deps: Deps): Record<string, Handler> {
  return {
    createSubscriptions: (ctx) => createSubscriptions(deps, ctx),
    uploadSubscriptionForm: (ctx) => uploadSubscriptionForm(deps, ctx),
    uploadFundingReceipt: (ctx) => uploadFundingReceipt(deps, ctx),
  };
}

/** Admin: mark a subscription completed (the wire was reconciled). Needs the funding receipt on record. */
export function completeSubscription(deps: Deps, subscriptionSlug: string): SubscriptionRecord {
  const sub = deps.store.get<SubscriptionRecord>('subscriptions', subscriptionSlug);
  if (!sub) throw notFound(`Subscription ${subscriptionSlug} was not found.`);
  if (sub.status === 'completed') throw conflict(`Subscription ${subscriptionSlug} is already completed.`);
  if (!sub.funding)
    throw new ApiError(409, 'conflict', `Subscription ${subscriptionSlug} has no funding receipt on record yet.`);
  const now = deps.clock.nowIso();
  sub.status = 'completed';
  sub.completedAt = now;
  deps.store.set('subscriptions', sub.subscriptionSlug, sub);
  deps.outbox.enqueue(
    sub.clientId,
    'subscription.completed',
    {
      subscriptionSlug: sub.subscriptionSlug,
      spvSlug: sub.spvSlug,
      personId: sub.personId,
      ...(sub.partnerInvestorId ? { partnerInvestorId: sub.partnerInvestorId } : {}),
      ...(sub.partnerSubscriptionId !== undefined ? { partnerSubscriptionId: sub.partnerSubscriptionId } : {}),
      completedAt: now,
      status: 'completed',
    },
    now,
  );
  return sub;
}

export function subscriptionView(sub: SubscriptionRecord): Record<string, unknown> {
  const { form, funding, ...rest } = sub;
  return {
    ...rest,
    formUploadedAt: form?.uploadedAt ?? null,
    fundingUploadedAt: funding?.uploadedAt ?? null,
  };
}
