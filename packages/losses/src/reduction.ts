import * as tf from '@tensorflow/tfjs-core';
import { assertOneOf } from '@limit/core';

/**
 * How a loss reduces its per-example values: `'mean'` (default) averages over the batch, `'sum'` adds
 * them up, `'none'` returns the per-example vector (shape `[batch]`).
 */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * The options shape that selects a scalar loss: reduction `'mean'` (the default) or `'sum'`. Losses
 * overload on it, so `optimizer.minimize(() => infoNce(q, d, r))` type-checks without a cast.
 */
export interface ScalarReduction {
  reduction?: 'mean' | 'sum';
}

/** The options shape that selects the per-example loss vector `[batch]` (reduction `'none'`). */
export interface PerExampleReduction {
  reduction: 'none';
}

/** The allowed {@link Reduction} values. */
export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/**
 * Validates a reduction option (default `'mean'`).
 *
 * @throws InvalidArgumentError when `value` is not one of `'mean' | 'sum' | 'none'`.
 * @internal
 */
export function parseReduction(value: unknown, parameter = 'options.reduction'): Reduction {
  return value === undefined ? 'mean' : assertOneOf(parameter, value, REDUCTIONS);
}

/**
 * Applies a reduction to a per-example loss vector.
 * @internal
 */
export function reduceLoss(perExample: tf.Tensor1D, reduction: Reduction): tf.Scalar | tf.Tensor1D {
  if (reduction === 'none') return perExample;
  return reduction === 'sum' ? tf.sum(perExample) : tf.mean(perExample);
}
