import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // vega and vega-lite are ESM-only; the Node renderer loads them with import() (also from the CJS build)
  external: ['vega', 'vega-lite', '@resvg/resvg-js'],
});
