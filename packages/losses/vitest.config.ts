import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // generous: CI runs every package's tests at once on 2 cores; the limit only catches hangs
    testTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Test files share one tfjs module instance instead of re-importing tfjs and re-instantiating the wasm
    // backend per file (most of this suite's time); every suite selects its backend in beforeAll.
    isolate: false,
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
