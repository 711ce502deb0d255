// Test runner configuration: real Temporal and PGlite started once by the global setup; files run side by side,
// each with a task-queue prefix of its own (test/support/file-prefix.ts) on the one Temporal server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/file-prefix.ts'],
    // Most of a workflow suite's time is waiting (timers, polls, ffmpeg): more files than cores keep both busy.
    // KLARTEXT_TEST_FILES_AT_ONCE sets how many run at once.
    maxWorkers: Number(process.env.KLARTEXT_TEST_FILES_AT_ONCE) || 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
