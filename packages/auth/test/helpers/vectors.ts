import { readFileSync } from 'node:fs';

export interface SignatureVector {
  name: string;
  description: string;
  secrets: string[];
  payload?: string;
  payloadBase64: string;
  signatureHeader: string | null;
  now: number;
  toleranceSeconds: number;
  expected: { signatureValid: boolean; valid: boolean; reason?: string };
}

export const vectorFile = new URL('../../test-vectors/webhook-signatures.json', import.meta.url);

export const vectors: SignatureVector[] = JSON.parse(readFileSync(vectorFile, 'utf8')).vectors;

export function payloadBytes(vector: SignatureVector): Uint8Array {
  return new Uint8Array(Buffer.from(vector.payloadBase64, 'base64'));
}
