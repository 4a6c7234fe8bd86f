import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@limit/core';
import { assertNonEmpty, toFloatTensor, type TensorInput } from './tensor-input.js';

/** Converts and checks three aligned `[b, d]` embedding batches (query/anchor, positive, negative). */
export function checkTriple(
  a: TensorInput,
  p: TensorInput,
  n: TensorInput,
  names: [string, string, string],
): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  const ta = toFloatTensor(a, names[0], 2) as tf.Tensor2D;
  assertNonEmpty(ta, names[0]);
  const tp = toFloatTensor(p, names[1], 2) as tf.Tensor2D;
  const tn = toFloatTensor(n, names[2], 2) as tf.Tensor2D;
  for (const [t, name] of [
    [tp, names[1]],
    [tn, names[2]],
  ] as const) {
    if (t.shape[0] !== ta.shape[0] || t.shape[1] !== ta.shape[1]) {
      throw new ShapeMismatchError({ parameter: name, expected: ta.shape, actual: t.shape, message: `${name} must match ${names[0]} row for row` });
    }
  }
  return [ta, tp, tn];
}
