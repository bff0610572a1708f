// One error base: everything this package throws is a ZestError with a string `code`, and a failed token exchange
// names the real cause of a network failure. Node only: it holds a loopback port with a server that resets.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auth from '../../src/index.js';
import { createTokenProvider, TokenExchangeError, ZestError } from '../../src/index.js';
import { describeFailure } from '../../src/internal.js';
import { ed25519 } from '../helpers/keys.js';

let resetting: Server;
let url = '';
beforeAll(async () => {
  resetting = createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
  const address = resetting.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => resetting.close(() => resolve())));

describe('the error base', () => {
  it('is the base of every error class the package exports, each with its code', () => {
    const classes = (Object.entries(auth) as Array<[string, unknown]>).filter(
      (entry): entry is [string, abstract new (...args: never[]) => Error] =>
        typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
    );
    expect(classes.map(([name]) => name).sort()).toEqual([
      'AssertionVerificationError',
      'TokenExchangeError',
      'UnsupportedKeyError',
      'WebhookVerificationError',
      'ZestError',
    ]);
    for (const [name, cls] of classes) if (cls !== ZestError) expect(cls.prototype, name).toBeInstanceOf(ZestError);
  });

  it('gives reason-bearing errors the reason as code', async () => {
    const error = await auth
      .verifyWebhook({ payload: '{}', signatureHeader: '', secret: 'whsec_x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZestError);
    expect(error).toMatchObject({ code: 'missing_header', reason: 'missing_header' });
    let keyError: unknown;
    try {
      createTokenProvider({ baseUrl: url, clientId: 'c', issuer: 'https://i.example', privateKey: 42 as never });
    } catch (e) {
      keyError = e;
    }
    expect(keyError).toBeInstanceOf(ZestError);
    expect(keyError).toMatchObject({ code: 'unsupported_key_type', reason: 'unsupported_key_type' });
  });
});

describe('a token exchange that gets no response', () => {
  it('is a network_error whose message names the reset, from node fetch against a held loopback port', async () => {
    const tokens = createTokenProvider({
      baseUrl: url,
      clientId: 'c',
      issuer: 'https://i.example',
      privateKey: ed25519().privatePem,
    });
    const error = await tokens.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExchangeError);
    expect(error).toMatchObject({ code: 'network_error' });
    expect((error as Error).message).toMatch(/failed before a response: fetch failed \(.*ECONNRESET/);
  });
});

describe('describeFailure', () => {
  it('spells out the chain of causes, including the errors an AggregateError holds', () => {
    const v6 = Object.assign(new Error('connect ECONNREFUSED ::1:443'), { code: 'ECONNREFUSED' });
    const v4 = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const both = Object.assign(new AggregateError([v6, v4], ''), { code: 'ECONNREFUSED' });
    expect(describeFailure(new TypeError('fetch failed', { cause: both }))).toBe(
      'fetch failed (connect ECONNREFUSED ::1:443; connect ECONNREFUSED 127.0.0.1:443)',
    );
    expect(describeFailure('plain')).toBe('plain');
  });
});
