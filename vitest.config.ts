import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __PKG_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'components/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          globalSetup: ['test/setup/scratchTmp.ts'],
          // A deadline, not a goal: property tests and screen renders take several times longer on a
          // busy 2-core machine than on a quiet one (performance goals live in bench/).
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/scratchTmp.ts', 'test/setup/testbed.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One shared control plane: files run one at a time so they do not race for its nodes.
          fileParallelism: false,
        },
      },
    ],
  },
});
