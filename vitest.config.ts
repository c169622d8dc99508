import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Built once for the whole run: the docs portal and the compiled fakes (test/setup/build-once.ts);
    // then one Prism mock per bundle (test/setup/prism-mocks.ts).
    globalSetup: ['test/setup/build-once.ts', 'test/setup/prism-mocks.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
