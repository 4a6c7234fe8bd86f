import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // SwiftShader compiles and runs the kernels on the CPU, on a shared 2-core machine: generous
    // limits that only catch hangs
    testTimeout: 240_000,
    hookTimeout: 120_000,
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
