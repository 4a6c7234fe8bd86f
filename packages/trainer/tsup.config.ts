import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/bullmq.ts', 'src/critical-n-child.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: ['src/index.ts', 'src/node.ts', 'src/bullmq.ts'] },
  sourcemap: true,
  clean: true,
  // import.meta.url in the CommonJS build (the local executor finds its worker script next to itself)
  shims: true,
  target: 'es2022',
});
