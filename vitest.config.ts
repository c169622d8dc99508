import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Prism mock per bundle, started once for the whole run (test/setup/prism-mocks.ts).
    globalSetup: ['test/setup/prism-mocks.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
