/** A parameter or gradient: a flat typed array (a matrix is its row-major data). */
export type FloatArray = Float32Array | Float64Array;

/**
 * Parameters that share settings, as PyTorch's parameter groups: e.g. an embedding table and weight
 * matrices with weight decay, biases without (`{ parameters: [b1, b2], weightDecay: 0 }`).
 */
export interface ParameterGroup {
  /** The arrays the optimiser updates in place. */
  readonly parameters: readonly FloatArray[];
  /** This group's weight decay, overriding the optimiser's. */
  readonly weightDecay?: number;
}

/**
 * What an optimiser is given: arrays (one group with the optimiser's settings) and/or groups. The
 * optimiser's parameter order, which `step`'s gradients follow, is the order of the arrays, groups
 * flattened in place.
 */
export type OptimizerParameters = readonly (FloatArray | ParameterGroup)[];

/**
 * A first-order optimiser over typed arrays: `step(gradients)` updates every parameter in place from
 * its gradient (∂loss/∂parameter, same length), keeping its state (moments, momentum) per parameter.
 * The arithmetic is float64; results are stored in each parameter's own array type (as PyTorch keeps a
 * parameter's state in its dtype, float32 parameters keep float32 state).
 *
 * A step checks every gradient before it changes anything: a wrong count or length is a
 * `ShapeMismatchError`, a NaN or ±Infinity entry a `ConvergenceError` naming the step, and in both cases
 * the parameters and the state are left exactly as they were.
 *
 * @example
 * ```ts
 * const w = new Float64Array([1, -2]);
 * const optimizer = adamW([w], { learningRate: 0.1, weightDecay: 0.01 });
 * optimizer.step([new Float64Array([0.5, -0.5])]);
 * optimizer.learningRate = 0.01; // schedules and the learning-rate finder set it between steps
 * ```
 */
export interface Optimizer {
  /** `'sgd'`, `'adam'` or `'adamw'`. */
  readonly name: string;
  /** The learning rate of the next step (> 0); settable between steps. */
  learningRate: number;
  /** Steps taken since creation or the last {@link Optimizer.reset}. */
  readonly stepCount: number;
  /** The parameters, in `step`'s order. */
  readonly parameters: readonly FloatArray[];
  /**
   * One update of every parameter from its gradient.
   *
   * @param gradients - one array per parameter, in the optimiser's order, each of its parameter's length.
   * @throws ShapeMismatchError for a wrong number or length of gradients; ConvergenceError for a
   *   non-finite gradient entry (nothing is updated in either case).
   */
  step(gradients: readonly FloatArray[]): void;
  /** Forgets the state (moments, momentum) and the step count; the parameters keep their values. */
  reset(): void;
}
