/**
 * Values and gradients against an implementation in another language: numpy float64
 * (test/fixtures/make-reference.py → reference.json; gradients by central differences there).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { hingeLoss } from '../src/hinge-loss.js';
import { infoNce } from '../src/info-nce.js';
import { infoNceValueAndGradients } from '../src/info-nce-value-and-gradients.js';
import { logisticLoss } from '../src/logistic-loss.js';
import { maxSim } from '../src/max-sim.js';
import { tripletLoss } from '../src/triplet-loss.js';
import { backends, expectClose, useBackend } from './helpers.js';

type M = number[][];
interface Reference {
  infoNce: { queries: M; candidates: M; relevance: M; temperature: number; value: number; queryGradient: M; candidateGradient: M };
  tripletLoss: Triple;
  hingeLoss: Triple;
  logisticLoss: Triple;
  maxSim: {
    queryTokens: number[][][];
    docTokens: number[][][];
    queryMask: M;
    docMask: M;
    scores: M;
    weights: M;
    queryGradient: number[][][];
    docGradient: number[][][];
  };
}
interface Triple {
  anchor: M;
  positive: M;
  negative: M;
  options: Record<string, number>;
  value: number;
  gradients: [M, M, M];
}

const ref = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8')) as Reference;
const TOL = [1e-5, 1e-5] as const;

describe.each(backends)('numpy reference on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([true, false])('infoNce value and gradients (fused=%s)', (fused) => {
    const { queries, candidates, relevance, temperature } = ref.infoNce;
    const q = tf.tensor2d(queries);
    const c = tf.tensor2d(candidates);
    const f = (x: tf.Tensor, y: tf.Tensor) => infoNce(x, y, relevance, { temperature, fused }) as tf.Scalar;
    expectClose(f(q, c), ref.infoNce.value, ...TOL);
    const [gq, gc] = tf.grads(f)([q, c]);
    expectClose(gq, ref.infoNce.queryGradient, ...TOL);
    expectClose(gc, ref.infoNce.candidateGradient, ...TOL);
    tf.dispose([q, c, gq!, gc!]);
  });

  it('infoNceValueAndGradients with normalizer = number of queries matches the per-query mean', () => {
    // Row-normalising the relevance turns the pair sum into the per-query mean used by the fixture.
    const { queries, candidates, relevance, temperature } = ref.infoNce;
    const normalized = relevance.map((row) => row.map((v) => v / row.reduce((a, b) => a + b, 0)));
    for (const kernel of ['js', 'tensor'] as const) {
      const out = infoNceValueAndGradients(queries, candidates, normalized, { temperature, normalizer: queries.length, kernel });
      expectClose(out.loss, ref.infoNce.value, ...TOL);
      expectClose(out.queryGradient, ref.infoNce.queryGradient, ...TOL);
      expectClose(out.candidateGradient, ref.infoNce.candidateGradient, ...TOL);
      tf.dispose(out as never);
    }
  });

  it.each([
    ['tripletLoss', tripletLoss],
    ['hingeLoss', hingeLoss],
    ['logisticLoss', logisticLoss],
  ] as const)('%s value and gradients', (name, loss) => {
    const r = ref[name];
    const inputs = [tf.tensor2d(r.anchor), tf.tensor2d(r.positive), tf.tensor2d(r.negative)];
    const f = (a: tf.Tensor, p: tf.Tensor, n: tf.Tensor) => loss(a, p, n, r.options) as tf.Scalar;
    expectClose(f(inputs[0]!, inputs[1]!, inputs[2]!), r.value, ...TOL);
    const grads = tf.grads(f)(inputs);
    grads.forEach((g, i) => expectClose(g, r.gradients[i], ...TOL));
    tf.dispose([...inputs, ...grads]);
  });

  it('maxSim scores and gradients (with masks)', () => {
    const r = ref.maxSim;
    const masks = { queryMask: r.queryMask, docMask: r.docMask };
    expectClose(maxSim(r.queryTokens, r.docTokens, masks), r.scores, ...TOL);
    const w = tf.tensor2d(r.weights);
    const q = tf.tensor3d(r.queryTokens);
    const d = tf.tensor3d(r.docTokens);
    const [gq, gd] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(maxSim(x, y, masks), w)) as tf.Scalar)([q, d]);
    expectClose(gq, r.queryGradient, ...TOL);
    expectClose(gd, r.docGradient, ...TOL);
    tf.dispose([w, q, d, gq!, gd!]);
  });
});
