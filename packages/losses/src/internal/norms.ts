import * as tf from '@tensorflow/tfjs-core';

/** Added under square roots so that distances (and their gradients) stay finite at zero distance. */
export const SQRT_EPSILON = 1e-12;
/** Lower bound on a row norm when normalising, so zero rows do not divide by zero. */
export const NORM_EPSILON = 1e-12;

/** Rows of `x` (last axis) scaled to unit L2 norm: x / max(‖x‖, 1e-12). */
export function l2NormalizeRows<T extends tf.Tensor>(x: T): T {
  const norm = tf.sqrt(tf.sum(tf.square(x), -1, true));
  return tf.div(x, tf.maximum(norm, NORM_EPSILON)) as T;
}
