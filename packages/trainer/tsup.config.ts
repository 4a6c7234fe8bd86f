import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    bullmq: 'src/bullmq.ts',
    // the local executor forks this script, found next to the bundle that imports it
    'critical-n-child': 'src/node/critical-n-child.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', node: 'src/node.ts', bullmq: 'src/bullmq.ts' } },
  sourcemap: true,
  clean: true,
  // import.meta.url in the CommonJS build (the local executor finds its worker script next to itself)
  shims: true,
  target: 'es2022',
});
