import { defineConfig } from 'vitest/config';

// The real-browser tests: one file at a time (Chromium is heavy on a 2-core machine).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
