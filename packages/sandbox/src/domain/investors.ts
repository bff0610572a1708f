import { type Handler, type Reply, requirePartner } from '../http/context.js';
import type { ValidationItem } from '../http/errors.js';
import { ownGet } from '../own.js';
import type { Deps } from './deps.js';
import { freshId } from './ids.js';
import type { PersonRecord, Schemas } from './records.js';

type Row = Schemas['InvestorCreateRow'];
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
 * `personByPartnerId` maps a `partnerInvestorId` to `[clientId, zestPersonId, clientId, zestPersonId, ...]` (one
 * pair per partner that registered that identifier; almost always one). It is keyed by the identifier as the
 * partner sent it so that the lookup every row needs hashes the string JSON.parse already produced: a composite
 * `client + "\n" + id` key had to be built, flattened and hashed per row, about a tenth of a 100-row request. Pairs
 * in an array rather than an object keyed by client id: no prototype members to trip over (`__proto__`), and an
 * array literal is several times cheaper to create than an object with a computed key.
 */
type PersonIndexEntry = readonly string[];

function personIdIn(entry: PersonIndexEntry | undefined, clientId: string): string | undefined {
  if (entry === undefined) return undefined;
  for (let i = 0; i < entry.length; i += 2) if (entry[i] === clientId) return entry[i + 1];
  return undefined;
}

/** A new, frozen entry (never changed in place: the store then needs no copy of it for a rollback). */
const withPerson = (entry: PersonIndexEntry | undefined, clientId: string, zestPersonId: string): PersonIndexEntry =>
  Object.freeze(entry === undefined ? [clientId, zestPersonId] : [...entry, clientId, zestPersonId]);

/**
 * Store files written before the index was keyed by `partnerInvestorId` hold `"<clientId>\n<id>" -> zestPersonId`
 * rows; rebuild them from `people` (which carries both halves) once, at start-up.
 */
function migrateLegacyIndex(deps: Deps): void {
  let legacy = false;
  for (const value of deps.store.values<unknown>('personByPartnerId')) {
    if (typeof value === 'string') {
      legacy = true;
      break;
    }
  }
  if (!legacy) return;
  for (const person of [...deps.store.values<PersonRecord>('people')]) {
    const legacyKey = `${person.clientId}\n${person.partnerInvestorId}`;
    if (deps.store.get<unknown>('personByPartnerId', legacyKey) !== person.zestPersonId) continue;
    deps.store.delete('personByPartnerId', legacyKey);
    const entry = deps.store.get<PersonIndexEntry>('personByPartnerId', person.partnerInvestorId);
    deps.store.set(
      'personByPartnerId',
      person.partnerInvestorId,
      withPerson(entry, person.clientId, person.zestPersonId),
    );
  }
}

/**
 * A person record, made by one object literal with or without `countryOfResidence` rather than by adding it after:
 * a member added to a literal's object afterwards goes into a separate property array, about 44 more bytes for each
 * of the million people a long-running sandbox may keep.
 */
function newPerson(zestPersonId: string, clientId: string, row: Row, createdAt: string): PersonRecord {
  const { partnerInvestorId, email, firstName, lastName, dateOfBirth, countryOfResidence } = row;
  return countryOfResidence
    ? {
        zestPersonId,
        clientId,
        partnerInvestorId,
        email,
        firstName,
        lastName,
        dateOfBirth,
        kycManagedBy: 'partner',
        createdAt,
        countryOfResidence,
      }
    : {
        zestPersonId,
        clientId,
        partnerInvestorId,
        email,
        firstName,
        lastName,
        dateOfBirth,
        kycManagedBy: 'partner',
        createdAt,
      };
}

/**
 * Bulk investors: always 200, one result per row in request order. A row that breaks the schema is `failed`
 * (with the first problem's code and field) without affecting the others; a `partnerInvestorId` this partner has
 * already registered, earlier or in the same batch, is `already_exists` with the same `zestPersonId` and no event.
 */
export function investorHandlers(deps: Deps): Record<string, Handler> {
  migrateLegacyIndex(deps);
  return {
    bulkCreateInvestors(ctx): Reply {
      const { clientId } = requirePartner(ctx);
      const rows = (ctx.body as { investors: unknown[] }).investors;
      const results: RowResult[] = [];
      let now: string | undefined;
      for (let index = 0; index < rows.length; index++) {
        const problems = ctx.rowErrors.size > 0 ? ctx.rowErrors.get(index) : undefined;
        if (problems && problems.length > 0) {
          results.push(failed(rows[index], index, problems));
          continue;
        }
        const row = rows[index] as Row;
        const partnerInvestorId = row.partnerInvestorId;
        const entry = deps.store.get<PersonIndexEntry>('personByPartnerId', partnerInvestorId);
        const existing = personIdIn(entry, clientId);
        if (existing !== undefined) {
          results.push({ partnerInvestorId, status: 'already_exists', zestPersonId: existing });
          continue;
        }
        now ??= deps.clock.nowIso();
        const person = newPerson(freshId(deps.store, 'people', 'psn'), clientId, row, now);
        deps.store.set('people', person.zestPersonId, person);
        deps.store.set('personByPartnerId', partnerInvestorId, withPerson(entry, clientId, person.zestPersonId));
        deps.outbox.enqueue(
          clientId,
          'investor.created',
          {
            partnerInvestorId,
            zestPersonId: person.zestPersonId,
            email: person.email,
            firstName: person.firstName,
            lastName: person.lastName,
            kycManagedBy: 'partner',
          },
          now,
        );
        results.push({ partnerInvestorId, status: 'created', zestPersonId: person.zestPersonId });
      }
      const body: Schemas['InvestorBulkResponse'] = { results };
      return { status: 200, body };
    },
  };
}
