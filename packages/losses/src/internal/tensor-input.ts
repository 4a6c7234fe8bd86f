import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@limit/core';

/** Anything a loss accepts where a tensor is expected: a tensor, or nested arrays / a typed array. */
export type TensorInput = tf.Tensor | tf.TensorLike;

/**
 * Converts `x` to a float32 tensor (inside the caller's tidy scope), checking its rank.
 * Plain arrays are converted with `tf.tensor`; int/bool tensors are cast.
 */
export function toFloatTensor(x: unknown, parameter: string, rank: number): tf.Tensor {
  let t: tf.Tensor;
  if (x instanceof tf.Tensor) {
    t = x;
  } else if (Array.isArray(x) || ArrayBuffer.isView(x) || typeof x === 'number') {
    if (Array.isArray(x)) assertRectangularNumeric(x, parameter);
    try {
      t = tf.tensor(x as tf.TensorLike);
    } catch (cause) {
      throw new InvalidArgumentError({
        parameter,
        value: x,
        message: `${parameter} could not be converted to a tensor (${(cause as Error).message})`,
        cause,
      });
    }
  } else {
    throw new InvalidArgumentError({ parameter, value: x, message: `${parameter} must be a tf.Tensor or a (nested) numeric array` });
  }
  if (t.rank !== rank) {
    throw new ShapeMismatchError({
      parameter,
      expected: new Array<number>(rank).fill(-1),
      actual: t.shape,
      message: `${parameter} must have rank ${rank}, got rank ${t.rank}`,
    });
  }
  return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
}

/**
 * Checks that nested arrays are rectangular and hold only numbers (tfjs itself flattens ragged arrays
 * silently, e.g. `[[0, 0], [1]]` becomes three values). O(size), on the host; tensors skip it.
 *
 * @throws ShapeMismatchError for a ragged array, naming the parameter and the first short/long row.
 * @throws InvalidArgumentError for an entry that is not a number (or a typed array at the innermost level).
 */
export function assertRectangularNumeric(x: readonly unknown[], parameter: string): void {
  const shape: number[] = [];
  const isList = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  for (let level: unknown = x; isList(level); level = level[0]) shape.push(level.length);
  const visit = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number' && typeof node !== 'boolean') {
        throw new InvalidArgumentError({
          parameter: `${parameter}${path}`,
          value: node,
          message: `${parameter}${path} must be a number, got ${isList(node) ? 'an array' : typeof node === 'string' ? `the string ${JSON.stringify(node)}` : String(node)}`,
        });
      }
      return;
    }
    if (!isList(node) || node.length !== shape[depth]) {
      const actual = isList(node) ? node.length : 0;
      throw new ShapeMismatchError({
        parameter,
        expected: shape.slice(0, depth + 1),
        actual: [...shape.slice(0, depth), actual],
        message: `${parameter} is ragged: ${parameter}${path} ${isList(node) ? `has ${actual} entries` : `is ${typeof node === 'number' ? 'a number' : String(node)}`} but ${parameter}${'[0]'.repeat(depth)} has ${shape[depth]} (nested arrays must be rectangular)`,
      });
    }
    for (let i = 0; i < node.length; i++) visit(node[i], depth + 1, `${path}[${i}]`);
  };
  visit(x, 0, '');
}

/** Throws {@link ShapeMismatchError} unless `t.shape` matches `expected` (-1 = any size). */
export function assertShape(t: tf.Tensor, expected: readonly number[], parameter: string, message?: string): void {
  const ok = t.rank === expected.length && expected.every((e, i) => e < 0 || t.shape[i] === e);
  if (!ok) throw new ShapeMismatchError({ parameter, expected, actual: t.shape, ...(message ? { message } : {}) });
}

/** Throws {@link InvalidArgumentError} when the leading (batch) axis of `t` is empty, or any axis is. */
export function assertNonEmpty(t: tf.Tensor, parameter: string): void {
  if (t.size === 0) {
    throw new InvalidArgumentError({
      parameter,
      value: t.shape,
      message: `${parameter} is empty (shape [${t.shape.join(', ')}]); an empty batch has no loss`,
    });
  }
}

/**
 * Reads `result` (one device→host read) and, when it holds NaN or ±Infinity, finds the input that
 * holds NaN/Infinity and throws {@link InvalidArgumentError} naming it. When every input is finite the
 * non-finite result is an overflow of finite inputs and is returned as is.
 */
export function assertFiniteResult(result: tf.Tensor, inputs: Record<string, tf.Tensor | undefined>): void {
  const values = result.dataSync();
  let finite = true;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      finite = false;
      break;
    }
  }
  if (finite) return;
  for (const [parameter, t] of Object.entries(inputs)) {
    if (t === undefined) continue;
    const data = t.dataSync();
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!Number.isFinite(v)) {
        throw new InvalidArgumentError({
          parameter,
          value: v,
          message: `${parameter} contains ${String(v)} at flat index ${i} (shape [${t.shape.join(', ')}])`,
        });
      }
    }
  }
}

/** Runs `f` in a tidy scope and throws typed errors after the scope has released its tensors. */
export function scoped<T extends tf.TensorContainer>(name: string, f: () => T): T {
  return tf.tidy(name, f);
}
