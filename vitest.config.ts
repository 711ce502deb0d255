// Test runner configuration: real Temporal and PGlite started once by the global setup; files run side by side,
// each with a task-queue prefix of its own (test/support/file-prefix.ts) on the one Temporal server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/file-prefix.ts'],
    // One file at a time by default: on two cores, render-heavy files side by side overran their timeouts. Files are
    // isolated by their prefixes all the same, so KLARTEXT_TEST_FILES_AT_ONCE=2 (or more cores) runs them side by side.
    maxWorkers: Number(process.env.KLARTEXT_TEST_FILES_AT_ONCE) || 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
