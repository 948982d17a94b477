import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.e2e.test.ts'],
    // Hang guards, not assertions of speed: browser tests share two cores with everything else in CI.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
