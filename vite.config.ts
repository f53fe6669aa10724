import { defineConfig } from 'vitest/config';

// The client apps (client/) are added by the apps issue; until then this config only
// carries the test settings so `vitest` and `vite` share one file.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
