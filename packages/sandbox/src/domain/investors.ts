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

/** Strings `JSON.stringify` writes as they are between quotes: printable ASCII without `"` and `\`. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const jsonString = (text: string): string => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));

const CREATED = '","status":"created","zestPersonId":"';
const EXISTS = '","status":"already_exists","zestPersonId":"';

/**
 * The answer's JSON text, exactly as `JSON.stringify` writes it: `JSON.stringify` of the 100 results of a request
 * whose rows all existed was about a seventh of its CPU, as it checks every character of every string for escapes.
 * Here no string is checked when none can need an escape: a `partnerInvestorId` read from a JSON text without a
 * backslash (`plainIds`) holds no quote, backslash or lone surrogate, and control characters cannot appear in JSON
 * strings unescaped; a `zestPersonId` is the sandbox's own (`psn_` and hex digits). A result with an error is rare
 * and written by `JSON.stringify`.
 */
function resultsJson(results: readonly RowResult[], plainIds: boolean): string {
  let json = '{"results":[';
  for (let i = 0; i < results.length; i++) {
    const { partnerInvestorId, status, zestPersonId } = results[i]!;
    if (i > 0) json += ',';
    if (status === 'failed' || zestPersonId === undefined) json += JSON.stringify(results[i]);
    else if (plainIds)
      json += `{"partnerInvestorId":"${partnerInvestorId}${status === 'created' ? CREATED : EXISTS}${zestPersonId}"}`;
    else
      json += `{"partnerInvestorId":${jsonString(partnerInvestorId)}${(status === 'created' ? CREATED : EXISTS).slice(1)}${zestPersonId}"}`;
  }
  return `${json}]}`;
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
      if (draft.rows.length > 0) {
        const now = deps.clock.nowIso();
        const batch = deps.people.commit(draft, now, ctx.jsonText, rows.length)!;
        deps.outbox.investorsCreated(batch, draft.rows, now);
      }
      const body: Schemas['InvestorBulkResponse'] = { results };
      const plainIds = ctx.jsonText !== undefined && ctx.jsonText.indexOf('\\') === -1;
      return { status: 200, body, json: resultsJson(results, plainIds) };
    },
  };
}
