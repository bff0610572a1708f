import { defineConfig } from 'vitest/config';

// Each suite starts its own sandbox on a free loopback port; running the files one after the other keeps the
// fault schedule, the token clock and the webhook timings from competing for the two cores with each other.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
