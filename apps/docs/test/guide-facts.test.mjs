// Facts the guides state in prose and tables, checked against where they really live: the spec for the wire, the
// packages for their defaults and their lists. A number in a sentence does not follow a change by itself; these tests
// make a drifted sentence fail instead of misleading a partner.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uploadLimits } from '@zestequity/partner-api-client';
import { CHECKS } from '@zestequity/partner-api-contract-tests';
import { AUTH_CONSTANTS } from '@zestequity/partner-auth';
import {
  MAX_ATTEMPTS,
  MAX_JSON_ARRAY_ITEMS,
  MAX_JSON_BODY_BYTES,
  MAX_JSON_DEPTH,
  RETRY_DELAYS_SECONDS,
} from '@zestequity/partner-sandbox';
import { listOperations, listWebhooks, resolveRef } from '@zestequity/spec-model';
import { runNode } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { appDir, requireBuiltSite } from './helpers.mjs';

const repoRoot = join(appDir, '..', '..');
const guide = (name) => readFileSync(join(repoRoot, 'docs', `${name}.md`), 'utf8');
const spec = requireBuiltSite();

/** The rows of every Markdown table of a text (header and separator left out), as arrays of trimmed cells. */
function markdownTables(markdown) {
  const tables = [];
  let rows = null;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      rows = null;
      continue;
    }
    if (!rows) {
      rows = [];
      tables.push(rows);
    }
    // Split on pipes that are not escaped (`human\|json` is one cell).
    rows.push(
      line
        .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return tables.map((t) => t.slice(2));
}

/** The first `code` span of a cell ("[`spv_request.created`](ref:…)" -> "spv_request.created"). */
const code = (cell) => /`([^`]+)`/.exec(cell)?.[1];

const NUMBER_WORDS = { seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };

/** "30 seconds, 5 minutes, …" or "30 s, 5 min, …" as seconds. */
function durations(text) {
  const unit = { s: 1, second: 1, min: 60, minute: 60, h: 3600, hour: 3600 };
  return [...text.matchAll(/(\d+) ?(seconds?|minutes?|hours?|min|s|h)\b/g)].map(
    (m) => Number(m[1]) * unit[m[2].replace(/s$/, '') || m[2]],
  );
}

describe('facts in the guides', () => {
  it('counts the contract checks as the suite has them (the probe and coverage rows are not in CHECKS)', () => {
    const stated = /Every\s+check\s+\((\d+) today, the probe and coverage rows included\)/.exec(
      guide('contract-tests'),
    );
    expect(stated, 'contract-tests.md states the number of checks').not.toBeNull();
    expect(Number(stated[1])).toBe(CHECKS.length + 2);
  });

  it('lists every tag of the contract checks in the "What it checks" table, and no other', () => {
    const table = markdownTables(guide('contract-tests')).find((t) => t.some((r) => r[0] === '`system`'));
    const listed = table.flatMap((r) => [...r[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    expect(listed.sort()).toEqual([...new Set([...CHECKS.flatMap((c) => c.tags), 'coverage'])].sort());
  });

  it('names exactly the published packages, and counts them right', () => {
    const text = guide('releasing');
    const published = [];
    for (const dir of ['packages', 'spec', 'apps', 'examples']) {
      const folders = dir === 'spec' ? [''] : readdirSync(join(repoRoot, dir));
      for (const f of folders) {
        const pkg = JSON.parse(readFileSync(join(repoRoot, dir, f, 'package.json'), 'utf8'));
        if (!pkg.private) published.push(pkg.name);
      }
    }
    const table = markdownTables(text).find((t) => t.some((r) => r[0].includes('partner-api-spec')));
    const yes = table.filter((r) => r[1].startsWith('yes')).map((r) => code(r[0]));
    expect(yes.sort()).toEqual(published.sort());
    const counts = [...text.matchAll(/\b(seven|eight|nine|ten|eleven|twelve) (?:above|packages)\b/g)];
    expect(counts.length).toBeGreaterThan(0);
    for (const m of counts) expect(NUMBER_WORDS[m[1]], m[0]).toBe(published.length);
  });

  it('tables the error codes of the spec, and the validation codes', () => {
    const schemas = spec.components.schemas;
    const table = markdownTables(guide('errors')).find((t) => t.some((r) => r[0] === '`invalid_token`'));
    expect(table.map((r) => code(r[0]))).toEqual(schemas.PartnerErrorCode.enum);
    // Each code's status, as the spec's description of the code states it: "`conflict` (409)".
    for (const [cell, status] of table) {
      expect(schemas.PartnerErrorCode.description, cell).toContain(`${cell} (${status})`);
    }
    const listed = /Codes include ([^.]+)\./.exec(guide('errors'))[1];
    expect([...listed.matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual(schemas.ValidationErrorCode.enum);
  });

  it('lists the codes the SDK error classes can carry, as their declarations type them', () => {
    const dts = (pkg) => readFileSync(join(repoRoot, 'packages', pkg, 'dist', 'errors.d.ts'), 'utf8');
    /** The string members of `export type <name> = 'a' | 'b' …;`, comments between the members allowed. */
    const union = (text, name) => {
      // Comments out first: one between the members may hold a `;` of its own.
      const body = new RegExp(`export type ${name} =([\\s\\S]*?);`).exec(text.replace(/\/\*[\s\S]*?\*\//g, ''))[1];
      return [...body.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
    };
    const table = markdownTables(guide('errors')).find((t) => t.some((r) => r[0] === '`ZestUploadError`'));
    const codes = (cls) =>
      [...table.find((r) => r[0] === `\`${cls}\``)[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    expect(codes('ZestUploadError')).toEqual(union(dts('client'), 'ZestUploadErrorReason'));
    expect(codes('UnsupportedKeyError')).toEqual(union(dts('auth'), 'KeyErrorReason'));
  });

  it('tables every webhook event with the data.status its payload carries', () => {
    const table = markdownTables(guide('webhooks')).find((t) => t.some((r) => r[0].includes('investor.created')));
    const rows = new Map(table.map((r) => [code(r[0]), r[2]]));
    const hooks = listWebhooks(spec);
    expect([...rows.keys()]).toEqual(hooks.map((h) => h.path));
    for (const hook of hooks) {
      const media = Object.values(hook.requestBody.content)[0];
      const data = resolveRef(spec, resolveRef(spec, media.schema).properties.data);
      const status = data.properties?.status && resolveRef(spec, data.properties.status).const;
      expect(rows.get(hook.path), hook.path).toBe(status ? `\`${status}\`` : '—');
    }
  });

  it('names, before anything else, every operation the spec lets a caller reach without a token', () => {
    const intro = guide('authentication').split(/^## /m)[0];
    // No requirement at all (`security: []`), or an empty one among the alternatives (`- {}`): a token is optional.
    const anonymous = (security) => security.length === 0 || security.some((s) => Object.keys(s).length === 0);
    const open = listOperations(spec).filter((op) => anonymous(op.node.security ?? spec.security));
    expect(open.map((op) => op.operationId)).toContain('exchangeJwtAssertion');
    for (const op of open) {
      // The contract registry is named as a whole (`/v1/contracts/...`), the others by their path.
      const named = op.path.startsWith('/v1/contracts') ? '/v1/contracts/' : op.path;
      expect(
        intro.includes(named) || (op.operationId === 'exchangeJwtAssertion' && intro.includes('token exchange')),
        op.key,
      ).toBe(true);
    }
  });

  it('says which delivery headers are always sent and which may be missing, as the spec declares them', () => {
    const text = guide('webhooks').replace(/\s+/g, ' ');
    const headers = new Map(listWebhooks(spec).flatMap((h) => h.parameters.map((p) => [p.name, p.required === true])));
    expect([...headers.keys()].sort()).toEqual(['Zest-Event-Id', 'Zest-Event-Type', 'Zest-Signature']);
    // The sentence that introduces each optional header says so; a partner who requires it rejects good deliveries.
    for (const [name, required] of headers) {
      if (required) continue;
      const sentence = text.split(/(?<=\.) /).find((s) => s.includes(`\`${name}\``));
      expect(sentence, name).toMatch(/\bmay\b|\boptional\b/);
    }
  });

  it('gives the webhook retry schedule the sandbox and the spec follow', () => {
    const tag = spec.tags.find((t) => t.name === 'Webhooks').description.replace(/\s+/g, ' ');
    const sentences = [
      /retried (.+?) after the previous/.exec(guide('webhooks').replace(/\s+/g, ' '))[1],
      /retries (.+?) apart/.exec(guide('sandbox').replace(/\s+/g, ' '))[1],
      /retried (.+?) after the previous/.exec(tag)[1],
    ];
    for (const s of sentences) expect(durations(s), s).toEqual(RETRY_DELAYS_SECONDS);
    expect(guide('webhooks')).toMatch(
      new RegExp(`${['', 'one', 'two', 'three', 'four', 'five', 'six'][MAX_ATTEMPTS]} attempts`),
    );
  });

  it('names only options the sandbox and contract-test CLIs have (their --help is the list)', async () => {
    const bin = (pkg, name) => join(repoRoot, 'packages', pkg, 'bin', name);
    const helps = await Promise.all([
      ...[[], ['trigger'], ['deliveries'], ['assertion']].map((sub) =>
        runNode(bin('sandbox', 'zest-sandbox.js'), [...sub, '--help']),
      ),
      runNode(bin('contract-tests', 'zest-contract-tests.js'), ['--help']),
    ]);
    const known = new Set(helps.flatMap((h) => [...h.output.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0])));
    // Options of the other tools these two guides show (curl and npm).
    for (const other of ['--data', '--save-dev']) known.add(other);
    for (const name of ['sandbox', 'contract-tests']) {
      const named = new Set([...guide(name).matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)].map((m) => m[0]));
      expect(
        [...named].filter((flag) => !known.has(flag)),
        `${name}.md`,
      ).toEqual([]);
    }
  });

  it('states the size and shape limits the packages enforce', () => {
    const grouped = (n) => n.toLocaleString('en-US');
    expect(guide('errors')).toContain(`exceeds ${grouped(uploadLimits.maxBytes)} bytes`);
    expect(guide('errors')).toContain(`exceeds ${grouped(MAX_JSON_BODY_BYTES)} bytes`);
    expect(guide('sandbox')).toContain(`at most ${MAX_JSON_DEPTH} levels`);
    expect(guide('sandbox')).toContain(`at most ${grouped(MAX_JSON_ARRAY_ITEMS)} items`);
    expect(guide('authentication')).toContain(
      `${AUTH_CONSTANTS.maxAssertionLifetimeSeconds} the most the auth package allows`,
    );
    expect(guide('webhooks')).toContain(
      `bounded, ${AUTH_CONSTANTS.defaultMaxWebhookBodyBytes / 1024 / 1024} MiB by default`,
    );
  });
});
