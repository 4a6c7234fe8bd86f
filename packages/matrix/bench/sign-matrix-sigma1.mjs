// σ₁ of the 2A − 1 sign matrix of all pairs of 600 documents (179,700 × 600) with
// topSingularValues on the tfjs cpu backend, through the general dense-tensor path and through the
// structured operator; checked against the closed form. Run after `pnpm build`:
//   node bench/sign-matrix-sigma1.mjs [n] [backend]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { subsetSignMatrix, subsetSignMatrixSpectrum } from '../dist/index.js';
import { subsetSignOperator, topSingularValues } from '../dist/tfjs.js';

const n = Number(process.argv[2] ?? 600);
const backend = process.argv[3] ?? 'cpu';
await tf.setBackend(backend);
await tf.ready();
const exact = subsetSignMatrixSpectrum(n, 2);
const options = { oversampling: Number(process.env.P ?? 5), powerIterations: Number(process.env.Q ?? 1), seed: 0 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const report = (label, seconds, value) =>
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s  σ₁ = ${value.toFixed(4)}  rel. err ${(Math.abs(value - exact.spectralNorm) / exact.spectralNorm).toExponential(1)}`);

console.log(`backend ${tf.getBackend()}, n = ${n}: ${exact.queries} × ${n}; closed form σ₁ = ${exact.spectralNorm.toFixed(4)}`);
// general path: materialise the dense float32 matrix and hand it over as a tensor
{
  const times = [];
  let value = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const m = subsetSignMatrix(n, 2);
    const t = tf.tensor2d(m.data, [m.rows, m.cols]);
    const { values } = await topSingularValues(t, 1, options);
    t.dispose();
    times.push((performance.now() - t0) / 1000);
    value = values[0];
  }
  report('dense tensor (build + upload + sketch), median', median(times), value);
}
// structured path: never materialised
{
  const times = [];
  let value = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const op = subsetSignOperator(n, 2);
    const { values } = await topSingularValues(op, 1, options);
    op.dispose();
    times.push((performance.now() - t0) / 1000);
    value = values[0];
  }
  report('structured operator, median', median(times), value);
}
console.log(`tensors left: ${tf.memory().numTensors}`);
