/** Shared test helpers: backend contract suites, seeded inputs, oracle finite differences. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core's Node bundle does not register gradients; tests (not the library) register them for autodiff.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng } from '@limit/core';
import { expect } from 'vitest';

/** Backends every suite runs on. */
export const backends = ['cpu', 'wasm'] as const;

/** Switches to `name` and fails loudly when tfjs silently fell back to another backend. */
export async function useBackend(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`backend ${name} unavailable (got ${tf.getBackend()})`);
}

/** Seeded N(0, σ²) matrix as nested arrays, rounded to float32 so tensors hold exactly these values. */
export function randomMatrix(seed: number, rows: number, cols: number, sigma = 1): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.fround(rng.normal() * sigma)));
}

/** Seeded token tensor `[n, t, dim]` as nested arrays. */
export function randomTokens(seed: number, n: number, t: number, dim: number): number[][][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: t }, () => Array.from({ length: dim }, () => Math.fround(rng.normal() * 0.5))),
  );
}

/** Element-wise |a − b| ≤ atol + rtol·|b| over nested arrays / numbers. */
export function expectClose(actual: unknown, expected: unknown, atol = 1e-5, rtol = 1e-5): void {
  const a = flatten(actual);
  const b = flatten(expected);
  expect(a.length).toBe(b.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < a.length; i++) {
    const excess = Math.abs(a[i]! - b[i]!) - (atol + rtol * Math.abs(b[i]!));
    if (!(excess <= worst) || Number.isNaN(a[i]!)) {
      worst = Number.isNaN(excess) ? Infinity : excess;
      worstAt = i;
    }
  }
  if (worstAt >= 0) {
    expect.fail(`mismatch at flat index ${worstAt}: got ${a[worstAt]}, expected ${b[worstAt]} (atol ${atol}, rtol ${rtol})`);
  }
}

function flatten(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (x instanceof tf.Tensor) return Array.from(x.dataSync());
  if (ArrayBuffer.isView(x)) return Array.from(x as Float32Array);
  return (x as unknown[]).flatMap((y) => flatten(y));
}

/**
 * Central finite differences (float64, h = 1e-6) of a scalar oracle function with respect to one of its
 * nested-array arguments.
 */
export function finiteDifference<T>(f: (x: T) => number, x: T, h = 1e-6): unknown {
  const clone = (v: unknown): unknown => (Array.isArray(v) ? v.map(clone) : v);
  const walk = (v: unknown, path: number[]): unknown =>
    Array.isArray(v)
      ? v.map((y, i) => walk(y, [...path, i]))
      : (() => {
          const at = (delta: number) => {
            const copy = clone(x) as unknown[];
            let node = copy as unknown[];
            for (let k = 0; k < path.length - 1; k++) node = node[path[k]!] as unknown[];
            node[path[path.length - 1]!] = (v as number) + delta;
            return f(copy as T);
          };
          return (at(h) - at(-h)) / (2 * h);
        })();
  return walk(x, []);
}

/** Runs `f` and asserts that it leaves `tf.memory().numTensors` unchanged (also when it throws). */
export function expectNoLeak(f: () => unknown): void {
  const before = tf.memory().numTensors;
  try {
    const out = f();
    tf.dispose(out as tf.TensorContainer);
  } catch {
    // the error itself is asserted elsewhere; here only the tensor count matters
  }
  expect(tf.memory().numTensors).toBe(before);
}

/** Asserts that `f` throws a limit error of class `name` naming `parameter`. */
export function expectLimitError(f: () => unknown, name: 'InvalidArgumentError' | 'ShapeMismatchError', parameter: string): void {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an error').toBeDefined();
  expect((caught as Error).name).toBe(name);
  expect((caught as { parameter: string }).parameter).toBe(parameter);
  expect(tf.memory().numTensors, 'tensors leaked by the failing call').toBe(before);
}
