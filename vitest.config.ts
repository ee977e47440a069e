import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/** Heavy runs kept apart (see the `load` project). */
const LOAD = ['test/load/**/*.test.ts', 'test/faults/processes.test.ts'];

export default defineConfig({
  test: {
    // One libSQL server (sqld) for the whole run: the workerd suite and the Node suite
    // that exercises a real server both use it.
    globalSetup: ['./test/setup/sqld.ts'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/worker/**', ...LOAD, '**/node_modules/**'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The load and cross-process fault runs, one file at a time after everything else:
        // they push a server (Node, or workerd with sqld) to its limits, and on a two-core
        // machine sharing it with the browser tests measures the neighbours, not renkei.
        test: {
          name: 'load',
          environment: 'node',
          include: LOAD,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 20_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                DATABASE_URL: inject('libsqlUrl'),
                DATA_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
                LINE_CHANNEL_SECRET: 'worker-test-secret',
                LINE_CHANNEL_ACCESS_TOKEN: 'worker-test-token',
                LINE_API_BASE_URL: inject('fakeLineUrl'),
                LINE_DATA_API_BASE_URL: inject('fakeLineUrl'),
              },
            },
          })),
        ],
        test: { name: 'workers', include: ['test/worker/**/*.test.ts'], testTimeout: 30_000 },
      },
    ],
  },
});
