import { ConvergenceError, InvalidArgumentError, ShapeMismatchError, assertNonNegative, assertPositive } from '@limit/core';
import type { FloatArray, Optimizer, OptimizerParameters, ParameterGroup } from '../optimizer.js';

/** One parameter with its group's weight decay and its own state arrays (same type as the parameter). */
export interface ParameterSlot {
  readonly values: FloatArray;
  readonly weightDecay: number;
  readonly state: FloatArray[];
}

function isFloatArray(value: unknown): value is FloatArray {
  return value instanceof Float32Array || value instanceof Float64Array;
}

/**
 * Flattens arrays and groups into slots, checking every entry: a parameter must be a Float32Array or
 * Float64Array, appear once, and a group's weight decay must be ≥ 0.
 */
export function resolveParameters(parameters: OptimizerParameters, defaultWeightDecay: number, stateArrays: number): ParameterSlot[] {
  if (!Array.isArray(parameters) || parameters.length === 0) {
    throw new InvalidArgumentError({ parameter: 'parameters', value: parameters, message: 'parameters must be a non-empty array of Float32Array / Float64Array or { parameters, weightDecay? } groups' });
  }
  const slots: ParameterSlot[] = [];
  const seen = new Set<FloatArray>();
  const add = (values: unknown, where: string, weightDecay: number) => {
    if (!isFloatArray(values)) {
      throw new InvalidArgumentError({ parameter: where, value: values, message: `${where} must be a Float32Array or Float64Array` });
    }
    if (seen.has(values)) throw new InvalidArgumentError({ parameter: where, value: undefined, message: `${where} is listed twice: each parameter is updated once per step` });
    seen.add(values);
    const make = () => (values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length));
    slots.push({ values, weightDecay, state: Array.from({ length: stateArrays }, make) });
  };
  parameters.forEach((entry, i) => {
    if (isFloatArray(entry)) return add(entry, `parameters[${i}]`, defaultWeightDecay);
    const group = entry as ParameterGroup;
    if (group === null || typeof group !== 'object' || !Array.isArray(group.parameters)) {
      throw new InvalidArgumentError({ parameter: `parameters[${i}]`, value: entry, message: `parameters[${i}] must be a typed array or a { parameters, weightDecay? } group` });
    }
    for (const key of Object.keys(group)) {
      if (key !== 'parameters' && key !== 'weightDecay') {
        throw new InvalidArgumentError({ parameter: `parameters[${i}].${key}`, value: undefined, message: `unknown group option ${key}; valid: parameters, weightDecay` });
      }
    }
    const decay = group.weightDecay === undefined ? defaultWeightDecay : assertNonNegative(`parameters[${i}].weightDecay`, group.weightDecay);
    group.parameters.forEach((values, j) => add(values, `parameters[${i}].parameters[${j}]`, decay));
  });
  return slots;
}

/**
 * The common part of every optimiser here: parameters, learning rate, step count, and the all-or-nothing
 * gradient check; subclasses give the per-element update.
 */
export abstract class TypedArrayOptimizer implements Optimizer {
  abstract readonly name: string;
  readonly parameters: readonly FloatArray[];
  protected readonly slots: readonly ParameterSlot[];
  private rate: number;
  private steps = 0;

  protected constructor(parameters: OptimizerParameters, learningRate: number, weightDecay: number, stateArrays: number) {
    this.rate = assertPositive('learningRate', learningRate);
    this.slots = resolveParameters(parameters, weightDecay, stateArrays);
    this.parameters = this.slots.map((s) => s.values);
  }

  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    this.rate = assertPositive('learningRate', value);
  }

  get stepCount(): number {
    return this.steps;
  }

  step(gradients: readonly FloatArray[]): void {
    const next = this.steps + 1;
    if (!Array.isArray(gradients) || gradients.length !== this.slots.length) {
      const got = Array.isArray(gradients) ? gradients.length : -1;
      throw new ShapeMismatchError({ parameter: 'gradients', expected: [this.slots.length], actual: [got], message: 'one gradient per parameter, in the optimiser\'s order' });
    }
    // check everything first: a bad gradient leaves every parameter and the state untouched
    this.slots.forEach((slot, i) => {
      const g = gradients[i];
      if (!isFloatArray(g)) throw new InvalidArgumentError({ parameter: `gradients[${i}]`, value: g, message: `gradients[${i}] must be a Float32Array or Float64Array` });
      if (g.length !== slot.values.length) {
        throw new ShapeMismatchError({ parameter: `gradients[${i}]`, expected: [slot.values.length], actual: [g.length], message: `the gradient of parameters[${i}] must have its length` });
      }
      for (let j = 0; j < g.length; j++) {
        if (!Number.isFinite(g[j]!)) {
          throw new ConvergenceError({ message: `gradients[${i}][${j}] is ${g[j]} at step ${next}: nothing was updated (lower the learning rate?)`, iteration: next });
        }
      }
    });
    this.steps = next;
    this.slots.forEach((slot, i) => this.update(slot, gradients[i]!, next));
  }

  reset(): void {
    this.steps = 0;
    for (const slot of this.slots) for (const s of slot.state) s.fill(0);
  }

  /** Updates one parameter in place; `t` is the 1-based step number. */
  protected abstract update(slot: ParameterSlot, gradient: FloatArray, t: number): void;
}
