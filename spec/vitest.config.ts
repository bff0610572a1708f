import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each suite shells out to the Redocly CLI or oasdiff once; on a 2-core CI machine that can take a few seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
