import * as tf from '@tensorflow/tfjs-core';
import { assertFiniteNumber, assertPositive, InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import { assertShape } from './tensor-input.js';

/** Validates a temperature option (finite, > 0). */
export function parseTemperature(value: unknown, fallback: number, parameter = 'options.temperature'): number {
  return value === undefined ? fallback : assertPositive(parameter, value);
}

/** Validates a label-smoothing option in [0, 1). */
export function parseLabelSmoothing(value: unknown, parameter = 'options.labelSmoothing'): number {
  if (value === undefined) return 0;
  const v = assertFiniteNumber(parameter, value);
  if (v < 0 || v >= 1) throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${v}) must be in [0, 1)` });
  return v;
}

/** Validates a boolean option. */
export function parseBoolean(value: unknown, fallback: boolean, parameter: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidArgumentError({ parameter, value, message: `${parameter} must be a boolean` });
  return value;
}

/**
 * Checks relevance `[q, n]`: shape, entries ≥ 0 and every row with at least one positive weight
 * (reads two numbers from the device). NaN is reported as NaN.
 */
export function checkRelevance(relevance: tf.Tensor, rows: number, cols: number, parameter = 'relevance'): void {
  assertShape(relevance, [rows, cols], parameter, `${parameter} must be [queries, candidates] = [${rows}, ${cols}]`);
  const stats = tf.tidy(() =>
    tf.stack([tf.min(relevance), tf.min(tf.sum(relevance, 1)), tf.cast(tf.argMin(tf.sum(relevance, 1)), 'float32')]),
  );
  const [minValue, minRowSum, emptyRow] = stats.dataSync();
  stats.dispose();
  if (Number.isNaN(minValue) || Number.isNaN(minRowSum)) {
    throw new InvalidArgumentError({ parameter, value: NaN, message: `${parameter} contains NaN` });
  }
  if (minValue! < 0) {
    throw new InvalidArgumentError({ parameter, value: minValue, message: `${parameter} has a negative entry (${minValue}); use 0/1 (or non-negative weights)` });
  }
  if (!(minRowSum! > 0)) {
    throw new InvalidArgumentError({
      parameter,
      value: emptyRow,
      message: `${parameter} row ${emptyRow} has no relevant candidate; every query needs at least one positive`,
    });
  }
}

/** Checks a `[q, d]` / `[n, d]` embedding pair shares `d`. */
export function assertSameDim(a: tf.Tensor2D, b: tf.Tensor2D, nameA: string, nameB: string): void {
  if (a.shape[1] !== b.shape[1]) {
    throw new ShapeMismatchError({
      parameter: nameB,
      expected: [-1, a.shape[1]],
      actual: b.shape,
      message: `${nameB} must have the embedding dimension of ${nameA}`,
    });
  }
}
