import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Files start their own broker (openssl, mosquitto); with the rest of the suite on two cores that takes a while.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
