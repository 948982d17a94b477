import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.e2e.test.ts'],
    // Hang guards, not assertions of speed: browser tests share two cores with everything else in CI.
    // One throwaway PostgreSQL server for the run, for the office-book tests (test/helpers/postgres.ts).
    globalSetup: ['test/helpers/pg-global.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
