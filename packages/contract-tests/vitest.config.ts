import { defineConfig } from 'vitest/config';

// Each file starts real servers (the sandbox in-process, Prism as a child process); keep them in separate workers but
// bounded so two cores are not oversubscribed.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
