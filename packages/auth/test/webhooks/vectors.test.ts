import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, verifyWebhookSignature, WebhookVerificationError } from '../../src/index.js';
import { payloadBytes, type SignatureVector, vectors } from '../helpers/vectors.js';

async function outcome(run: () => Promise<unknown>): Promise<{ valid: boolean; reason?: string }> {
  try {
    await run();
    return { valid: true };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return { valid: false, reason: error.reason };
  }
}

function options(vector: SignatureVector, payload: Uint8Array | string) {
  return {
    payload,
    signatureHeader: vector.signatureHeader,
    secret: vector.secrets,
    toleranceSeconds: vector.toleranceSeconds,
    now: vector.now * 1000,
  };
}

const signatureExpectation = (v: SignatureVector) =>
  v.expected.signatureValid ? { valid: true } : { valid: false, reason: v.expected.reason };
const fullExpectation = (v: SignatureVector) =>
  v.expected.valid ? { valid: true } : { valid: false, reason: v.expected.reason };

describe('shared webhook signature vectors', () => {
  it('cover the required categories', () => {
    const reasons = new Set(vectors.map((v) => v.expected.reason));
    for (const reason of [
      'missing_header',
      'malformed_header',
      'timestamp_outside_tolerance',
      'signature_mismatch',
      'invalid_json',
      'invalid_payload',
    ]) {
      expect(reasons).toContain(reason);
    }
    const names = vectors.map((v) => v.name);
    for (const name of [
      'valid_single_signature',
      'tampered_body',
      'wrong_secret',
      'stale_timestamp',
      'future_timestamp',
      'several_v1_second_matches',
      'unknown_versions_ignored',
      'whitespace_around_entries',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('are what the independent node:crypto generator writes (committed file not stale)', () => {
    const script = fileURLToPath(new URL('../../scripts/generate-vectors.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toMatch(/up to date/);
  });

  describe.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    it('verifyWebhook over the raw bytes', async () => {
      expect(await outcome(() => verifyWebhook(options(vector, payloadBytes(vector))))).toEqual(
        fullExpectation(vector),
      );
    });

    it('verifyWebhookSignature over the raw bytes', async () => {
      expect(await outcome(() => verifyWebhookSignature(options(vector, payloadBytes(vector))))).toEqual(
        signatureExpectation(vector),
      );
    });

    // Bodies that are not UTF-8 have no text form; every other vector also runs with the body as a string.
    if (vector.payload !== undefined) {
      it('verifyWebhook over the body text', async () => {
        expect(await outcome(() => verifyWebhook(options(vector, vector.payload!)))).toEqual(fullExpectation(vector));
      });
    }
  });
});
