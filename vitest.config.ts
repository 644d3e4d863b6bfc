import { defineConfig } from 'vitest/config';

// unit: pure logic, no database. integration: through HTTP on a fresh database per file
// (PGlite by default; PostgreSQL when TEST_DATABASE_URL is set). browser: Chromium journeys.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['src/**/*.unit.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000, // a journey takes 5–45 s alone on this 2-core box; more when it is busy
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
