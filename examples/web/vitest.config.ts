import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one real browser; training runs in it — generous, but each wait below has its own tighter bound
    testTimeout: 240_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
