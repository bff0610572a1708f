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

/** A string as JSON text: itself between quotes when nothing in it needs an escape (nearly always), else as JSON.stringify writes it. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const jsonString = (text: string): string => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * A row's result as `JSON.stringify` writes it. The answer's text is written row by row as the rows are judged:
 * `JSON.stringify` of the whole answer was about a seventh of the CPU of a 100-row request whose rows all existed
 * (it checks every character of every string for escapes; here only a partner's own strings are checked, by one
 * regular expression each). A result with an error is rare and written by `JSON.stringify`.
 */
function resultJson(result: RowResult): string {
  if (result.status === 'failed' || result.zestPersonId === undefined) return JSON.stringify(result);
  return `{"partnerInvestorId":${jsonString(result.partnerInvestorId)},"status":"${result.status}","zestPersonId":${jsonString(result.zestPersonId)}}`;
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
        results.push(
          existing !== undefined
            ? { partnerInvestorId, status: 'already_exists', zestPersonId: existing }
            : { partnerInvestorId, status: 'created', zestPersonId: deps.people.add(draft, row) },
        );
      }
      let json = '{"results":[';
      for (let i = 0; i < results.length; i++)
        json += i === 0 ? resultJson(results[i]!) : `,${resultJson(results[i]!)}`;
      if (draft.rows.length > 0) {
        const now = deps.clock.nowIso();
        const batch = deps.people.commit(draft, now, ctx.jsonText, rows.length)!;
        deps.outbox.investorsCreated(batch, draft.rows, now);
      }
      const body: Schemas['InvestorBulkResponse'] = { results };
      return { status: 200, body, json: `${json}]}` };
    },
  };
}
