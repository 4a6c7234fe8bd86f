import type { EngineProvider } from '../provider.js';
import { createJsEngine } from './js-engine.js';

/** Side of the square float32 GEMM the js provider times for its peak (a plain loop: 2·384³ flops). */
const PEAK_SIZE = 384;

/**
 * The `js` engine provider: the fused plain-JavaScript loop ({@link createJsEngine}), float32 or
 * float64, every objective and query mode, no dependencies, in Node and browsers. `'auto'` picks it for tiny
 * problems, where every tensor runtime's per-call overhead costs more than the arithmetic.
 */
export const jsProvider: EngineProvider = {
  id: 'js',
  environments: ['node', 'browser'],
  modules: [],
  description: 'fused plain-JavaScript loop per query (float32 or float64): no dependencies, runs anywhere; fastest for tiny n',
  precisions: ['float32', 'float64'],
  objectives: ['infoNce', 'hinge', 'sigmoid'],
  queryModes: ['free', 'centroid'],
  async create(init) {
    return createJsEngine(init);
  },
  async measurePeakGflops() {
    return measureJsGemm(PEAK_SIZE);
  },
};

/** GFLOP/s of a cache-friendly (i, k, j) float32 GEMM in plain JavaScript, best of 3. */
function measureJsGemm(size: number): number {
  const a = new Float32Array(size * size).map((_, i) => ((i * 7919) % 13) / 13 - 0.5);
  const b = new Float32Array(size * size).map((_, i) => ((i * 104729) % 17) / 17 - 0.5);
  const c = new Float32Array(size * size);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    c.fill(0);
    const t0 = performance.now();
    for (let i = 0; i < size; i++) {
      const ci = i * size;
      for (let k = 0; k < size; k++) {
        const aik = a[ci + k]!;
        const bk = k * size;
        for (let j = 0; j < size; j++) c[ci + j] = c[ci + j]! + aik * b[bk + j]!;
      }
    }
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return (2 * size ** 3) / best / 1e9;
}
