import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The browser suite drives one Chromium; running files in parallel would only fight for the two cores.
    fileParallelism: false,
  },
});
