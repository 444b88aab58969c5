import { defineConfig } from 'vitest/config';

// Seeding the demo world twice writes a year of quarters for six homes: about four minutes on a busy two-core machine.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 60_000 } });
