import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  // the app runs against the built workspace packages and the installed runtimes
  external: [/^@limit\//, /^@tensorflow\//, 'onnxruntime-node', 'commander', 'bullmq', 'ioredis'],
});
