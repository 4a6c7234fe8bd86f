import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // generous: CI runs every package's tests at once on 2 cores; the limit only catches hangs
    testTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
