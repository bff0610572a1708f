#!/usr/bin/env node
// `node bench/costs.mjs`: what the unavoidable steps of one goal request cost in isolation, in this process, with
// no network: JSON.parse of the 100-row body, the checks a hostile body needs before anything walks it (nesting,
// array size, duplicate keys, strict UTF-8), the sandbox's own compiled request validator on it, JSON.stringify of
// the 100-result answer and its conversion to bytes. Run after `pnpm turbo run build --filter=@zestequity/partner-sandbox...`.
import {
  checkJsonShape,
  checkNoDuplicateKeys,
  membersMatchText,
  parsedShape,
  textIsCompactSpelling,
} from '../dist/http/json-shape.js';
import { decodeUtf8 } from '../dist/http/text.js';
import { listOperations, loadBundledSpec } from '../dist/spec/openapi.js';
import { compileSpec } from '../dist/spec/validators.js';

const ROUNDS = Number(process.env.COSTS_ROUNDS ?? 20000);

const spec = loadBundledSpec();
const compiled = compileSpec(spec, listOperations(spec), { responses: false });
const validate = compiled.operations.get('bulkCreateInvestors').bodies.get('application/json');

// The bench's body (bench/run.mjs investorsBody) and the answer the sandbox gives to it once the rows exist.
const investors = Array.from({ length: 100 }, (_, i) => ({
  partnerInvestorId: `existing-${i}`,
  email: `investor${i}@example.com`,
  firstName: 'Alice',
  lastName: 'Liddell',
  dateOfBirth: '1985-04-12',
  countryOfResidence: 'AE',
}));
const bytes = Buffer.from(JSON.stringify({ investors }), 'utf8');
const parsed = JSON.parse(bytes.toString('utf8'));
if (!validate(parsed)) throw new Error('the bench body does not validate');
const results = parsed.investors.map((row, i) => ({
  partnerInvestorId: row.partnerInvestorId,
  status: 'already_exists',
  zestPersonId: `psn_${String(i).padStart(12, '0')}`,
}));
const answer = JSON.stringify({ results });

let sink;
function measure(name, fn) {
  for (let i = 0; i < ROUNDS / 10; i++) sink = fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) sink = fn();
  const micros = Number(process.hrtime.bigint() - start) / ROUNDS / 1000;
  console.log(`| ${name} | ${micros.toFixed(1)} |`);
  return micros;
}

console.log(
  `body ${bytes.length} bytes, answer ${Buffer.byteLength(answer)} bytes, Node ${process.version}, ${ROUNDS} rounds each`,
);
console.log('| step | µs |');
console.log('|---|---:|');
const parse = measure('bytes -> string -> JSON.parse (100-row body)', () => JSON.parse(bytes.toString('utf8')));
// What the server does for a body of this size (parsed first, its length compared with the value's compact
// spelling), and the two ways it falls back: counting colons (a body with whitespace, escapes or numbers) and the
// byte-by-byte scan (one with colons inside strings as well, and every body over 64 KiB, before it is parsed).
const guard = measure('nesting, array-size and duplicate-key checks (parsed value, length), strict UTF-8', () => {
  const text = decodeUtf8(bytes, 'The JSON body');
  if (!textIsCompactSpelling(text, parsedShape(parsed))) throw new Error('the bench body should take the fast path');
  return text;
});
measure('  the same checks counting colons (not in the sum)', () => {
  const text = decodeUtf8(bytes, 'The JSON body');
  if (!membersMatchText(text, parsedShape(parsed).members)) throw new Error('the bench body has no colon in a string');
  return text;
});
measure('  the same checks by the byte-by-byte scan (not in the sum)', () => {
  checkNoDuplicateKeys(parsedShape(parsed).members, checkJsonShape(bytes));
  return decodeUtf8(bytes, 'The JSON body');
});
const check = measure('ajv validator compiled from the spec (bulkCreateInvestors body)', () => validate(parsed));
const write = measure('JSON.stringify of the 100 results -> Buffer', () =>
  Buffer.from(JSON.stringify({ results }), 'utf8'),
);
console.log(`| sum | ${(parse + guard + check + write).toFixed(1)} |`);
void sink;
