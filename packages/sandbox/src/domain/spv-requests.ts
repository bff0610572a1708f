import { evaluateAttributes, type TemplateDocument } from '../contracts/evaluate.js';
import { type Handler, type Reply, type RequestContext, requirePartner } from '../http/context.js';
import { ApiError, conflict, notFound, validationFailed } from '../http/errors.js';
import { ownGet } from '../own.js';
import type { Deps } from './deps.js';
import { freshId, newId, slugify } from './ids.js';
import type { Schemas, SpvRecord, SpvRequestRecord } from './records.js';

type FeesAndCarryMapping = {
  list?: string;
  name: string;
  slug?: string;
  managementFeePercent?: string;
  carryPercent?: string;
  setupFee?: string;
};

/**
 * The share classes an approved SPV will offer, derived from the attributes through the template's
 * `feesAndCarry` mapping (a list attribute such as `shareClasses`, or single-class fields such as
 * `share_class_name`). Their slugs are what subscriptions name in `shareClassSlug`.
 */
function feesAndCarry(
  template: TemplateDocument,
  attributes: Record<string, unknown>,
): Schemas['FeesAndCarryResponse'] | undefined {
  const mapping = template.feesAndCarry as FeesAndCarryMapping | undefined;
  if (!mapping) return undefined;
  const sources: Record<string, unknown>[] = mapping.list
    ? (ownGet<Record<string, unknown>[]>(attributes, mapping.list) ?? [])
    : [attributes];
  const used = new Set<string>();
  const shareClasses: Schemas['ShareClassFeesAndCarry'][] = [];
  for (const source of sources) {
    const name = ownGet<unknown>(source, mapping.name);
    if (typeof name !== 'string') continue;
    const given = mapping.slug ? ownGet<unknown>(source, mapping.slug) : undefined;
    let slug = typeof given === 'string' ? given : `sc_${slugify(name)}`;
    for (let n = 2; used.has(slug); n++) slug = `${slug.replace(/-\d+$/, '')}-${n}`;
    used.add(slug);
    const entry: Schemas['ShareClassFeesAndCarry'] = { name, slug };
    const fee = mapping.managementFeePercent ? ownGet<unknown>(source, mapping.managementFeePercent) : undefined;
    const carry = mapping.carryPercent ? ownGet<unknown>(source, mapping.carryPercent) : undefined;
    const setup = mapping.setupFee ? ownGet<unknown>(source, mapping.setupFee) : undefined;
    if (typeof fee === 'string') entry.managementFeePercent = fee;
    if (typeof carry === 'string') entry.carryPercent = carry;
    if (setup && typeof setup === 'object') entry.setupFee = setup as Record<string, unknown>;
    shareClasses.push(entry);
  }
  return { shareClasses };
}

function findTemplate(deps: Deps, templateId: string, version: string): TemplateDocument {
  const registryVersion = deps.registry.versions.get(version);
  const template = registryVersion?.documents.templates.get(templateId) as TemplateDocument | undefined;
  if (!registryVersion || !template)
    throw notFound(`Contract template ${templateId} version ${version} was not found.`);
  return template;
}

export function ownedSpvRequest(deps: Deps, clientId: string, slug: string): SpvRequestRecord {
  const record = deps.store.get<SpvRequestRecord>('spvRequests', slug);
  if (!record || record.clientId !== clientId) throw notFound(`SPV request ${slug} was not found.`);
  return record;
}

function eventBase(record: SpvRequestRecord) {
  return {
    spvRequestSlug: record.spvRequestSlug,
    templateId: record.templateId,
    templateVersion: record.templateVersion,
    tenantSlug: record.tenantSlug,
    attributes: record.attributes,
  };
}

function listSpvRequests(deps: Deps, ctx: RequestContext): Reply {
  const partner = requirePartner(ctx);
  const page = ctx.query.page as number;
  const perPage = ctx.query.perPage as number;
  const status = ctx.query.status as string | undefined;
  const matching: SpvRequestRecord[] = [];
  for (const record of deps.store.values<SpvRequestRecord>('spvRequests')) {
    if (record.clientId === partner.clientId && (!status || record.status === status)) matching.push(record);
  }
  // Newest first (insertion order reversed, which is creation order).
  matching.reverse();
  const skip = (page - 1) * perPage;
  const body: Schemas['AggregationResponse'] = {
    documents: matching.slice(skip, skip + perPage),
    count: matching.length,
    skip,
    limit: perPage,
  };
  return { status: 200, body };
}

function createSpvRequest(deps: Deps, ctx: RequestContext): Reply {
  const partner = requirePartner(ctx);
  const input = ctx.body as Schemas['SpvRequestCreate'];
  const template = findTemplate(deps, input.templateId, input.templateVersion);
  const version = deps.registry.versions.get(input.templateVersion)!;
  const errors = evaluateAttributes(version, template, input.attributes);
  if (errors.length > 0)
    throw validationFailed(
      errors,
      `The attributes do not satisfy template ${input.templateId} ${input.templateVersion}.`,
    );
  const now = deps.clock.nowIso();
  const record: SpvRequestRecord = {
    spvRequestSlug: freshId(deps.store, 'spvRequests', 'svr'),
    status: 'pending-review',
    templateId: input.templateId,
    templateVersion: input.templateVersion,
    tenantSlug: partner.tenantSlug,
    clientId: partner.clientId,
    attributes: input.attributes,
    createdAt: now,
    updatedAt: now,
  };
  const fees = feesAndCarry(template, input.attributes);
  if (fees) record.feesAndCarry = fees;
  deps.store.set('spvRequests', record.spvRequestSlug, record);
  deps.outbox.enqueue(partner.clientId, 'spv_request.created', { ...eventBase(record), status: 'pending-review' }, now);
  return { status: 201, body: record };
}

function getSpvRequest(deps: Deps, ctx: RequestContext): Reply {
  const partner = requirePartner(ctx);
  return { status: 200, body: ownedSpvRequest(deps, partner.clientId, ctx.params.slug!) };
}

function cancelSpvRequest(deps: Deps, ctx: RequestContext): Reply {
  const partner = requirePartner(ctx);
  const record = ownedSpvRequest(deps, partner.clientId, ctx.params.slug!);
  if (record.status !== 'pending-review') {
    throw conflict(
      `SPV request ${record.spvRequestSlug} is ${record.status}; only a pending-review request can be cancelled.`,
    );
  }
  const now = deps.clock.nowIso();
  record.status = 'cancelled';
  record.cancelledAt = now;
  record.updatedAt = now;
  deps.store.set('spvRequests', record.spvRequestSlug, record);
  deps.outbox.enqueue(
    partner.clientId,
    'spv_request.cancelled',
    { ...eventBase(record), status: 'cancelled', cancelledAt: now },
    now,
  );
  return { status: 200, body: record };
}

export function spvRequestHandlers(deps: Deps): Record<string, Handler> {
  return {
    listSpvRequests: (ctx) => listSpvRequests(deps, ctx),
    createSpvRequest: (ctx) => createSpvRequest(deps, ctx),
    getSpvRequest: (ctx) => getSpvRequest(deps, ctx),
    cancelSpvRequest: (ctx) => cancelSpvRequest(deps, ctx),
  };
}

function pendingReview(deps: Deps, slug: string): SpvRequestRecord {
  const record = deps.store.get<SpvRequestRecord>('spvRequests', slug);
  if (!record) throw notFound(`SPV request ${slug} was not found.`);
  if (record.status !== 'pending-review')
    throw conflict(`SPV request ${slug} is ${record.status}; only a pending-review request can be reviewed.`);
  return record;
}

/** Admin: approve, materialising the opportunity, vehicle (the SPV), SP and SPC in one commit. */
export function approveSpvRequest(deps: Deps, slug: string): SpvRequestRecord {
  const record = pendingReview(deps, slug);
  const now = deps.clock.nowIso();
  const refs: Schemas['MaterialisedRefsResponse'] = {
    opportunitySlug: newId('opp'),
    vehicleSlug: freshId(deps.store, 'spvs', 'veh'),
    spSlug: newId('sp'),
    spcSlug: newId('spc'),
  };
  const template = deps.registry.versions.get(record.templateVersion)?.documents.templates.get(record.templateId) as
    | TemplateDocument
    | undefined;
  const currencyAttribute = template?.dealCurrencyAttribute;
  const currency = currencyAttribute ? ownGet<unknown>(record.attributes, currencyAttribute) : undefined;
  const spv: SpvRecord = {
    spvSlug: refs.vehicleSlug,
    clientId: record.clientId,
    spvRequestSlug: record.spvRequestSlug,
    currency: typeof currency === 'string' ? currency : undefined,
    shareClassSlugs: (record.feesAndCarry?.shareClasses ?? []).map((c) => c.slug),
    createdAt: now,
  };
  record.status = 'approved';
  record.approvedAt = now;
  record.updatedAt = now;
  record.materialisedRefs = refs;
  deps.store.set('spvs', spv.spvSlug, spv);
  deps.store.set('spvRequests', record.spvRequestSlug, record);
  deps.outbox.enqueue(
    record.clientId,
    'spv_request.completed',
    { ...eventBase(record), status: 'approved', materialisedRefs: refs, approvedAt: now },
    now,
  );
  return record;
}

/** Admin: reject with a human-readable reason (terminal). */
export function rejectSpvRequest(deps: Deps, slug: string, reason: unknown): SpvRequestRecord {
  if (typeof reason !== 'string' || reason.trim() === '')
    throw new ApiError(400, 'invalid_request', 'A non-empty "reason" is required to reject.');
  const record = pendingReview(deps, slug);
  const now = deps.clock.nowIso();
  record.status = 'rejected';
  record.rejectionReason = reason;
  record.updatedAt = now;
  deps.store.set('spvRequests', record.spvRequestSlug, record);
  deps.outbox.enqueue(
    record.clientId,
    'spv_request.rejected',
    { ...eventBase(record), status: 'rejected', rejectionReason: reason, rejectedAt: now },
    now,
  );
  return record;
}
