import { InvalidArgumentError, createRng } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { loadNativeKernels } from './load-native-kernels.js';
import { measureGemmPeak } from './measure-gemm-peak.js';

const native = loadNativeKernels();
const ISAS = native.bestInstructionSet() === 'avx2' ? ['avx2', 'generic'] : ['generic'];

describe.each(ISAS)('the blocked SGEMM (%s)', (isa) => {
  it.each([
    [1, 1, 1],
    [7, 19, 5],
    [37, 53, 300], // k > the 256-deep panel, ragged 6 × 16 edge tiles
    [100, 2100, 33], // n > the 2048-wide B block
  ])('equals the triple-loop product for %i × %i (k = %i)', (m, n, k) => {
    const rng = createRng(m * 1000 + n);
    const A = rng.normals(m * k);
    const B = rng.normals(k * n);
    const C = new Float32Array(m * n).fill(Number.NaN);
    native.sgemm(A, B, C, m, n, k, 2, isa);
    let worst = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[i * k + p]! * B[p * n + j]!;
        worst = Math.max(worst, Math.abs(C[i * n + j]! - s) / Math.sqrt(k));
      }
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('measureGemmPeak', () => {
  it('returns a positive, finite GFLOP/s', () => {
    const gflops = measureGemmPeak({ size: 128, threads: 1, repeats: 1 });
    expect(Number.isFinite(gflops) && gflops > 0).toBe(true);
  });

  it('rejects bad and unknown options naming them', () => {
    for (const [options, parameter] of [
      [{ size: 8 }, 'options.size'],
      [{ threads: 0 }, 'options.threads'],
      [{ repeats: 0.5 }, 'options.repeats'],
      [{ instructionSet: 'sse9' }, 'options.instructionSet'],
      [{ n: 1024 }, 'options.n'],
    ] as const) {
      expect(() => measureGemmPeak(options as never)).toThrow(expect.objectContaining({ parameter }));
      try {
        measureGemmPeak(options as never);
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e)).toBe(true);
      }
    }
  });
});
