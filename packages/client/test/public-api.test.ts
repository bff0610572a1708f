// Pins the runtime exports of each entry point. A new export is a decision about the public surface (it needs a
// changeset and a README line), so adding one means editing this list on purpose. Helpers such as the retry backoff
// or the content sniffer are tested from their own modules, never through the index.
import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import * as node from '../src/node.js';

describe('public runtime exports', () => {
  it('"." exports the client factory, the environments, the error classes and the upload limits', () => {
    expect(Object.keys(main).sort()).toEqual([
      'TokenExchangeError',
      'UnsupportedKeyError',
      'ZestApiError',
      'ZestError',
      'ZestNetworkError',
      'ZestTimeoutError',
      'ZestUploadError',
      'createZestClient',
      'environments',
      'uploadLimits',
    ]);
  });

  it('"./node" exports only the file reader', () => {
    expect(Object.keys(node)).toEqual(['fileFromPath']);
  });
});
