import { type Handler, type Reply, requirePartner } from '../http/context.js';
import type { ValidationItem } from '../http/errors.js';
import { ownGet } from '../own.js';
import type { Deps } from './deps.js';
import type { InvestorRow } from './people.js';
import type { Schemas } from './records.js';

type RowResult = Schemas['InvestorRowResult'];

function failed(raw: unknown, index: number, problems: ValidationItem[]): RowResult {
  const first = problems[0]!;
  const prefix = `investors[${index}].`;
  const field = String(first.field ?? first.attribute ?? '');
  const id = raw && typeof raw === 'object' ? ownGet<unknown>(raw, 'partnerInvestorId') : undefined;
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
      const { clientId } = requirePartner(ctx);
      const rows = (ctx.body as { investors: unknown[] }).investors;
      const results: RowResult[] = [];
      const draft = deps.people.begin(clientId);
      for (let index = 0; index < rows.length; index++) {
        const problems = ctx.rowErrors.size > 0 ? ctx.rowErrors.get(index) : undefined;
        if (problems && problems.length > 0) {
          results.push(failed(rows[index], index, problems));
          continue;
        }
        const row = rows[index] as InvestorRow;
        const partnerInvestorId = row.partnerInvestorId;
        const existing = deps.people.find(draft, partnerInvestorId);
        if (existing !== undefined) {
          results.push({ partnerInvestorId, status: 'already_exists', zestPersonId: existing });
          continue;
        }
        results.push({ partnerInvestorId, status: 'created', zestPersonId: deps.people.add(draft, row) });
      }
      if (draft.rows.length > 0) {
        const now = deps.clock.nowIso();
        const batch = deps.people.commit(draft, now, ctx.jsonText, rows.length)!;
        deps.outbox.investorsCreated(batch, draft.rows, now);
      }
      const body: Schemas['InvestorBulkResponse'] = { results };
      return { status: 200, body };
    },
  };
}
