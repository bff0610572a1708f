#!/usr/bin/env node
// Writes test-vectors/webhook-signatures.json: shared Zest-Signature cases with their expected results, used by this
// package's tests, the sandbox and the contract tests.
//
// Independent on purpose: signatures are computed here with node:crypto directly from the documented scheme
// (docs/design-decisions.md#webhook-signature), never with this package's code, so the vectors can catch a bug in the
// implementation instead of copying it. Secrets are fixed, obviously fake test values.
//
//   node scripts/generate-vectors.mjs          write the file
//   node scripts/generate-vectors.mjs --check  exit 1 if the committed file differs from what this script writes
//   --out <file>                               another file than the committed one (tests of the check itself)

import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `--out <file>` checks or writes another file: the drift test feeds `--check` a mutated copy.
const OUT = process.argv.includes('--out')
  ? process.argv[process.argv.indexOf('--out') + 1]
  : fileURLToPath(new URL('../test-vectors/webhook-signatures.json', import.meta.url));

// "test-vector-secret-a" / "test-vector-secret-b" in hex, behind the whsec_ prefix Zest uses.
const SECRET_A = `whsec_${Buffer.from('test-vector-secret-a').toString('hex')}`;
const SECRET_B = `whsec_${Buffer.from('test-vector-secret-b').toString('hex')}`;
const NOW = 1778150000; // 2026-05-07T10:33:20Z
const TOLERANCE = 300;

/** v1 as documented: lowercase hex HMAC-SHA256, key = whole secret as UTF-8, message = `<t>.<raw body>`. */
function v1(secret, t, body) {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${t}.`, 'ascii'), Buffer.from(body)]))
    .digest('hex');
}

function envelope(eventType, data, eventId = 'wde_00000000000000a1') {
  return { eventId, eventType, occurredAt: '2026-05-07T10:33:15.000Z', data };
}

const compact = Buffer.from(JSON.stringify(envelope('investor.created', { vector: 'compact body' })));
const pretty = Buffer.from(`${JSON.stringify(envelope('spv_request.created', { vector: 'pretty body' }), null, 2)}\n`);
const multibyte = Buffer.from(
  JSON.stringify(envelope('investor.created', { vector: 'utf-8 body', name: 'Zoë Ünal — 株式会社 🚀' })),
  'utf8',
);
const tampered = Buffer.from(compact.toString('utf8').replace('compact body', 'compact bodY'));
const reserialised = Buffer.from(JSON.stringify(JSON.parse(pretty.toString('utf8'))));

const valid = (extra = {}) => ({ signatureValid: true, valid: true, ...extra });
const rejected = (reason) => ({
  signatureValid: reason === 'invalid_json' || reason === 'invalid_payload',
  valid: false,
  reason,
});

const t0 = NOW - 5;
const good = v1(SECRET_A, t0, compact);

/** [name, description, { body, secrets, header, expected }] */
const cases = [
  [
    'valid_single_signature',
    'One v1 signature over the exact body, signed 5 s ago.',
    { header: `t=${t0},v1=${good}`, expected: valid() },
  ],
  [
    'valid_utf8_multibyte_body',
    'Body with multi-byte UTF-8 characters: the MAC covers the UTF-8 bytes, not UTF-16 code units or Latin-1.',
    { body: multibyte, header: `t=${t0},v1=${v1(SECRET_A, t0, multibyte)}`, expected: valid() },
  ],
  [
    'valid_pretty_printed_body',
    'Indented JSON with a trailing newline, verified byte for byte as received.',
    { body: pretty, header: `t=${t0},v1=${v1(SECRET_A, t0, pretty)}`, expected: valid() },
  ],
  [
    'valid_at_past_tolerance_edge',
    'Signed exactly 300 s ago: inside the window (the bound is inclusive).',
    { header: `t=${NOW - TOLERANCE},v1=${v1(SECRET_A, NOW - TOLERANCE, compact)}`, expected: valid() },
  ],
  [
    'valid_at_future_tolerance_edge',
    'Signed 300 s in the future (receiver clock behind): inside the symmetric window.',
    { header: `t=${NOW + TOLERANCE},v1=${v1(SECRET_A, NOW + TOLERANCE, compact)}`, expected: valid() },
  ],
  [
    'stale_timestamp',
    'Correct signature made 301 s ago: outside the window (replay or long delay).',
    {
      header: `t=${NOW - 301},v1=${v1(SECRET_A, NOW - 301, compact)}`,
      expected: rejected('timestamp_outside_tolerance'),
    },
  ],
  [
    'stale_timestamp_one_day',
    'Correct signature made a day ago.',
    {
      header: `t=${NOW - 86400},v1=${v1(SECRET_A, NOW - 86400, compact)}`,
      expected: rejected('timestamp_outside_tolerance'),
    },
  ],
  [
    'future_timestamp',
    'Correct signature dated 301 s in the future: the window is symmetric.',
    {
      header: `t=${NOW + 301},v1=${v1(SECRET_A, NOW + 301, compact)}`,
      expected: rejected('timestamp_outside_tolerance'),
    },
  ],
  [
    'timestamp_in_milliseconds',
    'A signer that put milliseconds in t (signature otherwise correct for that t).',
    {
      header: `t=${t0 * 1000},v1=${v1(SECRET_A, t0 * 1000, compact)}`,
      expected: rejected('timestamp_outside_tolerance'),
    },
  ],
  [
    'tampered_body',
    'One character of the body changed after signing.',
    { body: tampered, header: `t=${t0},v1=${good}`, expected: rejected('signature_mismatch') },
  ],
  [
    'reserialised_body',
    'Signed over indented JSON; the receiver verified JSON.stringify(JSON.parse(body)) instead of the raw bytes.',
    { body: reserialised, header: `t=${t0},v1=${v1(SECRET_A, t0, pretty)}`, expected: rejected('signature_mismatch') },
  ],
  [
    'trailing_newline_added',
    'A newline appended to the body after signing.',
    {
      body: Buffer.concat([compact, Buffer.from('\n')]),
      header: `t=${t0},v1=${good}`,
      expected: rejected('signature_mismatch'),
    },
  ],
  [
    'timestamp_changed_after_signing',
    'The attacker moves t (still inside the window); t is part of the signed content.',
    { header: `t=${t0 + 1},v1=${good}`, expected: rejected('signature_mismatch') },
  ],
  [
    'wrong_secret',
    "Signed with another endpoint's secret.",
    { header: `t=${t0},v1=${v1(SECRET_B, t0, compact)}`, expected: rejected('signature_mismatch') },
  ],
  [
    'secret_without_prefix',
    'Signed with the secret minus its "whsec_" prefix; the whole string is the key.',
    {
      header: `t=${t0},v1=${v1(SECRET_A.slice('whsec_'.length), t0, compact)}`,
      expected: rejected('signature_mismatch'),
    },
  ],
  [
    'missing_period_separator',
    'Signed over `<t><body>` without the period.',
    {
      header: `t=${t0},v1=${createHmac('sha256', SECRET_A).update(`${t0}`).update(compact).digest('hex')}`,
      expected: rejected('signature_mismatch'),
    },
  ],
  [
    'rotation_second_secret_matches',
    'The receiver holds two secrets during a rotation; the second one signed.',
    { secrets: [SECRET_B, SECRET_A], header: `t=${t0},v1=${good}`, expected: valid() },
  ],
  [
    'several_v1_second_matches',
    'Two v1 entries (old and new secret); the receiver knows only the new one, which signed the second.',
    { header: `t=${t0},v1=${v1(SECRET_B, t0, compact)},v1=${good}`, expected: valid() },
  ],
  [
    'several_v1_none_match',
    "Two v1 entries, neither made with the receiver's secret.",
    {
      header: `t=${t0},v1=${v1(SECRET_B, t0, compact)},v1=${v1(SECRET_B, t0, tampered)}`,
      expected: rejected('signature_mismatch'),
    },
  ],
  [
    'unknown_versions_ignored',
    'Entries of unknown versions (v0, v2) around a valid v1 are ignored.',
    { header: `t=${t0},v0=deadbeef,v1=${good},v2=${'ab'.repeat(32)}`, expected: valid() },
  ],
  [
    'only_unknown_version',
    'A header with only a future version: nothing this verifier can check.',
    { header: `t=${t0},v2=${good}`, expected: rejected('no_supported_signature') },
  ],
  ['entries_reordered', 't after v1.', { header: `v1=${good},t=${t0}`, expected: valid() }],
  [
    'whitespace_around_entries',
    'Spaces around entries are trimmed.',
    { header: `  t=${t0} ,  v1=${good}  `, expected: valid() },
  ],
  [
    'whitespace_around_equals',
    'Spaces around "=" are trimmed.',
    { header: `t = ${t0}, v1 = ${good}`, expected: valid() },
  ],
  [
    'uppercase_hex',
    'v1 is lowercase hex by definition; an uppercase spelling does not match.',
    { header: `t=${t0},v1=${good.toUpperCase()}`, expected: rejected('signature_mismatch') },
  ],
  [
    'truncated_signature',
    'v1 one hex digit short.',
    { header: `t=${t0},v1=${good.slice(0, 63)}`, expected: rejected('signature_mismatch') },
  ],
  ['empty_v1', 'v1 with no value.', { header: `t=${t0},v1=`, expected: rejected('signature_mismatch') }],
  ['missing_header', 'No Zest-Signature header at all (null).', { header: null, expected: rejected('missing_header') }],
  ['empty_header', 'An empty header value.', { header: '', expected: rejected('missing_header') }],
  ['blank_header', 'A header of spaces only.', { header: '   ', expected: rejected('missing_header') }],
  ['no_timestamp', 'v1 without t.', { header: `v1=${good}`, expected: rejected('malformed_header') }],
  [
    'non_numeric_timestamp',
    't is not a number.',
    { header: `t=abc,v1=${good}`, expected: rejected('malformed_header') },
  ],
  ['negative_timestamp', 't with a sign.', { header: `t=-${t0},v1=${good}`, expected: rejected('malformed_header') }],
  [
    'fractional_timestamp',
    't with a fraction.',
    { header: `t=${t0}.5,v1=${good}`, expected: rejected('malformed_header') },
  ],
  [
    'duplicate_timestamp',
    'Two t entries.',
    { header: `t=${t0},t=${t0},v1=${good}`, expected: rejected('malformed_header') },
  ],
  ['entry_without_equals', 'An entry with no "=".', { header: `t=${t0},v1`, expected: rejected('malformed_header') }],
  [
    'trailing_comma',
    'A stray comma leaves an empty entry.',
    { header: `t=${t0},v1=${good},`, expected: rejected('malformed_header') },
  ],
  [
    'standard_webhooks_format',
    'A Standard Webhooks style value ("v1,<base64>") is not a Zest-Signature.',
    { header: `v1,${Buffer.from(good, 'hex').toString('base64')}`, expected: rejected('malformed_header') },
  ],
  [
    'body_not_json',
    'Correctly signed body that is not JSON: the signature is valid, the event is not.',
    (() => {
      const body = Buffer.from('not json');
      return { body, header: `t=${t0},v1=${v1(SECRET_A, t0, body)}`, expected: rejected('invalid_json') };
    })(),
  ],
  [
    'body_not_utf8',
    'Correctly signed bytes that are not UTF-8 (payloadBase64 only).',
    (() => {
      const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
      return { body, header: `t=${t0},v1=${v1(SECRET_A, t0, body)}`, expected: rejected('invalid_json') };
    })(),
  ],
  [
    'empty_body',
    'Correctly signed empty body.',
    (() => {
      const body = Buffer.alloc(0);
      return { body, header: `t=${t0},v1=${v1(SECRET_A, t0, body)}`, expected: rejected('invalid_json') };
    })(),
  ],
  [
    'json_not_an_object',
    'Correctly signed JSON array: not an event envelope.',
    (() => {
      const body = Buffer.from('[1,2,3]');
      return { body, header: `t=${t0},v1=${v1(SECRET_A, t0, body)}`, expected: rejected('invalid_payload') };
    })(),
  ],
  [
    'envelope_without_event_id',
    'Correctly signed object lacking eventId.',
    (() => {
      const { eventId: _omitted, ...rest } = envelope('investor.created', { vector: 'no event id' });
      const body = Buffer.from(JSON.stringify(rest));
      return { body, header: `t=${t0},v1=${v1(SECRET_A, t0, body)}`, expected: rejected('invalid_payload') };
    })(),
  ],
];

function isUtf8(bytes) {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const vectors = cases.map(([name, description, c]) => {
  const body = c.body ?? compact;
  return {
    name,
    description,
    secrets: c.secrets ?? [SECRET_A],
    ...(isUtf8(body) ? { payload: body.toString('utf8') } : {}),
    payloadBase64: body.toString('base64'),
    signatureHeader: c.header,
    now: NOW,
    toleranceSeconds: TOLERANCE,
    expected: c.expected,
  };
});

const names = new Set(vectors.map((v) => v.name));
if (names.size !== vectors.length) throw new Error('duplicate vector name');

const document = {
  $comment: 'Generated by packages/auth/scripts/generate-vectors.mjs with node:crypto; do not edit by hand.',
  description:
    'Zest-Signature verification cases. Payloads carry the event envelope (eventId, eventType, occurredAt, data) ' +
    'but their data is a fixture, not a schema-valid event body. Secrets are fake test values.',
  scheme: {
    header: 'Zest-Signature',
    format: 't=<unix seconds>,v1=<lowercase hex>[,v1=<lowercase hex>...][,<other version>=<value>...]',
    signedContent: '<t as sent>.<raw body bytes>',
    mac: 'HMAC-SHA256, keyed with the whole whsec_… secret as UTF-8 bytes',
    toleranceSeconds: TOLERANCE,
    checkOrder: [
      'missing_header',
      'malformed_header / no_supported_signature',
      'timestamp_outside_tolerance',
      'signature_mismatch',
      'invalid_json',
      'invalid_payload',
    ],
  },
  fields: {
    secrets: "the receiver's secrets; a delivery is valid if any of them produced any v1 entry",
    payload: 'the body as UTF-8 text (absent when the bytes are not UTF-8)',
    payloadBase64: 'the exact body bytes',
    signatureHeader: 'the Zest-Signature value as received (null: header absent)',
    now: "the receiver's clock, unix seconds",
    'expected.signatureValid': 'result of signature verification alone',
    'expected.valid': 'result of full verification (signature, then JSON, then the envelope shape)',
    'expected.reason': 'the rejection reason when not valid',
  },
  vectors,
};

const text = `${JSON.stringify(document, null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {}
  if (current !== text) {
    console.error(`${OUT} is stale: run node scripts/generate-vectors.mjs`);
    process.exit(1);
  }
  console.log(`${vectors.length} vectors up to date`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${vectors.length} vectors to ${OUT}`);
}
