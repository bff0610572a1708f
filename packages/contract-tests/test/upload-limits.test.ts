// The upload check probes the limits its spec states (x-zest-max-bytes, encoding.file.contentType), not numbers of
// its own: against the same sandbox it passes or fails depending only on the spec it was given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadSpec, runContractTests } from '../src/index.js';
import { type SandboxTarget, startSandboxTarget } from './helpers.js';

const FORMS = '/v1/spvs/{spvSlug}/subscription/{personId}/forms';
const fileSchema = (doc: OpenApiDocument) => doc.components.schemas.SubscriptionFormUpload.properties.file;
const formMedia = (doc: OpenApiDocument) => doc.paths[FORMS].post.requestBody.content['multipart/form-data'];
const formOperation = (doc: OpenApiDocument) =>
  listOperations(doc as Parameters<typeof listOperations>[0]).find(
    (op) => op.operationId === 'uploadSubscriptionForm',
  )!;

// The tests reach into the document to break it on purpose, so they read it untyped.
type OpenApiDocument = Record<string, any>;

let spec: OpenApiDocument;
beforeAll(async () => {
  spec = await loadSpec();
});

describe('upload limits', () => {
  it("are the spec's x-zest-max-bytes and encoding content types", () => {
    expect(formOperation(spec).upload).toEqual({
      fileField: 'file',
      maxBytes: fileSchema(spec)['x-zest-max-bytes'],
      contentTypes: formMedia(spec)
        .encoding.file.contentType.split(',')
        .map((t: string) => t.trim()),
    });
  });

  it.each([
    [
      'no x-zest-max-bytes',
      (doc: OpenApiDocument) => delete fileSchema(doc)['x-zest-max-bytes'],
      /uploadSubscriptionForm .*needs x-zest-max-bytes/,
    ],
    [
      'no encoding.file.contentType',
      (doc: OpenApiDocument) => delete formMedia(doc).encoding,
      /needs encoding\.file\.contentType/,
    ],
  ])('fail loudly when the spec has %s', (_name, mutate, message) => {
    const broken = structuredClone(spec);
    mutate(broken);
    expect(() => formOperation(broken).upload).toThrow(message);
  });

  describe('against the sandbox (bundled limits)', () => {
    let target: SandboxTarget;
    let dir: string;
    beforeAll(async () => {
      target = await startSandboxTarget();
      dir = mkdtempSync(join(tmpdir(), 'zest-ct-limits-'));
    });
    afterAll(async () => {
      await target.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const runWith = async (doc: OpenApiDocument) => {
      const specPath = join(dir, `${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(specPath, JSON.stringify(doc));
      const report = await runContractTests(target.options({ specPath, only: ['uploads.order-and-limits'] }));
      return report.checks.find((c) => c.id === 'uploads.order-and-limits')!;
    };

    it('passes with the spec the sandbox serves', async () => {
      const check = await runWith(spec);
      expect(check.status, check.failures.join('\n')).toBe('passed');
    });

    it('fails when its spec states a smaller limit than the server enforces', async () => {
      const smaller = structuredClone(spec);
      fileSchema(smaller)['x-zest-max-bytes'] = 2048;
      const check = await runWith(smaller);
      expect(check.status).toBe('failed');
      expect(check.failures.join('\n')).toMatch(/2049-byte form \(x-zest-max-bytes 2048\)/);
    });
  });
});
