import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // CI runs every package's tests at once on 2 cores; the limit only catches hangs
    testTimeout: 120_000,
  },
});
