import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The CLI tests start node twice; under a loaded `pnpm test` that can take longer than vitest's 5 s default.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
