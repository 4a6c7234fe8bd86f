import { availableParallelism } from 'node:os';
import { assertInteger, assertKnownOptions, assertOneOf } from '@limit/core';
import { loadNativeKernels } from './load-native-kernels.js';
import type { InstructionSet } from './native-step-engine.js';

/** Options of {@link measureGemmPeak}. */
export interface GemmPeakOptions {
  /** Matrix size s (C = A·B with s × s float32 matrices), an integer in [16, 8192]; default 2048. */
  readonly size?: number;
  /** Threads, an integer in [1, 256]; default: the CPUs this process may use. */
  readonly threads?: number;
  /** Timed repetitions after one warm-up run (the best is reported), integer in [1, 100]; default 3. */
  readonly repeats?: number;
  /** Instruction set, default `'auto'`. */
  readonly instructionSet?: InstructionSet;
}

/**
 * Measures this machine's float32 matrix-multiply throughput with the native kernel's blocked SGEMM
 * (packed panels, a 6 × 16 register tile, the same instruction set and thread pool as the step engine):
 * GFLOP/s = 2·s³ / seconds of the fastest of `repeats` runs. The "peak" yardstick beside numpy's
 * float32 matmul when judging how close a step engine gets to the machine's GEMM throughput.
 * Blocks the calling thread for the measurement (≈ 0.1–1 s at s = 2048).
 *
 * @param options - size (default 2048), threads (default: available CPUs), repeats (default 3), instructionSet.
 * @returns GFLOP/s (10⁹ floating-point operations per second).
 * @throws InvalidArgumentError for a bad or unknown option.
 * @throws BackendUnavailableError when the native kernel does not load here.
 * @example
 * ```ts
 * const peak = measureGemmPeak({ size: 2048, threads: 2 });
 * console.log(`${peak.toFixed(0)} GFLOP/s`);
 * ```
 */
export function measureGemmPeak(options: GemmPeakOptions = {}): number {
  assertKnownOptions('options', options, ['size', 'threads', 'repeats', 'instructionSet']);
  const size = assertInteger('options.size', options.size ?? 2048, { min: 16, max: 8192 });
  const threads = assertInteger('options.threads', options.threads ?? availableParallelism(), { min: 1, max: 256 });
  const repeats = assertInteger('options.repeats', options.repeats ?? 3, { min: 1, max: 100 });
  const isa = assertOneOf('options.instructionSet', options.instructionSet ?? 'auto', ['auto', 'avx2', 'generic']);
  return loadNativeKernels().measureGemm(size, threads, repeats, isa);
}
