import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const jsxRuntime = fileURLToPath(new URL('./src/http/jsx/jsx-runtime.ts', import.meta.url));
const alias = { 'motcua/jsx-runtime': jsxRuntime, 'motcua/jsx-dev-runtime': jsxRuntime };
// Integration tests run once per database engine, so the same SQL is proven on both.
const integration = (engine: 'pglite' | 'postgres') => ({
  resolve: { alias },
  test: {
    name: `integration-${engine}`,
    include: ['test/integration/**/*.test.ts'],
    env: { MOTCUA_TEST_DB: engine },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default'],
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'] } },
      integration('pglite'),
      integration('postgres'),
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
