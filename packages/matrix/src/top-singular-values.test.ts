import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { createRng, InvalidArgumentError } from '@limit/core';
import { topSingularValues } from './top-singular-values.js';
import { subsetSignOperator } from './subset-sign-operator.js';
import { svd } from './svd.js';
import { subsetSignMatrix } from './subset-sign-matrix.js';
import { subsetSignMatrixSpectrum } from './subset-sign-matrix-spectrum.js';

/** m × n matrix with singular values 100·0.7^i (a decaying spectrum), built from random orthonormal factors. */
function decayingMatrix(m: number, n: number, seed: number) {
  const rng = createRng(seed);
  const G1 = svd({ rows: m, cols: n, data: rng.fillNormal(new Float64Array(m * n)) });
  const p = Math.min(m, n);
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += G1.U.data[i * p + k]! * 100 * 0.7 ** k * G1.V.data[j * p + k]!;
      data[i * n + j] = s;
    }
  return { rows: m, cols: n, data };
}

describe.each(['cpu', 'wasm'])('topSingularValues on the %s backend', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    await tf.ready();
  });

  it('matches the exact float64 SVD on a 300 × 120 matrix with a decaying spectrum', async () => {
    const a = decayingMatrix(300, 120, 5);
    const exact = svd(a).S;
    const before = tf.memory().numTensors;
    const { values, V, backend: used } = await topSingularValues(a, 5, { powerIterations: 3, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(used).toBe(backend);
    for (let i = 0; i < 5; i++) expect(Math.abs(values[i]! - exact[i]!) / exact[i]!).toBeLessThan(1e-4);
    expect([V.rows, V.cols]).toEqual([120, 5]);
  });

  it('works on a wide tensor input and on a rank-deficient matrix', async () => {
    const rng = createRng(9);
    const left = rng.fillNormal(new Float64Array(40 * 3));
    const right = rng.fillNormal(new Float64Array(3 * 200));
    const data = new Float64Array(40 * 200);
    for (let i = 0; i < 40; i++) for (let k = 0; k < 3; k++) for (let j = 0; j < 200; j++) data[i * 200 + j] = data[i * 200 + j]! + left[i * 3 + k]! * right[k * 200 + j]!;
    const exact = svd({ rows: 40, cols: 200, data }).S;
    const t = tf.tensor2d(Float32Array.from(data), [40, 200]);
    const before = tf.memory().numTensors;
    const { values } = await topSingularValues(t, 4);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    for (let i = 0; i < 3; i++) expect(Math.abs(values[i]! - exact[i]!) / exact[i]!).toBeLessThan(1e-4);
    expect(values[3]! / values[0]!).toBeLessThan(1e-4);
  });

  it('subsetSignOperator products equal dense products (k = 2 and 3)', async () => {
    for (const [n, k] of [[9, 2], [8, 3]] as const) {
      const op = subsetSignOperator(n, k);
      const dense = subsetSignMatrix(n, k);
      const M = tf.tensor2d(dense.data, [dense.rows, dense.cols]);
      const X = tf.tensor2d(createRng(4).normals(n * 3), [n, 3]);
      const Y = tf.tensor2d(createRng(5).normals(dense.rows * 3), [dense.rows, 3]);
      const pairs = [
        [op.matMul(X), tf.matMul(M, X)],
        [op.transposeMatMul(Y), tf.matMul(M, Y, true, false)],
      ] as const;
      for (const [a, b] of pairs) {
        const [va, vb] = [await a.data(), await b.data()];
        expect(va.length).toBe(vb.length);
        for (let i = 0; i < va.length; i++) expect(va[i]!).toBeCloseTo(vb[i]!, 4);
        a.dispose();
        b.dispose();
      }
      tf.dispose([M, X, Y]);
      op.dispose();
    }
  });

  it('structured all-pairs operator agrees with the dense matrix and the closed form', async () => {
    const n = 40;
    const op = subsetSignOperator(n, 2);
    const dense = subsetSignMatrix(n, 2);
    const before = tf.memory().numTensors;
    const fromOp = await topSingularValues(op, 2, { seed: 3 });
    const fromDense = await topSingularValues(dense, 2, { seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    op.dispose();
    const closed = subsetSignMatrixSpectrum(n, 2);
    expect(Math.abs(fromOp.values[0]! - closed.sigmaOnes) / closed.sigmaOnes).toBeLessThan(1e-5);
    expect(Math.abs(fromDense.values[0]! - closed.sigmaOnes) / closed.sigmaOnes).toBeLessThan(1e-5);
    expect(Math.abs(fromOp.values[1]! - closed.sigmaRest) / closed.sigmaRest).toBeLessThan(1e-4);
  });
});

describe('topSingularValues arguments', () => {
  it('rejects r outside [1, min(rows, cols)] and bad matrices', async () => {
    await expect(topSingularValues([[1, 2], [3, 4]], 3)).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e) && (e as InvalidArgumentError).parameter === 'r');
    await expect(topSingularValues([[1, 2], [3, 4]], 0)).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e));
    const bad = { rows: 1, cols: 2, data: new Float32Array([1, Number.NaN]) };
    await expect(topSingularValues(bad, 1)).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e) && (e as InvalidArgumentError).parameter === 'matrix');
    await expect(topSingularValues([[1, Number.NaN]], 1)).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e) && (e as InvalidArgumentError).parameter === 'matrix');
  });
});
