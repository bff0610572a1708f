// The bulk create writes its answer's JSON text itself, row by row, instead of JSON.stringify of the whole answer
// (`domain/investors.ts`, faster on 100 rows). These tests hold that text to JSON.stringify's for every kind of
// character a partner's identifier can hold, and show that a text that differs from its body cannot leave unseen.
import { afterAll, describe, expect, it } from 'vitest';
import { ResponseCheckError, ResponseChecker } from '../src/pipeline/check-response.js';
import { authedClient, makePartner, startTestSandbox } from './helpers.js';

// Identifiers JSON.stringify writes as they are (a body carrying only these has no backslash), and ones it escapes
// (with a backslash, or as \u00XX): the answer is written differently for bodies with and without a backslash.
const AS_THEY_ARE = [
  'plain-1',
  'delete\u007f',
  'é and ü',
  '東京',
  'rocket 🚀',
  '</script><script>',
  'line\u2028separator',
  '',
  ' ',
  "'single'",
  'x'.repeat(500),
];
const ESCAPED = ['a "quoted" id', 'back\\slash', 'tab\there', 'new\nline', 'nul\u0000and\u001f'];

describe('the bulk create answer', () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it.each([
    ['identifiers written as they are', AS_THEY_ARE],
    ['identifiers that need escapes', ESCAPED],
    ['both', [...AS_THEY_ARE, ...ESCAPED]],
  ])('is exactly JSON.stringify of its results, for %s', async (_, IDS) => {
    const partner = makePartner();
    const sandbox = await startTestSandbox([partner]);
    stops.push(() => sandbox.stop());
    const api = await authedClient(sandbox, partner);
    const rows = IDS.map((partnerInvestorId) => ({
      partnerInvestorId,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      dateOfBirth: '1990-01-01',
    }));
    // New rows, then the same rows again (found in the batch just made), then a failed row among known ones.
    const answers = [];
    for (const investors of [rows, rows, [...rows.slice(0, 3), { partnerInvestorId: 'bad "row"' }, rows[3]]])
      answers.push(await api.call('POST', '/v1/investors', { json: { investors } }));
    for (const answer of answers) {
      expect(answer.status, answer.text).toBe(200);
      expect(answer.text).toBe(JSON.stringify(JSON.parse(answer.text)));
    }
    const statuses = answers.map((a) => a.body.results.map((r: { status: string }) => r.status));
    expect(statuses[0]).toEqual(IDS.map(() => 'created'));
    expect(statuses[1]).toEqual(IDS.map(() => 'already_exists'));
    expect(statuses[2]).toEqual(['already_exists', 'already_exists', 'already_exists', 'failed', 'already_exists']);
    // What the partner sent had a backslash exactly when some identifier needs an escape.
    expect(JSON.stringify({ investors: rows }).includes('\\')).toBe(IDS !== AS_THEY_ARE);
    expect(answers[1]!.body.results.map((r: { partnerInvestorId: string }) => r.partnerInvestorId)).toEqual(IDS);
    expect(answers[1]!.body.results).toEqual(
      answers[0]!.body.results.map((r: object) => ({ ...r, status: 'already_exists' })),
    );
    // The sandbox compared each handler-written text with JSON.stringify of its body (response checks are on).
    expect(sandbox.responseProblems).toEqual([]);
  });
});

describe('the response check', () => {
  it('fails an answer whose handler-written text is not JSON.stringify of its body', () => {
    const checker = new ResponseChecker(true, {} as never);
    expect(() => checker.check(undefined, undefined, 200, { a: 1 }, '{"a":1}')).not.toThrow();
    expect(() => checker.check(undefined, undefined, 200, { a: 1 }, '{"a":2}')).toThrow(ResponseCheckError);
    expect(() => checker.check(undefined, undefined, 200, { a: 'é' }, '{"a":"\\u00e9"}')).toThrow(ResponseCheckError);
    expect(checker.problems).toHaveLength(2);
  });
});
