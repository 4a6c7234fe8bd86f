/**
 * What a training loop relies on: typed results, typed errors for ragged / non-numeric arrays and unknown
 * options, `validate: false` skipping every device→host read, and a missing gradient reported with its fix.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EngineStateError, InvalidArgumentError } from '@limit/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends, expectClose, expectLimitError, randomMatrix, randomTokens, useBackend } from '../test/helpers.js';
import { hingeLoss } from './hinge-loss.js';
import { infoNce } from './info-nce.js';
import { infoNceValueAndGradients } from './info-nce-value-and-gradients.js';
import { logisticLoss } from './logistic-loss.js';
import { marginMse } from './margin-mse.js';
import { matryoshka } from './matryoshka.js';
import { maxSim } from './max-sim.js';
import { maxSimInfoNce } from './max-sim-info-nce.js';
import { tripletLoss } from './triplet-loss.js';
import { dotSimilarity } from './dot-similarity.js';

const Q = randomMatrix(71, 4, 3);
const C = randomMatrix(72, 4, 3);
const EYE = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];

describe.each(backends)('training contract on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('types: scalar reductions are tf.Scalar, reduction none is tf.Tensor1D (checked by tsc on this file)', () => {
    const s: tf.Scalar = infoNce(Q, C, EYE);
    const v: tf.Tensor1D = infoNce(Q, C, EYE, { reduction: 'none' });
    const h: tf.Scalar = hingeLoss(Q, C, C, { reduction: 'sum' });
    const t: tf.Tensor1D = tripletLoss(Q, C, C, { reduction: 'none' });
    const l: tf.Scalar = logisticLoss(Q, C, C);
    const m: tf.Tensor1D = marginMse(Q, C, C, [1, 2, 3, 4], { reduction: 'none' });
    const x: tf.Scalar = maxSimInfoNce(randomTokens(1, 2, 2, 3), randomTokens(2, 2, 2, 3), [[1, 0], [0, 1]]);
    expect([s.rank, v.shape, h.rank, t.shape, l.rank, m.shape, x.rank]).toEqual([0, [4], 0, [4], 0, [4], 0]);
    // the 'none' vector averages to the 'mean' scalar
    expectClose(tf.mean(v), s);
    tf.dispose([s, v, h, t, l, m, x]);
    const opt = tf.train.sgd(0.1);
    const qv = tf.variable(tf.tensor2d(Q));
    const before = infoNce(qv, C, EYE).dataSync()[0]!;
    for (let i = 0; i < 5; i++) opt.minimize(() => infoNce(qv, C, EYE));
    const { value, grads } = tf.variableGrads(() => tripletLoss(qv, C, tf.neg(tf.tensor2d(Q))));
    expect(value.rank).toBe(0);
    expect(Object.keys(grads)).toContain(qv.name);
    expect(infoNce(qv, C, EYE).dataSync()[0]!).toBeLessThan(before);
    tf.dispose([value, ...Object.values(grads), qv]);
    opt.dispose();
  });

  it('ragged nested arrays throw ShapeMismatchError naming the parameter; non-numeric entries InvalidArgumentError', () => {
    expectLimitError(() => tripletLoss([[0, 0], [1]], [[1, 0], [0, 1]], [[3, 0], [0, 3]]), 'ShapeMismatchError', 'anchor');
    expectLimitError(() => infoNce(Q, [[1, 2, 3], [1, 2]], EYE), 'ShapeMismatchError', 'candidates');
    expectLimitError(() => infoNce(Q, C, [[1, 0, 0, 0], [0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]]), 'ShapeMismatchError', 'relevance');
    expectLimitError(() => hingeLoss([[1, '2']], [[1, 2]], [[1, 2]]), 'InvalidArgumentError', 'queries[0][1]');
    expectLimitError(() => marginMse([[1, 2]], [[1, 2]], [[1, 2]], [null as unknown as number]), 'InvalidArgumentError', 'teacherMargins[0]');
    expectLimitError(() => maxSim([[[1, 0]], [[1]]], [[[1, 0]]]), 'ShapeMismatchError', 'queryTokens');
    expectLimitError(() => dotSimilarity([[1, 0], 5], [[1, 0]]), 'ShapeMismatchError', 'a');
    try {
      tripletLoss([[0, 0], [1]], [[1, 0], [0, 1]], [[3, 0], [0, 3]]);
    } catch (e) {
      expect((e as Error).message).toContain('anchor[1] has 1 entries but anchor[0] has 2');
    }
  });

  it('unknown option keys throw InvalidArgumentError, with the temperature = 1/scale hint for scale', () => {
    let caught: unknown;
    try {
      infoNce(Q, C, EYE, { scale: 20 } as never);
    } catch (e) {
      caught = e;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    expect((caught as InvalidArgumentError).parameter).toBe('options.scale');
    expect((caught as Error).message).toContain('unknown option scale (temperature = 1/scale');
    expectLimitError(() => tripletLoss(Q, C, C, { marg: 1 } as never), 'InvalidArgumentError', 'options.marg');
    expectLimitError(() => hingeLoss(Q, C, C, { reduce: 'sum' } as never), 'InvalidArgumentError', 'options.reduce');
    expectLimitError(() => logisticLoss(Q, C, C, { temperature: 0.1 } as never), 'InvalidArgumentError', 'options.temperature');
    expectLimitError(() => marginMse(Q, C, C, [1, 2, 3, 4], { margin: 1 } as never), 'InvalidArgumentError', 'options.margin');
    expectLimitError(() => maxSim(randomTokens(1, 1, 1, 2), randomTokens(2, 1, 1, 2), { mask: 1 } as never), 'InvalidArgumentError', 'options.mask');
    expectLimitError(() => maxSimInfoNce(randomTokens(1, 1, 1, 2), randomTokens(2, 1, 1, 2), [[1]], { scale: 1 } as never), 'InvalidArgumentError', 'options.scale');
    expectLimitError(() => infoNceValueAndGradients(Q, C, EYE, { scale: 1 } as never), 'InvalidArgumentError', 'options.scale');
    expect(() => matryoshka((a) => tf.sum(a), [2], { weight: [1] } as never)).toThrow(/unknown option weight/);
  });

  it('validate: false gives the same value and reads nothing back from the device (tensor path)', () => {
    const reads = countReads(() => {
      const out = infoNce(Q, C, EYE, { validate: false, fused: false });
      tf.dispose(out);
    });
    expect(reads).toBe(0);
    const withChecks = countReads(() => tf.dispose(infoNce(Q, C, EYE, { fused: false })));
    expect(withChecks).toBeGreaterThan(0); // the counter is live: the default path does read back
    expectClose(infoNce(Q, C, EYE, { validate: false }), infoNce(Q, C, EYE));
    for (const f of [
      () => tripletLoss(Q, C, C, { validate: false }),
      () => hingeLoss(Q, C, C, { validate: false }),
      () => logisticLoss(Q, C, C, { validate: false }),
      () => marginMse(Q, C, C, [1, 2, 3, 4], { validate: false }),
      () => maxSimInfoNce(randomTokens(1, 2, 2, 3), randomTokens(2, 2, 2, 3), [[1, 0], [0, 1]], { validate: false }),
    ]) {
      expect(countReads(() => tf.dispose(f()))).toBe(0);
    }
    // without validation a row without positives is not caught by a read-back (the caller opted out)
    expectLimitError(() => infoNce(Q, C, [[0, 0, 0, 0], ...EYE.slice(1)]), 'InvalidArgumentError', 'relevance');
  });
});

describe('a missing gradient inside a loss names the fix', () => {
  beforeAll(() => useBackend('cpu'));
  const removed: tf.GradConfig[] = [];
  const unregister = (...kernels: string[]) => {
    for (const k of kernels) {
      const config = tf.getGradient(k);
      if (config === undefined) throw new Error(`no gradient registered for ${k} in the test set-up`);
      removed.push(config);
      tf.unregisterGradient(k);
    }
  };
  afterEach(() => {
    while (removed.length > 0) tf.registerGradient(removed.pop()!);
  });

  it('tripletLoss under tf.grad throws EngineStateError naming the kernel and `import \'@tensorflow/tfjs\'`', () => {
    unregister('Sqrt');
    let caught: unknown;
    try {
      tf.grad((a: tf.Tensor) => tripletLoss(a, C, Q))(tf.tensor2d(Q));
    } catch (e) {
      caught = e;
    }
    expect(EngineStateError.isInstance(caught)).toBe(true);
    expect((caught as EngineStateError).state).toBe('missing-gradient');
    expect((caught as Error).message).toMatch(/tripletLoss: tfjs has no gradient registered for Sqrt/);
    expect((caught as Error).message).toContain("import '@tensorflow/tfjs';");
    // (no tensor-count check: tfjs keeps the tensors it saved for backprop whenever anything throws inside tf.grad)
    // the forward pass alone (no tape) still works
    tf.dispose(tripletLoss(Q, C, Q));
  });

  it('ops off the path from the embeddings (input checks, relevance) do not trigger it', () => {
    unregister('Min', 'ArgMin', 'Cast', 'Sum');
    // fused dot-product InfoNCE has its own gradient: still differentiable
    const g = tf.grad((q: tf.Tensor) => infoNce(q, C, EYE))(tf.tensor2d(Q));
    expect(g.shape).toEqual([4, 3]);
    g.dispose();
    // but autodiff through Sum is reported
    expect(() => tf.grad((q: tf.Tensor) => infoNce(q, C, EYE, { fused: false }))(tf.tensor2d(Q))).toThrow(/gradient registered for .*Sum/);
  });
});

/** Counts device→host reads (`dataSync`, `data`, `arraySync`, `array`) made while `f` runs. */
function countReads(f: () => void): number {
  const proto = tf.Tensor.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ['dataSync', 'data', 'arraySync', 'array'] as const;
  const originals = names.map((n) => proto[n]!);
  let count = 0;
  names.forEach((n, i) => {
    proto[n] = function (this: unknown, ...args: unknown[]) {
      count++;
      return originals[i]!.apply(this, args);
    };
  });
  try {
    f();
  } finally {
    names.forEach((n, i) => (proto[n] = originals[i]!));
  }
  return count;
}
