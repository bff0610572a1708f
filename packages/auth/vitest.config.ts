import { defineConfig } from 'vitest/config';

// Every portable test runs twice: once on the node:crypto HMAC path, once with Node's built-in modules hidden so
// only Web Crypto is left (what Deno, workers and browsers have). Node glue tests run on Node only.
export default defineConfig({
  test: {
    // A hang guard, not a speed bound: some tests spawn scripts or a browser on a shared machine.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          setupFiles: ['test/setup/node-crypto.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'webcrypto',
          include: ['test/**/*.test.ts'],
          exclude: ['test/node/**', 'test/package/**', 'test/browser/**'],
          setupFiles: ['test/setup/web-crypto-only.ts'],
        },
      },
    ],
  },
});
