import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration suites each start their own docker-registry processes; two cores
    // are all a machine has, so a couple of workers keep them from starving.
    maxWorkers: 2,
    reporters: ['default', './test/harness/summary-reporter.ts'],
  },
});
