import * as tf from '@tensorflow/tfjs-core';
import { parseBoolean } from './info-nce-checks.js';
import { assertFiniteResult } from './tensor-input.js';
import { assertGradientsRegistered } from './gradient-check.js';

/** Validates the `validate` option (default true). */
export function parseValidate(value: unknown): boolean {
  return parseBoolean(value, true, 'options.validate');
}

/**
 * The common tail of every loss, inside its tidy scope: with `validate`, reads the result back once
 * and names the input holding NaN/Infinity; under a gradient tape, checks every recorded op between
 * `sources` (the arguments as passed) and `value` has a registered gradient (see
 * {@link assertGradientsRegistered}); returns `value`.
 */
export function finishLoss<T extends tf.Tensor>(
  loss: string,
  value: T,
  mark: number,
  validate: boolean,
  inputs: Record<string, tf.Tensor | undefined>,
  sources: readonly unknown[],
): T {
  if (validate) assertFiniteResult(value, inputs);
  assertGradientsRegistered(loss, mark, value, sources);
  return value;
}
