import * as tf from '@tensorflow/tfjs-core';

/**
 * Row-wise soft-target cross-entropy on a logit matrix, the shared core of the InfoNCE losses.
 *
 * For row i with relevance weights r_i (P_i = Σ_j r_ij > 0) and label smoothing ε, the target is
 * t_ij = (1 − ε)·r_ij / P_i + ε / n, and the row loss is −Σ_j t_ij log softmax(l_i)_j
 * = logsumexp(l_i) − Σ_j t_ij l_ij. Rows with P_i = 0 get loss 0 and are flagged invalid.
 *
 * Everything is written with differentiable ops, so autodiff through it is the reference gradient.
 */
export function rowCrossEntropy(
  logits: tf.Tensor2D,
  relevance: tf.Tensor2D,
  labelSmoothing: number,
): { perRow: tf.Tensor1D; valid: tf.Tensor1D; targets: tf.Tensor2D } {
  const n = logits.shape[1];
  const p = tf.sum(relevance, 1, true); // [r, 1]
  const valid = tf.cast(tf.greater(p, 0), 'float32'); // [r, 1]
  const safeP = tf.maximum(p, 1e-30);
  let targets = tf.div(relevance, safeP) as tf.Tensor2D;
  if (labelSmoothing > 0) {
    targets = tf.add(tf.mul(targets, 1 - labelSmoothing), tf.mul(valid, labelSmoothing / n)) as tf.Tensor2D;
  }
  const lse = tf.logSumExp(logits, 1, true); // [r, 1]
  const perRow = tf.reshape(tf.mul(tf.sub(lse, tf.sum(tf.mul(targets, logits), 1, true)), valid), [-1]) as tf.Tensor1D;
  return { perRow, valid: tf.reshape(valid, [-1]) as tf.Tensor1D, targets };
}

/**
 * dL/dlogits of {@link rowCrossEntropy} for per-row upstream weights w (shape [r, 1] or scalar):
 * (softmax(l_i) − t_i)·w_i on valid rows, 0 elsewhere.
 */
export function rowCrossEntropyGradient(
  logits: tf.Tensor2D,
  targets: tf.Tensor2D,
  valid: tf.Tensor1D,
  rowWeights: tf.Tensor,
): tf.Tensor2D {
  const w = tf.mul(tf.reshape(valid, [-1, 1]), rowWeights.rank === 1 ? tf.reshape(rowWeights, [-1, 1]) : rowWeights);
  return tf.mul(tf.sub(tf.softmax(logits), targets), w) as tf.Tensor2D;
}
