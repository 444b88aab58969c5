import tsconfigPaths from 'vite-tsconfig-paths';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    hookTimeout: 120_000,
    // The portal as production runs it: React's production build renders the pages (its development build, picked
    // by any other NODE_ENV, renders them a third slower and checks what production never checks).
    env: { NODE_ENV: 'production' },
    // Each file starts its own database and servers; two at a time suit a 2-core machine.
    fileParallelism: true,
    maxWorkers: 2,
    // The files of a worker share its imports (the portal's build, the services, the app's server code), which each
    // file imported anew before: about a quarter of the suite's CPU time. They share nothing else: every file starts
    // and closes its own database, Redis prefix, servers and browser.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'portal',
          include: ['app/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          // a whole flow in Chromium; while the rest of the suite shares the two cores it can take twice as long
          testTimeout: 90_000,
        },
      },
    ],
  },
});
