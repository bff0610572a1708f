import { requirePartner, type Handler, type Reply } from '../http/context.js';
import type { ValidationItem } from '../http/errors.js';
import { personKey, type Deps, type PersonRecord, type Schemas } from './deps.js';
import { newId } from './ids.js';

type Row = Schemas['InvestorCreateRow'];
type RowResult = Schemas['InvestorRowResult'];

function failed(raw: unknown, index: number, problems: ValidationItem[]): RowResult {
  const first = problems[0]!;
  const prefix = `investors[${index}].`;
  const field = String(first.field ?? first.attribute ?? '');
  const id = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).partnerInvestorId : undefined;
  return {
    partnerInvestorId: typeof id === 'string' ? id : '',
    status: 'failed',
    error: {
      code: first.code,
      ...(field.startsWith(prefix) ? { field: field.slice(prefix.length) } : {}),
      message: problems.map((p) => p.message.replace(prefix, '')).join('; '),
      retryable: false,
    },
  };
}

/**
 * Bulk investors: always 200, one result per row in request order. A row that breaks the schema is `failed`
 * (with the first problem's code and field) without affecting the others; a `partnerInvestorId` this partner has
 * already registered, earlier or in the same batch, is `already_exists` with the same `zestPersonId` and no event.
 */
export function investorHandlers(deps: Deps): Record<string, Handler> {
  return {
    bulkCreateInvestors(ctx): Reply {
      const partner = requirePartner(ctx);
      const rows = (ctx.body as { investors: unknown[] }).investors;
      const results: RowResult[] = [];
      const now = deps.clock.nowIso();
      rows.forEach((raw, index) => {
        const problems = ctx.rowErrors.get(index);
        if (problems && problems.length > 0) {
          results.push(failed(raw, index, problems));
          return;
        }
        const row = raw as Row;
        const key = personKey(partner.clientId, row.partnerInvestorId);
        const existing = deps.store.get<string>('personByPartnerId', key);
        if (existing) {
          results.push({ partnerInvestorId: row.partnerInvestorId, status: 'already_exists', zestPersonId: existing });
          return;
        }
        const person: PersonRecord = {
          zestPersonId: newId('psn'),
          clientId: partner.clientId,
          partnerInvestorId: row.partnerInvestorId,
          email: row.email,
          firstName: row.firstName,
          lastName: row.lastName,
          dateOfBirth: row.dateOfBirth,
          ...(row.countryOfResidence ? { countryOfResidence: row.countryOfResidence } : {}),
          kycManagedBy: 'partner',
          createdAt: now,
        };
        deps.store.set('people', person.zestPersonId, person);
        deps.store.set('personByPartnerId', key, person.zestPersonId);
        deps.outbox.enqueue(
          partner.clientId,
          'investor.created',
          {
            partnerInvestorId: person.partnerInvestorId,
            zestPersonId: person.zestPersonId,
            email: person.email,
            firstName: person.firstName,
            lastName: person.lastName,
            kycManagedBy: 'partner',
          },
          now,
        );
        results.push({ partnerInvestorId: row.partnerInvestorId, status: 'created', zestPersonId: person.zestPersonId });
      });
      const body: Schemas['InvestorBulkResponse'] = { results };
      return { status: 200, body };
    },
  };
}
