import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Files set up their own database, broker or servers; with the rest of the suite on two cores that can take a
    // while, so hooks get room (vitest's 10 s default failed whole files) and tests more than the default 5 s.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
