import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One rehearsal: publish, install, then each check in order against what was installed.
    fileParallelism: false,
    // Hang guards, not speed bounds: the install alone can take a minute on a loaded two-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
