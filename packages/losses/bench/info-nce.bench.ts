/**
 * InfoNCE forward + backward at the LIMIT free-embedding size for n = 300, k = 2, d = 16:
 * q = C(300, 2) = 44,850 queries (one per document pair, lexicographic), n = 300 documents, d = 16,
 * temperature 0.1, full batch. Run with `pnpm bench` (numbers in the README; `--outputJson` gives medians). The two slow baselines
 * (the 'tensor' kernel on cpu and autodiff without the fused gradient, 10–90 s per iteration) only run
 * with LIMIT_BENCH_SLOW=1.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng } from '@limit/core';
import { bench, describe } from 'vitest';
import { infoNce } from '../src/info-nce.js';
import { infoNceValueAndGradients } from '../src/info-nce-value-and-gradients.js';

const N = 300;
const D = 16;
const Q = (N * (N - 1)) / 2;

function unitRows(rows: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const data = rng.normals(rows * D);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < D; k++) s += data[i * D + k]! ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let k = 0; k < D; k++) data[i * D + k]! *= inv;
  }
  return data;
}

const queryData = unitRows(Q, 1);
const docData = unitRows(N, 2);
const relevanceData = new Float32Array(Q * N);
for (let a = 0, row = 0; a < N; a++) {
  for (let b = a + 1; b < N; b++, row++) {
    relevanceData[row * N + a] = 1;
    relevanceData[row * N + b] = 1;
  }
}

const options = { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 };
const slow = { iterations: 2, time: 0, warmupIterations: 0, warmupTime: 0 };
const includeSlow = process.env.LIMIT_BENCH_SLOW === '1';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`InfoNCE q=${Q} n=${N} d=${D} on ${backend}`, () => {
    let queries: tf.Tensor2D;
    let docs: tf.Tensor2D;
    let relevance: tf.Tensor2D;
    const setup = async () => {
      await tf.setBackend(backend);
      if (tf.getBackend() !== backend) throw new Error(`backend ${backend} unavailable`);
      tf.disposeVariables();
      queries = tf.tensor2d(queryData, [Q, D]);
      docs = tf.tensor2d(docData, [N, D]);
      relevance = tf.tensor2d(relevanceData, [Q, N]);
    };
    const teardown = () => tf.dispose([queries, docs, relevance]);
    // Async with a macrotask yield after each call: each call blocks for seconds, and without yielding the
    // vitest worker's RPC times out ("Timeout calling onTaskUpdate"). The yield adds < 1 ms.
    const run = (f: () => tf.TensorContainer) => async () => {
      const out = f();
      tf.dispose(out);
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    const valueAndGradients = (kernel: 'auto' | 'js' | 'tensor') =>
      run(() => {
        const r = infoNceValueAndGradients(queries, docs, relevance, { temperature: 0.1, normalizer: 2 * Q, kernel });
        r.loss.dataSync();
        return r as unknown as tf.TensorContainer;
      });
    const viaGrad = (fused: boolean) =>
      run(() => {
        const grads = tf.grads((q: tf.Tensor, d: tf.Tensor) => infoNce(q, d, relevance, { temperature: 0.1, fused }) as tf.Scalar)([queries, docs]);
        grads[0]!.dataSync();
        return grads;
      });
    const hooks = { setup, teardown };

    bench('infoNceValueAndGradients (kernel auto)', valueAndGradients('auto'), { ...options, ...hooks });
    bench("infoNceValueAndGradients (kernel 'js')", valueAndGradients('js'), { ...options, ...hooks });
    if (backend !== 'cpu' || includeSlow) {
      bench("infoNceValueAndGradients (kernel 'tensor')", valueAndGradients('tensor'), { ...(backend === 'cpu' ? slow : options), ...hooks });
    }
    bench('tf.grads(infoNce), fused', viaGrad(true), { ...options, ...hooks });
    if (includeSlow) bench('tf.grads(infoNce), fused=false (autodiff)', viaGrad(false), { ...slow, ...hooks });
  });
}
