// Test runner configuration: real Temporal and PGlite started once by the global setup; files run one at a time
// because workflow suites share the product's task-queue names on one Temporal server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
