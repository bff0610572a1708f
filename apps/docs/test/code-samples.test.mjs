// The code samples the build injects: one per operation per language, built from the spec's own examples, and the
// TypeScript ones compile against the SDK as built.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { listOperations } from '@zestequity/spec-model';
import { loadSpec } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../src/code-samples/curl.mjs';
import { exampleRequest } from '../src/code-samples/example-request.mjs';
import { withCodeSamples } from '../src/code-samples/index.mjs';
import { SDK_CALLS, SNIPPET_FREE_VARIABLES } from '../src/code-samples/sdk-calls.mjs';
import { typecheck } from '../src/typecheck.mjs';
import { resultsDir } from './helpers.mjs';

const spec = loadSpec();
const { doc, samples, receivers, baseUrl } = withCodeSamples(spec);
const byId = new Map(samples.map((s) => [s.operationId, s]));
const ops = listOperations(spec);

/** Splits a generated curl command the way a POSIX shell would, by asking one. */
function shellWords(command) {
  const out = execFileSync('bash', [
    '-c',
    `set -- ${command.replace(/^curl /, '').replace(/\\\n/g, ' ')}; printf '%s\\0' "$@"`,
  ]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('generated code samples', () => {
  it('covers every operation with curl and the TypeScript SDK, and maps no operation that does not exist', () => {
    const ids = ops.map((o) => o.operationId);
    expect(samples.map((s) => s.operationId)).toEqual(ids);
    expect(Object.keys(SDK_CALLS).sort()).toEqual([...ids].sort());
    for (const { node: operation } of listOperations(doc)) {
      expect(operation['x-codeSamples'].map((s) => s.label)).toEqual(['curl', 'TypeScript SDK']);
    }
  });

  it('calls the local sandbox from the spec servers', () => {
    expect(baseUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(spec.servers.map((s) => s.url)).toContain(baseUrl);
  });

  it.each(ops.map((o) => [o.operationId, o]))('curl for %s sends the spec example, word for word', (id, op) => {
    const ex = exampleRequest(spec, op);
    const words = shellWords(byId.get(id).curl);
    const url = new URL(words[words.indexOf('-X') + 2]);
    expect(words[words.indexOf('-X') + 1]).toBe(op.method.toUpperCase());
    // path parameters filled from their examples
    for (const value of Object.values(ex.path)) expect(url.pathname).toContain(encodeURIComponent(String(value)));
    expect(url.pathname).not.toMatch(/[{}]/);
    for (const [name, value] of Object.entries(ex.query)) expect(url.searchParams.get(name)).toBe(String(value));
    const headers = words.filter((_, i) => words[i - 1] === '-H');
    for (const [name, value] of Object.entries(ex.headers)) expect(headers).toContain(`${name}: ${value}`);
    const bearer = headers.some((h) => h.startsWith('Authorization: Bearer'));
    const security = op.node.security ?? spec.security ?? [];
    expect(bearer).toBe(security.length > 0 && security.every((r) => Object.keys(r).length > 0));
    if (ex.mediaType === 'application/json') {
      expect(JSON.parse(words[words.indexOf('--data') + 1])).toEqual(ex.body);
    } else if (ex.mediaType === 'application/x-www-form-urlencoded') {
      const fields = words.filter((_, i) => words[i - 1] === '--data-urlencode');
      expect(Object.fromEntries(fields.map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]))).toEqual(
        ex.body,
      );
    } else if (ex.mediaType === 'multipart/form-data') {
      const parts = words.filter((_, i) => words[i - 1] === '-F');
      expect(parts.some((p) => /^file=@[\w.-]+\.pdf;type=application\/pdf$/.test(p))).toBe(true);
      for (const [k, v] of Object.entries(ex.body)) if (k !== 'file') expect(parts).toContain(`${k}=${v}`);
    } else {
      expect(words).not.toContain('--data');
    }
  });

  it('quotes shell arguments so any example survives the shell unchanged', () => {
    for (const value of [`it's`, 'a b', '$HOME', '"q"', '`x`', 'back\\slash', '']) {
      expect(execFileSync('bash', ['-c', `printf %s ${shellQuote(value)}`]).toString()).toBe(value);
    }
  });

  it('gives every webhook a receiver sample for its own event type', () => {
    expect(receivers.map((r) => r.eventType).sort()).toEqual(Object.keys(spec.webhooks).sort());
    for (const r of receivers) expect(r.typescript).toContain(`event.eventType !== '${r.eventType}'`);
  });

  it('type-checks every TypeScript SDK and receiver sample against the built packages', async () => {
    const files = Object.fromEntries([
      ...samples.map((s) => [`${s.operationId}.ts`, s.typescript]),
      ...receivers.map((r) => [`${r.operationId}.ts`, r.typescript]),
    ]);
    const ambient = Object.entries(SNIPPET_FREE_VARIABLES)
      .map(([name, type]) => `declare const ${name}: ${type};`)
      .join('\n');
    const { ok, output } = await typecheck(join(resultsDir, 'sdk-samples'), files, ambient);
    expect(output).toBe('');
    expect(ok).toBe(true);
  });

  it('fails the type-check for a helper the SDK does not have (the check can fail)', async () => {
    const broken = samples
      .find((s) => s.operationId === 'getSpvRequest')
      .typescript.replace('spvRequests.get(', 'spvRequests.fetch(');
    const { ok, output } = await typecheck(join(resultsDir, 'sdk-samples-broken'), { 'broken.ts': broken }, '');
    expect(ok).toBe(false);
    expect(output).toMatch(/fetch/);
  });
});
