import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A hang guard, not a speed bound: some tests run a script over the whole tree on a shared machine.
    testTimeout: 60_000,
  },
});
